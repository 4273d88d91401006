// POST /admin-reactivate: set a suspended subaccount back to active, with operator and reason on record (docs/ADMIN-API.md).
// Public on purpose: "protected" checks Twilio signatures, which a person's browser cannot make; the
// admin credentials are checked by the shared admin shell (src/admin/admin-endpoint.ts).
import type { ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';
import { adminFunction } from '../src/admin/admin-endpoint';
import type { AdminContext } from '../src/admin/admin-gateway';
import { reactivateEndpoint } from '../src/ops/reactivate-endpoint';
import type { FunctionEventLike } from '../src/runtime/runtime-request';
import { toTwilioResponse, type TwilioResponseLike } from '../src/runtime/to-twilio-response';

// A global of the Functions runtime.
declare const Twilio: { Response: new () => TwilioResponseLike };

const endpoint = reactivateEndpoint();

export const handler: ServerlessFunctionSignature = async (context, event, callback) => {
  // Everything is awaited before callback(): the runtime kills whatever is still pending after it.
  const response = await adminFunction(
    context as unknown as AdminContext,
    event as FunctionEventLike,
    endpoint,
  );
  callback(null, toTwilioResponse(response, Twilio.Response));
};
