// Between the runtime and the overrides core, so functions/admin-overrides.ts stays a shell.
// Reading and changing overrides needs a person (scope `admin`): API tokens cannot.
import type { ResponseValue } from '../runtime/response-value';
import type { FunctionEventLike } from '../runtime/runtime-request';
import { ADMIN_ACCESS } from './admin-access';
import { adminFunction } from './admin-endpoint';
import type { AdminContext } from './admin-gateway';
import { overridesHandler } from './overrides-endpoint';

const handler = overridesHandler();

export function overridesFunction(
  context: AdminContext,
  event: FunctionEventLike,
): Promise<ResponseValue> {
  return adminFunction(context, event, handler, { access: ADMIN_ACCESS.overrides });
}
