import { readEventsPage } from '../../src/ops/events-page';
import { decodeEventsCursor, parseEventsQuery } from '../../src/ops/events-query';
import { auditEvent, fakeAuditList, readAllEvents } from './fake-audit-list';

const clock = { now: () => 0 };

describe('readEventsPage', () => {
  it('answers the newest events first with a cursor to the next page', async () => {
    const list = fakeAuditList(Array.from({ length: 120 }, (_, n) => auditEvent(n)));
    const first = await readEventsPage(list.gateway, parseEventsQuery({ pageSize: '50' }), clock);
    expect(first.events.map((e) => e.id)).toEqual(
      Array.from({ length: 50 }, (_, i) => `ev-${119 - i}`),
    );
    expect(decodeEventsCursor(first.nextCursor!)).toEqual({ before: 70 });
    const { seen, calls } = await readAllEvents(list, { pageSize: '50' });
    expect(seen.map((e) => e.id)).toEqual(Array.from({ length: 120 }, (_, i) => `ev-${119 - i}`));
    expect(calls).toBe(3);
  });

  it('answers an empty list with no cursor', async () => {
    const list = fakeAuditList([]);
    expect(await readEventsPage(list.gateway, parseEventsQuery({}), clock)).toEqual({
      events: [],
      nextCursor: null,
      scanned: 0,
    });
  });

  it('stops at the time budget even before the scan bound', async () => {
    const list = fakeAuditList(Array.from({ length: 5000 }, (_, n) => auditEvent(n)));
    let now = 0;
    const slow = { now: () => (now += 1500) };
    const page = await readEventsPage(list.gateway, parseEventsQuery({ action: 'failed' }), slow);
    expect(list.reads()).toBeLessThan(10);
    expect(page.nextCursor).not.toBeNull();
  });

  it('with since, stops for good once events are a day older than it', async () => {
    // One event a minute; since = the time of event 4000 (minus nothing).
    const list = fakeAuditList(Array.from({ length: 10_000 }, (_, n) => auditEvent(n)));
    const since = auditEvent(4000).time;
    const { seen } = await readAllEvents(list, { since, pageSize: '200' });
    expect(seen).toHaveLength(6000);
    expect(seen.at(-1)?.id).toBe('ev-4000');
    // It scanned down to a day (1,440 events) below since, not to the bottom of the list.
    expect(list.reads()).toBeLessThanOrEqual(Math.ceil((6000 + 1441) / 100) + 1);
  });

  it('finds an event appended late, out of time order, within the slack', async () => {
    const events = Array.from({ length: 300 }, (_, n) => auditEvent(n));
    // Waited for Sync through an outage: appended last, dated 2 hours before since.
    events.push(auditEvent(999, { time: auditEvent(100).time, id: 'ev-late' }));
    const list = fakeAuditList(events);
    const { seen } = await readAllEvents(list, { since: auditEvent(100).time, pageSize: '200' });
    expect(seen.map((e) => e.id)).toContain('ev-late');
    expect(seen).toHaveLength(201);
  });

  it('skips list items that are not audit events', async () => {
    const list = fakeAuditList([auditEvent(0), { junk: true }, auditEvent(2)]);
    const page = await readEventsPage(list.gateway, parseEventsQuery({}), clock);
    expect(page.events.map((e) => e.id)).toEqual(['ev-2', 'ev-0']);
    expect(page.scanned).toBe(3);
  });
});
