import type { EmulatorDeps, EmulatorRequest, Route } from '../../types';
import { itemRoutes, type ItemKind } from './item-routes';
import { newItemStamps, touchParent } from './item-writes';
import { listKind } from './lists';
import type { ListItem, SyncList, SyncStore } from './store';
import { syncErrors } from './sync-errors';
import { objectUrl, wireStamps } from './sync-objects';
import { parseData } from './sync-wire';

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

const listItemKind: ItemKind<SyncList, number, ListItem> = {
  parent: listKind,
  parentParam: 'ListSid',
  itemParam: 'Index',
  parseId: parseIndex,
  idOf: (item) => item.index,
  notFound: syncErrors.listItemNotFound,
  revisionMismatch: syncErrors.listItemRevisionMismatch,
  create: appendListItem,
  render: renderListItem,
};

/** /v1/Services/{ServiceSid}/Lists/{ListSid}/Items[/{Index}], ordered by index. */
export const listItemRoutes = (store: SyncStore, deps: EmulatorDeps): Route[] =>
  itemRoutes(listItemKind, store, deps);
