// POST /admin-session: the admin's sign-in — password, then a one-time code from Twilio Verify
// when two-factor sign-in is configured — answering a short-lived session token (docs/ADMIN-API.md).
// Public on purpose: it is where credentials are checked (src/admin/session-endpoint.ts); the
// shared admin shell runs it without authenticating first ('sign-in').
import { adminFunction } from '../src/admin/admin-endpoint';
import { sessionEndpoint } from '../src/admin/session-endpoint';
import type { FunctionContext } from '../src/runtime/function-context';
import { functionHandler } from '../src/runtime/function-handler';

// One per warm instance: it remembers the instance's wrong codes.
const endpoint = sessionEndpoint();

export const handler = functionHandler<FunctionContext>((context, event) =>
  adminFunction(context, event, endpoint, { access: 'sign-in' }),
);
