import type { AuditEvent } from '../../src/audit/audit-event';
import type { EventsPageAnswer } from '../../src/ops/events-client';
import { createFollower, latestEvents, type ReadPage } from '../../src/ops/follow-events';
import { auditEvent } from './fake-audit-list';

/** The service's paging over a growing list, newest first. */
function service() {
  const list: AuditEvent[] = [];
  let calls = 0;
  const readPage: ReadPage = async (cursor, pageSize): Promise<EventsPageAnswer> => {
    calls += 1;
    const newestFirst = [...list].reverse();
    const start = cursor ? Number(cursor) : 0;
    const end = start + pageSize;
    return {
      events: newestFirst.slice(start, end),
      nextCursor: end < list.length ? String(end) : null,
    };
  };
  const add = (from: number, count: number) => {
    for (let n = from; n < from + count; n += 1) list.push(auditEvent(n));
  };
  return { readPage, add, calls: () => calls };
}

const ids = (events: AuditEvent[]) => events.map((e) => e.id);
const range = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `ev-${from + i}`);

describe('latestEvents', () => {
  it('reads up to the limit across pages and answers newest first', async () => {
    const s = service();
    s.add(0, 450);
    expect(ids(await latestEvents(s.readPage, 300))).toEqual(range(150, 450).reverse());
    expect(ids(await latestEvents(s.readPage, 1000))).toEqual(range(0, 450).reverse());
    expect(await latestEvents(s.readPage, 0)).toEqual([]);
  });
});

describe('createFollower', () => {
  it('answers only events it has not answered before, oldest first', async () => {
    const s = service();
    s.add(0, 10);
    const seen = await latestEvents(s.readPage, 5);
    const follower = createFollower(s.readPage, ids(seen));
    expect(await follower.poll()).toEqual([]);
    s.add(10, 3);
    expect(ids(await follower.poll())).toEqual(range(10, 13));
    expect(await follower.poll()).toEqual([]);
  });

  it('catches up on a burst bigger than one page', async () => {
    const s = service();
    s.add(0, 1);
    const follower = createFollower(s.readPage, ['ev-0']);
    s.add(1, 450);
    expect(ids(await follower.poll())).toEqual(range(1, 451));
  });

  it('bounds the ids it remembers', async () => {
    const s = service();
    s.add(0, 1);
    const follower = createFollower(s.readPage, ['ev-0'], { memory: 100 });
    s.add(1, 150);
    expect(await follower.poll()).toHaveLength(150);
    s.add(151, 1);
    // The newest ids are the ones kept: the next poll still stops at the right place.
    expect(ids(await follower.poll())).toEqual(['ev-151']);
  });
});
