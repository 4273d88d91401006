// POST /breaker: the webhook Twilio's Usage Triggers call. Public on purpose: "protected" would
// check signatures with the parent's token, but subaccounts' triggers are signed with their own.
// The breaker checks every signature itself (src/breaker/verify-delivery.ts).
import type { ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';
import { breakerFunction, type BreakerContext } from '../src/breaker/breaker-function';
import type { FunctionEventLike } from '../src/runtime/runtime-request';
import { toTwilioResponse, type TwilioResponseLike } from '../src/runtime/to-twilio-response';

// A global of the Functions runtime.
declare const Twilio: { Response: new () => TwilioResponseLike };

export const handler: ServerlessFunctionSignature = async (context, event, callback) => {
  // Everything is awaited before callback(): the runtime kills whatever is still pending after it.
  const response = await breakerFunction(
    context as unknown as BreakerContext,
    event as FunctionEventLike,
  );
  callback(null, toTwilioResponse(response, Twilio.Response));
};
