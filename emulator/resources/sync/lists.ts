import type { EmulatorDeps, Route } from '../../types';
import { OrderedItems } from './ordered-items';
import type { SyncList, SyncStore } from './store';
import { syncErrors } from './sync-errors';
import { type ObjectKind, objectRoutes, objectUrl, wireIdentity, wireStamps } from './sync-objects';

export const listKind: ObjectKind<SyncList> = {
  segment: 'Lists',
  listKey: 'lists',
  sidPrefix: 'ES',
  ttlParams: ['CollectionTtl', 'Ttl'],
  pick: (service) => service.lists,
  notFound: syncErrors.listNotFound,
  build: (base) => ({ ...base, items: new OrderedItems(), nextIndex: 0 }),
  render: (list) => {
    const url = objectUrl(list, 'Lists');
    return {
      ...wireIdentity(list, 'Lists'),
      links: { items: `${url}/Items`, permissions: `${url}/Permissions` },
      ...wireStamps(list),
    };
  },
};

/** /v1/Services/{ServiceSid}/Lists[/{Sid}]: addressed by SID or unique name. */
export const listRoutes = (store: SyncStore, deps: EmulatorDeps): Route[] =>
  objectRoutes(listKind, store, deps);
