// The audit list as Sync keeps it, in memory: indexes grow from 0, pages of at most 100, `from`
// exclusive. Counts reads so tests can bound the work of one request; readAllEvents pages through it.
import type { AuditAction, AuditEvent } from '../../src/audit/audit-event';
import { readEventsPage } from '../../src/ops/events-page';
import { parseEventsQuery } from '../../src/ops/events-query';
import type { SyncListItem, TwilioGateway } from '../../src/twilio/gateway';

export function auditEvent(n: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: `ev-${n}`,
    time: new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString(),
    source: 'breaker',
    action: 'alerted' as AuditAction,
    reason: 'warn-tier',
    outcome: 'ok',
    durationMs: 5,
    accountSid: 'AC' + (n % 7).toString(16).padStart(32, '0'),
    ...overrides,
  };
}

export function fakeAuditList(items: object[]) {
  const stored: SyncListItem<object>[] = items.map((data, index) => ({ index, data }));
  let reads = 0;
  const gateway: Pick<TwilioGateway, 'listListItems'> = {
    async listListItems<T extends object>(
      _list: string,
      options: { pageSize: number; order: 'asc' | 'desc'; from?: number },
    ) {
      reads += 1;
      const size = Math.min(options.pageSize, 100);
      const { from } = options;
      const ordered =
        options.order === 'desc'
          ? stored.filter((i) => from === undefined || i.index < from).reverse()
          : stored.filter((i) => from === undefined || i.index > from);
      return ordered.slice(0, size) as SyncListItem<T>[];
    },
  };
  return {
    gateway,
    append: (data: object) => stored.push({ index: stored.length, data }),
    reads: () => reads,
    resetReads: () => (reads = 0),
  };
}

/** Every page of events the query selects, following the cursor as the dashboard does; bounded. */
export async function readAllEvents(
  list: ReturnType<typeof fakeAuditList>,
  params: Record<string, string>,
  maxCalls = 1000,
) {
  const clock = { now: () => 0 };
  const seen: AuditEvent[] = [];
  let cursor: string | null = null;
  let calls = 0;
  do {
    const query = parseEventsQuery({ ...params, ...(cursor ? { cursor } : {}) });
    const page = await readEventsPage(list.gateway, query, clock);
    seen.push(...page.events);
    cursor = page.nextCursor;
    calls += 1;
  } while (cursor && calls < maxCalls);
  return { seen, calls };
}
