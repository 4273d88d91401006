import type { EmulatorDeps, ResourceModule } from '../../types';
import { documentRoutes } from './documents';
import { listItemRoutes } from './list-items';
import { listRoutes } from './lists';
import { mapItemRoutes } from './map-items';
import { mapRoutes } from './maps';
import { serviceRoutes } from './services';
import { SyncStore } from './store';

/**
 * Twilio Sync v1 on host sync.twilio.com: Services (with the per-account `default` alias), Maps and
 * Map Items, Lists and List Items, Documents. Data is scoped by the authenticated account.
 */
export function createSync(deps: EmulatorDeps): ResourceModule {
  const store = new SyncStore(deps);
  return {
    routes: [
      ...serviceRoutes(store, deps.now),
      ...mapRoutes(store, deps),
      ...mapItemRoutes(store, deps),
      ...listRoutes(store, deps),
      ...listItemRoutes(store, deps),
      ...documentRoutes(store, deps),
    ],
  };
}
