// POST /reconcile: the self-scheduled setup pass. Called by the main account's daily Usage Trigger
// (setup keeps it; docs/SETUP.md, "New subaccounts") and by itself to continue a pass. Public on
// purpose, like the breaker: it checks every request's signature with the main account's token
// itself (src/reconcile/verify-reconcile.ts).
import { reconcileFunction } from '../src/reconcile/reconcile-function';
import type { FunctionContext } from '../src/runtime/function-context';
import { functionHandler } from '../src/runtime/function-handler';

export const handler = functionHandler<FunctionContext>(reconcileFunction);
