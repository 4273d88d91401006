// The gateways an admin Function works through, built from the Functions context: the runtime's
// client (main account credentials) with the project's HTTP client, so the emulator switch and the
// timeouts apply, and the Sync service the breaker uses.
import { runtimeTwilioClient, type FunctionContext } from '../runtime/function-context';
import {
  createTwilioGateway,
  createVerifyGateway,
  type TwilioGateway,
  type VerifyGateway,
} from '../twilio/gateway';
import type { RetryOptions } from '../twilio/http-client';

export function adminGateway(context: FunctionContext, http: RetryOptions): TwilioGateway {
  const configured = context.SYNC_SERVICE_SID;
  const syncServiceSid =
    typeof configured === 'string' && configured.trim() ? configured.trim() : 'default';
  return createTwilioGateway({ client: runtimeTwilioClient(context, http), syncServiceSid });
}

// Verify answers its own limits with HTTP 429 (60202 too many checks, 60203 too many sends):
// retrying those would only burn the sign-in's seconds, so this client never retries.
const VERIFY_HTTP: RetryOptions = { autoRetry: false, maxRetries: 0, timeoutMs: 4000 };

export function adminVerifyGateway(context: FunctionContext): VerifyGateway {
  return createVerifyGateway(runtimeTwilioClient(context, VERIFY_HTTP));
}
