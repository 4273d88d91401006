// The gateways an admin Function works through, built from the Functions context: the runtime's
// client (main account credentials) with the project's HTTP client, so the emulator switch and the
// timeouts apply, and the Sync service the breaker uses.
import type { Twilio } from 'twilio';
import type { FunctionContextLike } from '../runtime/runtime-request';
import {
  createTwilioGateway,
  createVerifyGateway,
  type TwilioGateway,
  type VerifyGateway,
} from '../twilio/gateway';
import { twilioHttpClient, type HttpClientEnv, type RetryOptions } from '../twilio/http-client';

export interface AdminContext extends FunctionContextLike, HttpClientEnv {
  getTwilioClient(options?: object): unknown;
  [name: string]: unknown;
}

const clientOf = (context: AdminContext, http: RetryOptions) =>
  context.getTwilioClient({ httpClient: twilioHttpClient(context, http) }) as Twilio;

export function adminGateway(context: AdminContext, http: RetryOptions): TwilioGateway {
  const configured = context.SYNC_SERVICE_SID;
  const syncServiceSid =
    typeof configured === 'string' && configured.trim() ? configured.trim() : 'default';
  return createTwilioGateway({ client: clientOf(context, http), syncServiceSid });
}

// Verify answers its own limits with HTTP 429 (60202 too many checks, 60203 too many sends):
// retrying those would only burn the sign-in's seconds, so this client never retries.
const VERIFY_HTTP: RetryOptions = { autoRetry: false, maxRetries: 0, timeoutMs: 4000 };

export function adminVerifyGateway(context: AdminContext): VerifyGateway {
  return createVerifyGateway(clientOf(context, VERIFY_HTTP));
}
