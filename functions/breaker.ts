// POST /breaker: the webhook Twilio's Usage Triggers call. Public on purpose: "protected" would
// check signatures with the parent's token, but subaccounts' triggers are signed with their own.
// The breaker checks every signature itself (src/breaker/delivery/verify-delivery.ts).
import { breakerFunction } from '../src/breaker/breaker-function';
import type { FunctionContext } from '../src/runtime/function-context';
import { functionHandler } from '../src/runtime/function-handler';

export const handler = functionHandler<FunctionContext>(breakerFunction);
