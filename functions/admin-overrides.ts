// GET/POST /admin-overrides: per-subaccount exceptions to the breaker's rules (other values, or
// exempt), kept in Sync. Public visibility on purpose: it checks the admin credentials itself.
import type { AdminContext } from '../src/admin/admin-gateway';
import { overridesFunction } from '../src/admin/overrides-function';
import { functionHandler } from '../src/runtime/function-handler';

export const handler = functionHandler<AdminContext>(overridesFunction);
