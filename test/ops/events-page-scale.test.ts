// The events page at scale (a slow test: see jest.config.js): 100,000 events in the fake list.
import { readEventsPage } from '../../src/ops/events-page';
import { parseEventsQuery } from '../../src/ops/events-query';
import { auditEvent, fakeAuditList, readAllEvents } from './fake-audit-list';

const clock = { now: () => 0 };
const SID = 'AC' + '3'.padStart(32, '0');

describe('readEventsPage at scale', () => {
  it('stays bounded over 100,000 events with a rare filter, and finds every match by paging', async () => {
    const events = Array.from({ length: 100_000 }, (_, n) =>
      n % 997 === 0 ? auditEvent(n, { action: 'suspended', accountSid: SID }) : auditEvent(n),
    );
    const list = fakeAuditList(events);
    const query = parseEventsQuery({ action: 'suspended', pageSize: '200' });
    const page = await readEventsPage(list.gateway, query, clock);
    // One call reads at most 10 Sync pages (1,000 items) and says where to continue.
    expect(list.reads()).toBe(10);
    expect(page.scanned).toBe(1000);
    expect(page.events.length).toBeLessThan(200);
    expect(page.nextCursor).not.toBeNull();

    const { seen, calls } = await readAllEvents(list, { action: 'suspended', pageSize: '200' });
    const expected = events
      .filter((e) => e.action === 'suspended')
      .map((e) => e.id)
      .reverse();
    expect(seen.map((e) => e.id)).toEqual(expected);
    expect(calls).toBe(100);
  });
});
