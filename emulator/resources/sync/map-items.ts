import { missingParameter } from '../../http/twilio-error';
import type { EmulatorDeps, EmulatorRequest, Route } from '../../types';
import { itemRoutes, type ItemKind } from './item-routes';
import { newItemStamps, touchParent } from './item-writes';
import { mapKind } from './maps';
import type { MapItem, SyncMap, SyncStore } from './store';
import { syncErrors } from './sync-errors';
import { objectUrl, wireStamps } from './sync-objects';
import { checkMapItemKey, parseData } from './sync-wire';

export const renderMapItem = (map: SyncMap) => (item: MapItem) => ({
  key: item.key,
  account_sid: map.accountSid,
  service_sid: map.serviceSid,
  map_sid: map.sid,
  url: `${objectUrl(map, 'Maps')}/Items/${encodeURIComponent(item.key)}`,
  data: item.data,
  ...wireStamps(item),
});

/**
 * Create is atomic on the key: the existence check and the insert run in one synchronous step
 * (no await between them), so of N concurrent creates of one key exactly one gets 201 and the
 * others 409 / 54208, which is what callers use Sync Map Items for (an exactly-once latch).
 */
function createMapItem(map: SyncMap, req: EmulatorRequest, now: Date): MapItem {
  const rawKey = req.form.get('Key');
  if (rawKey === null) throw missingParameter('Key');
  const key = checkMapItemKey(rawKey);
  const rawData = req.form.get('Data');
  if (rawData === null) throw syncErrors.mapItemDataMissing();
  const { stamps, collectionTtl } = newItemStamps(req.form, parseData(rawData), now);
  if (map.items.get(key, now)) throw syncErrors.mapItemExists(key);
  const item: MapItem = { key, ...stamps };
  map.items.set(key, item);
  touchParent(map, collectionTtl, now);
  return item;
}

const mapItemKind: ItemKind<SyncMap, string, MapItem> = {
  parent: mapKind,
  parentParam: 'MapSid',
  itemParam: 'Key',
  // Keys are any string (the router has percent-decoded the path); From is a key too.
  parseId: (raw) => raw,
  idOf: (item) => item.key,
  notFound: syncErrors.mapItemNotFound,
  revisionMismatch: syncErrors.mapItemRevisionMismatch,
  create: createMapItem,
  render: renderMapItem,
};

/** /v1/Services/{ServiceSid}/Maps/{MapSid}/Items[/{Key}], ordered by key (lexicographic). */
export const mapItemRoutes = (store: SyncStore, deps: EmulatorDeps): Route[] =>
  itemRoutes(mapItemKind, store, deps);
