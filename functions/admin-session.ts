// POST /admin-session: the admin's sign-in — password, then a one-time code from Twilio Verify
// when two-factor sign-in is configured — answering a short-lived session token (docs/ADMIN-API.md).
// Public on purpose: it is where credentials are checked (src/admin/session-endpoint.ts).
import type { AdminContext } from '../src/admin/admin-gateway';
import { sessionFunction } from '../src/admin/session-function';
import { functionHandler } from '../src/runtime/function-handler';

export const handler = functionHandler<AdminContext>(sessionFunction);
