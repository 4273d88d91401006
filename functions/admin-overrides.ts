// GET/POST /admin-overrides: per-subaccount exceptions to the breaker's rules (other values, or
// exempt), kept in Sync. Public visibility on purpose: it checks the admin credentials itself.
import type { ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';
import type { AdminContext } from '../src/admin/admin-gateway';
import { overridesFunction } from '../src/admin/overrides-function';
import type { FunctionEventLike } from '../src/runtime/runtime-request';
import { toTwilioResponse, type TwilioResponseLike } from '../src/runtime/to-twilio-response';

// A global of the Functions runtime.
declare const Twilio: { Response: new () => TwilioResponseLike };

export const handler: ServerlessFunctionSignature = async (context, event, callback) => {
  const response = await overridesFunction(
    context as unknown as AdminContext,
    event as FunctionEventLike,
  );
  callback(null, toTwilioResponse(response, Twilio.Response));
};
