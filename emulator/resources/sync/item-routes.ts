import { pageV1 } from '../../http/paging';
import type { EmulatorDeps, EmulatorRequest, Route } from '../../types';
import { deleteItem, updateItem, withEtag, type Item } from './item-writes';
import type { OrderedItems } from './ordered-items';
import type { SyncObject, SyncStore } from './store';
import { findObject, type ObjectKind } from './sync-objects';
import { checkSyncPageSize, rangeQuery, syncRoute } from './sync-wire';

/** What differs between Map Items and List Items; the rest of their REST life is shared. */
export interface ItemKind<
  P extends SyncObject & { items: OrderedItems<K, V> },
  K extends string | number,
  V extends Item,
> {
  parent: ObjectKind<P>;
  /** Route parameters naming the parent and the item, e.g. 'MapSid' and 'Key'. */
  parentParam: string;
  itemParam: string;
  /** An item's identity from the path, and from a page query's `From`. */
  parseId(raw: string): K;
  idOf(item: V): K;
  notFound(raw: string): Error;
  revisionMismatch(message: string): Error;
  /** POST to the collection: a Map's create (atomic on its key), a List's append. */
  create(parent: P, req: EmulatorRequest, now: Date): V;
  render(parent: P): (item: V) => object;
}

/** /v1/Services/{ServiceSid}/{Maps|Lists}/{Sid}/Items[/{Id}], in the items' key order. */
export function itemRoutes<
  P extends SyncObject & { items: OrderedItems<K, V> },
  K extends string | number,
  V extends Item,
>(kind: ItemKind<P, K, V>, store: SyncStore, deps: EmulatorDeps): Route[] {
  const items = `/v1/Services/:ServiceSid/${kind.parent.segment}/:${kind.parentParam}/Items`;
  const item = `${items}/:${kind.itemParam}`;
  const parentOf = (req: EmulatorRequest, now: Date) =>
    findObject(kind.parent, store, req, now, kind.parentParam);
  const itemOf = (parent: P, req: EmulatorRequest, now: Date) => {
    const raw = req.params[kind.itemParam];
    const found = parent.items.get(kind.parseId(raw), now);
    if (!found) throw kind.notFound(raw);
    return found;
  };
  return [
    syncRoute('GET', items, (req) => {
      checkSyncPageSize(req);
      const now = deps.now();
      const parent = parentOf(req, now);
      const query = rangeQuery(req, kind.parseId);
      return pageV1(req, 'items', parent.items.range(now, query, kind.render(parent)));
    }),
    syncRoute('POST', items, (req) => {
      const now = deps.now();
      const parent = parentOf(req, now);
      const created = kind.create(parent, req, now);
      return withEtag(201, created, kind.render(parent)(created));
    }),
    syncRoute('GET', item, (req) => {
      const now = deps.now();
      const parent = parentOf(req, now);
      const found = itemOf(parent, req, now);
      return withEtag(200, found, kind.render(parent)(found));
    }),
    syncRoute('POST', item, (req) => {
      const now = deps.now();
      const parent = parentOf(req, now);
      const found = itemOf(parent, req, now);
      updateItem(parent, kind.idOf(found), found, req, now, kind.revisionMismatch);
      return withEtag(200, found, kind.render(parent)(found));
    }),
    syncRoute('DELETE', item, (req) => {
      const now = deps.now();
      const parent = parentOf(req, now);
      const found = itemOf(parent, req, now);
      return deleteItem(parent, kind.idOf(found), found, req, now, kind.revisionMismatch);
    }),
  ];
}
