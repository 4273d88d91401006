import type { EmulatorDeps, Route } from '../../types';
import { OrderedItems } from './ordered-items';
import type { SyncList, SyncStore } from './store';
import { syncErrors } from './sync-errors';
import { collectionKind, objectRoutes } from './sync-objects';

export const listKind = collectionKind<SyncList>({
  segment: 'Lists',
  listKey: 'lists',
  sidPrefix: 'ES',
  pick: (service) => service.lists,
  notFound: syncErrors.listNotFound,
  build: (base) => ({ ...base, items: new OrderedItems(), nextIndex: 0 }),
});

/** /v1/Services/{ServiceSid}/Lists[/{Sid}]: addressed by SID or unique name. */
export const listRoutes = (store: SyncStore, deps: EmulatorDeps): Route[] =>
  objectRoutes(listKind, store, deps);
