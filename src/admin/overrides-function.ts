// Between the runtime and the overrides core, so functions/admin-overrides.ts stays a shell.
import type { ResponseValue } from '../runtime/response-value';
import { toRuntimeRequest, type FunctionEventLike } from '../runtime/runtime-request';
import { syncOverrideStore } from '../setup/overrides';
import { adminGateway, type AdminContext } from './admin-gateway';
import { overridesEndpoint } from './overrides-endpoint';

const HTTP = { autoRetry: true, maxRetries: 3, timeoutMs: 3000 };

export async function overridesFunction(
  context: AdminContext,
  event: FunctionEventLike,
): Promise<ResponseValue> {
  return overridesEndpoint(toRuntimeRequest(context, event, []), {
    env: context,
    services: () => {
      const gateway = adminGateway(context, HTTP);
      return { gateway, overrides: syncOverrideStore(gateway) };
    },
    log: (line) => console.log(line),
  });
}
