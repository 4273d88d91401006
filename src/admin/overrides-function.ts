// Between the runtime and the overrides core, so functions/admin-overrides.ts stays a shell.
import type { ResponseValue } from '../runtime/response-value';
import type { FunctionEventLike } from '../runtime/runtime-request';
import { adminFunction } from './admin-endpoint';
import type { AdminContext } from './admin-gateway';
import { overridesHandler } from './overrides-endpoint';

const handler = overridesHandler();

export function overridesFunction(
  context: AdminContext,
  event: FunctionEventLike,
): Promise<ResponseValue> {
  return adminFunction(context, event, handler);
}
