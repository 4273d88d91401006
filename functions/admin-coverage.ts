// GET /admin-coverage: every subaccount and whether the breaker's triggers are in place (docs/ADMIN-API.md).
// Public on purpose: "protected" checks Twilio signatures, which a person's browser cannot make; the
// caller and its scope are checked by the shared admin shell (src/admin/admin-endpoint.ts).
import { ADMIN_ACCESS } from '../src/admin/admin-access';
import { adminFunction } from '../src/admin/admin-endpoint';
import { coverageEndpoint } from '../src/ops/coverage-endpoint';
import type { FunctionContext } from '../src/runtime/function-context';
import { functionHandler } from '../src/runtime/function-handler';

const endpoint = coverageEndpoint();

export const handler = functionHandler<FunctionContext>((context, event) =>
  adminFunction(context, event, endpoint, { access: ADMIN_ACCESS.coverage }),
);
