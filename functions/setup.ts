// POST /setup: registers and reconciles the breaker's Usage Triggers on every subaccount, a time
// budget at a time (drive it with `npm run setup`). Public visibility on purpose, like every admin
// endpoint: it checks the admin credentials itself (src/admin/admin-auth.ts).
import type { AdminContext } from '../src/admin/admin-gateway';
import { setupFunction } from '../src/setup/setup-function';
import { functionHandler } from '../src/runtime/function-handler';

export const handler = functionHandler<AdminContext>(setupFunction);
