// Between the runtime and the sign-in core, so functions/admin-session.ts stays a shell.
import type { ResponseValue } from '../runtime/response-value';
import type { FunctionEventLike } from '../runtime/runtime-request';
import { adminFunction } from './admin-endpoint';
import type { AdminContext } from './admin-gateway';
import { sessionHandler } from './session-endpoint';

const handler = sessionHandler();

export function sessionFunction(
  context: AdminContext,
  event: FunctionEventLike,
): Promise<ResponseValue> {
  return adminFunction(context, event, handler, { access: 'sign-in' });
}
