import { pageV1 } from '../../http/paging';
import { missingParameter } from '../../http/twilio-error';
import type { EmulatorDeps, EmulatorRequest, Route } from '../../types';
import { deleteItem, newItemStamps, touchParent, updateItem, withEtag } from './item-writes';
import { mapKind } from './maps';
import type { MapItem, SyncMap, SyncStore } from './store';
import { syncErrors } from './sync-errors';
import { findObject, objectUrl, wireStamps } from './sync-objects';
import { checkMapItemKey, checkSyncPageSize, parseData, rangeQuery, syncRoute } from './sync-wire';

const ITEMS = '/v1/Services/:ServiceSid/Maps/:MapSid/Items';

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

/** /v1/Services/{ServiceSid}/Maps/{MapSid}/Items[/{Key}], ordered by key (lexicographic). */
export function mapItemRoutes(store: SyncStore, deps: EmulatorDeps): Route[] {
  const mapOf = (req: EmulatorRequest, now: Date) => findObject(mapKind, store, req, now, 'MapSid');
  const itemOf = (map: SyncMap, req: EmulatorRequest, now: Date) => {
    const item = map.items.get(req.params.Key, now);
    if (!item) throw syncErrors.mapItemNotFound(req.params.Key);
    return item;
  };
  const mismatch = syncErrors.mapItemRevisionMismatch;
  return [
    syncRoute('GET', ITEMS, (req) => {
      checkSyncPageSize(req);
      const now = deps.now();
      const map = mapOf(req, now);
      const query = rangeQuery(req, (from) => from);
      return pageV1(req, 'items', map.items.range(now, query, renderMapItem(map)));
    }),
    syncRoute('POST', ITEMS, (req) => {
      const now = deps.now();
      const map = mapOf(req, now);
      const item = createMapItem(map, req, now);
      return withEtag(201, item, renderMapItem(map)(item));
    }),
    syncRoute('GET', `${ITEMS}/:Key`, (req) => {
      const now = deps.now();
      const map = mapOf(req, now);
      const item = itemOf(map, req, now);
      return withEtag(200, item, renderMapItem(map)(item));
    }),
    syncRoute('POST', `${ITEMS}/:Key`, (req) => {
      const now = deps.now();
      const map = mapOf(req, now);
      const item = itemOf(map, req, now);
      updateItem(map, item.key, item, req, now, mismatch);
      return withEtag(200, item, renderMapItem(map)(item));
    }),
    syncRoute('DELETE', `${ITEMS}/:Key`, (req) => {
      const now = deps.now();
      const map = mapOf(req, now);
      return deleteItem(map, req.params.Key, itemOf(map, req, now), req, now, mismatch);
    }),
  ];
}
