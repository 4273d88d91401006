// What `npm run events` reads: the latest events (up to a limit), then, with --follow, only the
// ones that appear after (oldest first, in the order they happened). The list is newest first in append order, so new events are above the
// newest one already seen: each poll reads from the top until it meets an id it has printed.
import type { AuditEvent } from '../audit/audit-event';
import type { EventsFilters, EventsPageAnswer } from './events-client';

export type ReadPage = (cursor: string | null, pageSize: number) => Promise<EventsPageAnswer>;

/** Up to `limit` newest matching events, newest first (the list's order, and the dashboard's). */
export async function latestEvents(
  readPage: ReadPage,
  limit: number,
  maxCalls = 200,
): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | null = null;
  for (let calls = 0; calls < maxCalls && events.length < limit; calls += 1) {
    const page = await readPage(cursor, Math.min(200, limit - events.length));
    events.push(...page.events);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return events.slice(0, limit);
}

export interface Follower {
  /** Events not printed before, oldest first. */
  poll(): Promise<AuditEvent[]>;
}

/** `seen`: ids already printed. Keeps at most `memory` ids. */
export function createFollower(
  readPage: ReadPage,
  seen: Iterable<string>,
  { memory = 5000, maxCallsPerPoll = 10 } = {},
): Follower {
  const known = new Set(seen);
  const remember = (id: string) => {
    known.add(id);
    // Sets iterate in insertion order: the first ids are the oldest.
    for (const old of known) {
      if (known.size <= memory) break;
      known.delete(old);
    }
  };
  return {
    async poll() {
      const fresh: AuditEvent[] = [];
      let cursor: string | null = null;
      for (let calls = 0; calls < maxCallsPerPoll; calls += 1) {
        const page = await readPage(cursor, 200);
        const upTo = page.events.findIndex((e) => known.has(e.id));
        fresh.push(...(upTo === -1 ? page.events : page.events.slice(0, upTo)));
        // Bounded: a burst bigger than maxCallsPerPoll pages is picked up by the next polls' tops.
        if (upTo !== -1 || !page.nextCursor || known.size === 0) break;
        cursor = page.nextCursor;
      }
      const ordered = fresh.reverse();
      for (const event of ordered) remember(event.id);
      return ordered;
    },
  };
}

export type { EventsFilters };
