import type { EmulatorRequest, EmulatorResponse } from '../../types';
import type { OrderedItems } from './ordered-items';
import type { ListItem, MapItem, SyncData, SyncObject } from './store';
import { touch } from './sync-objects';
import { checkIfMatch, expiryAfter, parseData, parseTtl } from './sync-wire';

export type Item = MapItem | ListItem;

/** TTL fields of an item write: ItemTtl over its alias Ttl; CollectionTtl re-arms the parent's. */
export function itemTtls(form: URLSearchParams) {
  return { item: parseTtl(form, 'ItemTtl', 'Ttl'), collection: parseTtl(form, 'CollectionTtl') };
}

/** Records a write to one of `parent`'s items: the parent gets a new revision too. */
export function touchParent(
  parent: SyncObject,
  collectionTtl: number | undefined,
  now: Date,
): void {
  if (collectionTtl !== undefined) parent.dateExpires = expiryAfter(now, collectionTtl);
  touch(parent, now);
}

export const withEtag = (status: number, item: Item, body: object): EmulatorResponse => ({
  status,
  body,
  headers: { ETag: String(item.revision) },
});

export function newItemStamps(form: URLSearchParams, data: SyncData, now: Date) {
  const ttl = itemTtls(form);
  const stamps = {
    data,
    revision: 0,
    dateCreated: now,
    dateUpdated: now,
    dateExpires: expiryAfter(now, ttl.item ?? 0),
  };
  return { stamps, collectionTtl: ttl.collection };
}

/** POST to an item: optional Data and TTLs, under an optional If-Match. */
export function updateItem<K extends string | number, V extends Item>(
  parent: SyncObject & { items: OrderedItems<K, V> },
  key: K,
  item: V,
  req: EmulatorRequest,
  now: Date,
  mismatch: (message: string) => Error,
): void {
  const raw = req.form.get('Data');
  const data = raw === null ? undefined : parseData(raw);
  const ttl = itemTtls(req.form);
  checkIfMatch(req, item.revision, mismatch);
  if (data !== undefined) item.data = data;
  if (ttl.item !== undefined) item.dateExpires = expiryAfter(now, ttl.item);
  touch(item, now);
  parent.items.set(key, item);
  touchParent(parent, ttl.collection, now);
}

export function deleteItem<K extends string | number, V extends Item>(
  parent: SyncObject & { items: OrderedItems<K, V> },
  key: K,
  item: V,
  req: EmulatorRequest,
  now: Date,
  mismatch: (message: string) => Error,
): EmulatorResponse {
  checkIfMatch(req, item.revision, mismatch);
  parent.items.delete(key);
  touchParent(parent, undefined, now);
  return { status: 204 };
}
