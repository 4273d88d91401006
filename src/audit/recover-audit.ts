// Putting back into the audit list the events only the Functions log still has (recoverFromLog):
// what `npm run recover-audit -- --append` does. Idempotent by id: an event whose id is already
// among the list's newest `scanLimit` items is not appended again, and a recovered event keeps its
// id, so a second run over the same log appends nothing.
import type { TwilioGateway } from '../twilio/gateway';
import type { AuditEvent } from './audit-event';
import { recoverFromLog } from './recover-from-log';
import { AUDIT_LIST } from './sync-names';

export type AuditList = Pick<TwilioGateway, 'listListItems' | 'appendListItem'>;

/** How far back the list is searched for ids by default: well past a Sync outage's backlog. */
export const DEFAULT_SCAN_LIMIT = 20_000;

/** Sync's largest page. */
const PAGE_SIZE = 100;

export interface ListedIds {
  ids: Set<string>;
  /** Items read, newest first. */
  scanned: number;
}

/** The ids of the newest `limit` items of the audit list. */
export async function listedEventIds(list: AuditList, limit: number): Promise<ListedIds> {
  const ids = new Set<string>();
  let scanned = 0;
  let from: number | undefined;
  while (scanned < limit) {
    const page = await list.listListItems<{ id?: unknown }>(AUDIT_LIST, {
      pageSize: Math.min(PAGE_SIZE, limit - scanned),
      order: 'desc',
      from,
    });
    for (const item of page) if (typeof item.data.id === 'string') ids.add(item.data.id);
    scanned += page.length;
    if (page.length === 0) break;
    from = page[page.length - 1].index;
  }
  return { ids, scanned };
}

export interface Recovery {
  /** Events the log shows never reached the list, not found among the scanned ids either. */
  missing: AuditEvent[];
  /** Of those the log shows as unsynced, how many were in the list after all. */
  alreadyListed: number;
  scanned: number;
}

/** What the log lines say is missing, checked against the list; appends nothing. */
export async function findMissingEvents(
  lines: Iterable<string>,
  list: AuditList,
  scanLimit = DEFAULT_SCAN_LIMIT,
): Promise<Recovery> {
  const unsynced = recoverFromLog(lines);
  const { ids, scanned } = await listedEventIds(list, scanLimit);
  const missing = unsynced.filter((event) => !ids.has(event.id));
  return { missing, alreadyListed: unsynced.length - missing.length, scanned };
}

/** Appends `events` in order; stops at the first failure (a rerun skips what went in). */
export async function appendEvents(events: AuditEvent[], list: AuditList): Promise<void> {
  for (const event of events) await list.appendListItem(AUDIT_LIST, event);
}
