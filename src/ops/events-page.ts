// One page of the audit list for /admin-events: Sync List items read newest first, filtered, with a
// bound on the work of one call. A rare filter over 100,000 events must not hold a Function for
// minutes: past the bound the call answers what it found with a cursor, and the caller continues.
import type { AuditEvent } from '../audit/audit-event';
import { AUDIT_LIST } from '../audit/sync-names';
import type { Clock } from '../runtime/clock';
import type { TwilioGateway } from '../twilio/gateway';
import {
  encodeEventsCursor,
  isAuditEvent,
  matchesFilter,
  pastSince,
  type EventsQuery,
} from './events-query';

export interface EventsScanLimits {
  /** List items one call reads at most. */
  maxScan: number;
  /** No further Sync read starts after this many ms. */
  budgetMs: number;
}

export const EVENTS_SCAN_LIMITS: EventsScanLimits = { maxScan: 1000, budgetMs: 4000 };

/** Twilio's maximum page size for Sync List Items. */
const SYNC_PAGE = 100;

export interface EventsPage {
  events: AuditEvent[];
  /** null: nothing more to read with these filters. */
  nextCursor: string | null;
  /** List items read by this call. */
  scanned: number;
}

export async function readEventsPage(
  gateway: Pick<TwilioGateway, 'listListItems'>,
  query: Pick<EventsQuery, 'filter' | 'pageSize' | 'cursor'>,
  clock: Pick<Clock, 'now'>,
  limits: EventsScanLimits = EVENTS_SCAN_LIMITS,
): Promise<EventsPage> {
  const started = clock.now();
  const events: AuditEvent[] = [];
  let before = query.cursor?.before;
  let scanned = 0;
  const page = (more: boolean): EventsPage => ({
    events,
    nextCursor: more && before !== undefined && before > 0 ? encodeEventsCursor({ before }) : null,
    scanned,
  });

  if (before === 0) return page(false);
  for (;;) {
    const items = await gateway.listListItems<object>(AUDIT_LIST, {
      pageSize: SYNC_PAGE,
      order: 'desc',
      from: before,
    });
    for (const item of items) {
      scanned += 1;
      before = item.index;
      if (!isAuditEvent(item.data)) continue;
      if (pastSince(item.data, query.filter)) return page(false);
      if (matchesFilter(item.data, query.filter)) {
        events.push(item.data);
        if (events.length === query.pageSize) return page(true);
      }
    }
    if (items.length < SYNC_PAGE) return page(false);
    if (scanned >= limits.maxScan || clock.now() - started >= limits.budgetMs) return page(true);
  }
}
