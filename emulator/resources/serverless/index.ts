import type { EmulatorDeps, ResourceModule } from '../../types';
import { environmentRoutes } from './environments';
import { serviceRoutes } from './services';
import { ServerlessStore } from './store';
import { variableRoutes } from './variables';

/**
 * Twilio Serverless v1 on host serverless.twilio.com: Services, their Environments and those
 * Environments' Variables, as `npm run preflight -- --remote` (and `twilio serverless:env:*`) use
 * them. No Functions, Assets, Builds or Deployments: nothing is deployed to the emulator.
 */
export function createServerless(deps: EmulatorDeps): ResourceModule {
  const store = new ServerlessStore(deps);
  return {
    routes: [...serviceRoutes(store), ...environmentRoutes(store), ...variableRoutes(store)],
  };
}
