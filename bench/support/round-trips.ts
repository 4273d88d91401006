// Counts sequential Twilio round trips from the emulator's request log: a request's depth is 1 plus
// the depth of the deepest request that had already been answered when it arrived. Requests made
// in parallel share a depth, so the depth of the suspension is the number of round trips the
// breaker waited for, one after the other, up to and including the suspension itself.
import type { RequestLogEntry } from '../../emulator';

export const SUSPEND_ROUTE = '/2010-04-01/Accounts/:Sid.json';

export const isSuspension = (e: RequestLogEntry): boolean =>
  e.method === 'POST' && e.host === 'api.twilio.com' && e.route === SUSPEND_ROUTE;

export function depths(entries: readonly RequestLogEntry[]): number[] {
  const byStart = entries
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => a.entry.start - b.entry.start);
  const depth: number[] = new Array(entries.length).fill(0);
  for (const { entry, i } of byStart) {
    let deepest = 0;
    for (const other of byStart) {
      if (other.entry.start >= entry.start) break;
      if (other.entry.start + other.entry.durationMs <= entry.start) {
        deepest = Math.max(deepest, depth[other.i]);
      }
    }
    depth[i] = deepest + 1;
  }
  return depth;
}

/** Depth of the first successful suspension in a log of ONE delivery; null when there is none. */
export function roundTripsToSuspension(entries: readonly RequestLogEntry[]): number | null {
  const at = entries.findIndex((e) => isSuspension(e) && e.status === 200);
  return at < 0 ? null : depths(entries)[at];
}
