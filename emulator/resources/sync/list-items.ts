import { pageV1 } from '../../http/paging';
import type { EmulatorDeps, EmulatorRequest, Route } from '../../types';
import { deleteItem, newItemStamps, touchParent, updateItem, withEtag } from './item-writes';
import { listKind } from './lists';
import type { ListItem, SyncList, SyncStore } from './store';
import { syncErrors } from './sync-errors';
import { findObject, objectUrl, wireStamps } from './sync-objects';
import { checkSyncPageSize, parseData, rangeQuery, syncRoute } from './sync-wire';

const ITEMS = '/v1/Services/:ServiceSid/Lists/:ListSid/Items';

export const renderListItem = (list: SyncList) => (item: ListItem) => ({
  index: item.index,
  account_sid: list.accountSid,
  service_sid: list.serviceSid,
  list_sid: list.sid,
  url: `${objectUrl(list, 'Lists')}/Items/${item.index}`,
  data: item.data,
  ...wireStamps(item),
});

function parseIndex(raw: string): number {
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw syncErrors.invalidListItemIndex(raw);
  }
  return Number(raw);
}

/** Appends: indexes grow and are never reused, so the items stay in index order for free. */
function appendListItem(list: SyncList, req: EmulatorRequest, now: Date): ListItem {
  const rawData = req.form.get('Data');
  if (rawData === null) throw syncErrors.listItemDataMissing();
  const { stamps, collectionTtl } = newItemStamps(req.form, parseData(rawData), now);
  const item: ListItem = { index: list.nextIndex, ...stamps };
  list.nextIndex += 1;
  list.items.set(item.index, item);
  touchParent(list, collectionTtl, now);
  return item;
}

/** /v1/Services/{ServiceSid}/Lists/{ListSid}/Items[/{Index}], ordered by index. */
export function listItemRoutes(store: SyncStore, deps: EmulatorDeps): Route[] {
  const listOf = (req: EmulatorRequest, now: Date) =>
    findObject(listKind, store, req, now, 'ListSid');
  const itemOf = (list: SyncList, req: EmulatorRequest, now: Date) => {
    const item = list.items.get(parseIndex(req.params.Index), now);
    if (!item) throw syncErrors.listItemNotFound(req.params.Index);
    return item;
  };
  const mismatch = syncErrors.listItemRevisionMismatch;
  return [
    syncRoute('GET', ITEMS, (req) => {
      checkSyncPageSize(req);
      const now = deps.now();
      const list = listOf(req, now);
      const query = rangeQuery(req, parseIndex);
      return pageV1(req, 'items', list.items.range(now, query, renderListItem(list)));
    }),
    syncRoute('POST', ITEMS, (req) => {
      const now = deps.now();
      const list = listOf(req, now);
      const item = appendListItem(list, req, now);
      return withEtag(201, item, renderListItem(list)(item));
    }),
    syncRoute('GET', `${ITEMS}/:Index`, (req) => {
      const now = deps.now();
      const list = listOf(req, now);
      const item = itemOf(list, req, now);
      return withEtag(200, item, renderListItem(list)(item));
    }),
    syncRoute('POST', `${ITEMS}/:Index`, (req) => {
      const now = deps.now();
      const list = listOf(req, now);
      const item = itemOf(list, req, now);
      updateItem(list, item.index, item, req, now, mismatch);
      return withEtag(200, item, renderListItem(list)(item));
    }),
    syncRoute('DELETE', `${ITEMS}/:Index`, (req) => {
      const now = deps.now();
      const list = listOf(req, now);
      const item = itemOf(list, req, now);
      return deleteItem(list, item.index, item, req, now, mismatch);
    }),
  ];
}
