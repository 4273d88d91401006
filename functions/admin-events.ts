// GET /admin-events: the audit list, newest first, filtered and paged; JSON or CSV (docs/ADMIN-API.md).
// Public on purpose: "protected" checks Twilio signatures, which a person's browser cannot make; the
// caller and its scope are checked by the shared admin shell (src/admin/admin-endpoint.ts).
import { ADMIN_ACCESS } from '../src/admin/admin-access';
import { adminFunction } from '../src/admin/admin-endpoint';
import { eventsEndpoint } from '../src/ops/events-endpoint';
import type { FunctionContext } from '../src/runtime/function-context';
import { functionHandler } from '../src/runtime/function-handler';

const endpoint = eventsEndpoint();

export const handler = functionHandler<FunctionContext>((context, event) =>
  adminFunction(context, event, endpoint, { access: ADMIN_ACCESS.events }),
);
