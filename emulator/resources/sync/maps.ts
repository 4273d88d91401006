import type { EmulatorDeps, Route } from '../../types';
import { OrderedItems } from './ordered-items';
import type { SyncMap, SyncStore } from './store';
import { syncErrors } from './sync-errors';
import { type ObjectKind, objectRoutes, objectUrl, wireIdentity, wireStamps } from './sync-objects';

export const mapKind: ObjectKind<SyncMap> = {
  segment: 'Maps',
  listKey: 'maps',
  sidPrefix: 'MP',
  ttlParams: ['CollectionTtl', 'Ttl'],
  pick: (service) => service.maps,
  notFound: syncErrors.mapNotFound,
  build: (base) => ({ ...base, items: new OrderedItems() }),
  render: (map) => {
    const url = objectUrl(map, 'Maps');
    return {
      ...wireIdentity(map, 'Maps'),
      links: { items: `${url}/Items`, permissions: `${url}/Permissions` },
      ...wireStamps(map),
    };
  },
};

/** /v1/Services/{ServiceSid}/Maps[/{Sid}]: addressed by SID or unique name. */
export const mapRoutes = (store: SyncStore, deps: EmulatorDeps): Route[] =>
  objectRoutes(mapKind, store, deps);
