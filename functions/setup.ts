// POST /setup: registers and reconciles the breaker's Usage Triggers on every subaccount, a time
// budget at a time (drive it with `npm run setup`; docs/SETUP.md).
// Public on purpose: "protected" checks Twilio signatures, which a person's browser cannot make; the
// caller and its scope are checked by the shared admin shell (src/admin/admin-endpoint.ts).
import { ADMIN_ACCESS } from '../src/admin/admin-access';
import { adminFunction } from '../src/admin/admin-endpoint';
import type { FunctionContext } from '../src/runtime/function-context';
import { functionHandler } from '../src/runtime/function-handler';
import { SETUP_HTTP, setupEndpoint } from '../src/setup/setup-endpoint';
import { instanceSetupAudit } from '../src/setup/setup-run-audit';

const endpoint = setupEndpoint({ audit: instanceSetupAudit() });

export const handler = functionHandler<FunctionContext>((context, event) =>
  adminFunction(context, event, endpoint, { access: ADMIN_ACCESS.setup, http: SETUP_HTTP }),
);
