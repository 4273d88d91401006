import type { HttpMethod, TwilioHost } from '../types';

export interface RequestLogEntry {
  method: HttpMethod | string;
  host: TwilioHost | string;
  /** The route pattern that matched, or null when none did. */
  route: string | null;
  /** HTTP status answered, or how the connection was dropped. */
  status: number | 'timeout' | 'reset';
  /** Epoch ms on the emulator's base clock (not Twilio's moved time) when the request arrived. */
  start: number;
  durationMs: number;
  /** Requests being served when this one arrived, itself included unless the cap refused it. */
  concurrency: number;
}

export interface RouteStats {
  count: number;
  statuses: Record<string, number>;
  totalDurationMs: number;
  maxDurationMs: number;
}

export interface RequestStats {
  count: number;
  maxConcurrency: number;
  /** Keyed `METHOD host/pattern`, e.g. `POST api.twilio.com/2010-04-01/Accounts/:Sid.json`. */
  byRoute: Record<string, RouteStats>;
}

// Stats are kept incrementally so a long benchmark keeps exact numbers even after old entries go.
const MAX_ENTRIES = 50_000;
// The newest MAX_ENTRIES (up to a batch more) are kept. Old entries are dropped a batch at a time:
// trimming one per request would copy the whole log on every request once it is full.
const TRIM_BATCH = 5_000;

export const routeKey = (e: Pick<RequestLogEntry, 'method' | 'host' | 'route'>) =>
  `${e.method} ${e.host}${e.route ?? '(no route)'}`;

export function createRequestLog() {
  let entries: RequestLogEntry[] = [];
  let stats: RequestStats = { count: 0, maxConcurrency: 0, byRoute: {} };
  return {
    record(entry: RequestLogEntry): void {
      entries.push(entry);
      if (entries.length > MAX_ENTRIES + TRIM_BATCH) entries = entries.slice(-MAX_ENTRIES);
      stats.count += 1;
      stats.maxConcurrency = Math.max(stats.maxConcurrency, entry.concurrency);
      const key = routeKey(entry);
      const r = (stats.byRoute[key] ??= {
        count: 0,
        statuses: {},
        totalDurationMs: 0,
        maxDurationMs: 0,
      });
      r.count += 1;
      r.statuses[String(entry.status)] = (r.statuses[String(entry.status)] ?? 0) + 1;
      r.totalDurationMs += entry.durationMs;
      r.maxDurationMs = Math.max(r.maxDurationMs, entry.durationMs);
    },
    entries: (): RequestLogEntry[] => entries.map((e) => ({ ...e })),
    stats: (): RequestStats => structuredClone(stats),
    reset(): void {
      entries = [];
      stats = { count: 0, maxConcurrency: 0, byRoute: {} };
    },
  };
}

export type RequestLog = ReturnType<typeof createRequestLog>;
