// The gateway an admin Function works through, built from the Functions context: the runtime's
// client (main account credentials) with the project's HTTP client, so the emulator switch and the
// timeouts apply, and the Sync service the breaker uses.
import type { Twilio } from 'twilio';
import type { FunctionContextLike } from '../runtime/runtime-request';
import { createTwilioGateway, type TwilioGateway } from '../twilio/gateway';
import { twilioHttpClient, type HttpClientEnv, type RetryOptions } from '../twilio/http-client';

export interface AdminContext extends FunctionContextLike, HttpClientEnv {
  getTwilioClient(options?: object): unknown;
  [name: string]: unknown;
}

export function adminGateway(context: AdminContext, http: RetryOptions): TwilioGateway {
  const client = context.getTwilioClient({ httpClient: twilioHttpClient(context, http) }) as Twilio;
  const configured = context.SYNC_SERVICE_SID;
  const syncServiceSid =
    typeof configured === 'string' && configured.trim() ? configured.trim() : 'default';
  return createTwilioGateway({ client, syncServiceSid });
}
