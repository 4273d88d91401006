import type { EmulatorDeps, Route } from '../../types';
import { OrderedItems } from './ordered-items';
import type { SyncMap, SyncStore } from './store';
import { syncErrors } from './sync-errors';
import { collectionKind, objectRoutes } from './sync-objects';

export const mapKind = collectionKind<SyncMap>({
  segment: 'Maps',
  listKey: 'maps',
  sidPrefix: 'MP',
  pick: (service) => service.maps,
  notFound: syncErrors.mapNotFound,
  build: (base) => ({ ...base, items: new OrderedItems() }),
});

/** /v1/Services/{ServiceSid}/Maps[/{Sid}]: addressed by SID or unique name. */
export const mapRoutes = (store: SyncStore, deps: EmulatorDeps): Route[] =>
  objectRoutes(mapKind, store, deps);
