// POST /setup: registers and reconciles the breaker's Usage Triggers on every subaccount, a time
// budget at a time (drive it with `npm run setup`). Public visibility on purpose, like every admin
// endpoint: it checks the admin credentials itself (src/admin/admin-auth.ts).
import type { ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';
import type { AdminContext } from '../src/admin/admin-gateway';
import type { FunctionEventLike } from '../src/runtime/runtime-request';
import { toTwilioResponse, type TwilioResponseLike } from '../src/runtime/to-twilio-response';
import { setupFunction } from '../src/setup/setup-function';

// A global of the Functions runtime.
declare const Twilio: { Response: new () => TwilioResponseLike };

export const handler: ServerlessFunctionSignature = async (context, event, callback) => {
  // Everything is awaited before callback(): the runtime kills whatever is still pending after it.
  const response = await setupFunction(
    context as unknown as AdminContext,
    event as FunctionEventLike,
  );
  callback(null, toTwilioResponse(response, Twilio.Response));
};
