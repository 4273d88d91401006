// audit-scale: the audit Sync list at 100,000 events, read through the events API the
// dashboard and `npm run events` use (functions/admin-events, built and served by twilio-run's
// runtime in this process): the newest page, a filter on a rare account, and page 10.
import type { AuditEvent } from '../src/audit/audit-event';
import { AUDIT_LIST } from '../src/audit/sync-names';
import { startFunctions, type FunctionsServer } from '../test/support/functions-server';
import { fillSyncList } from './support/bulk-sync';
import { startEmulatorHost } from './support/emulator-host';
import type { Benchmark, BenchRow } from './support/report';
import { summarize } from './support/stats';
import { emulatorEnv } from '../scripts/emulator-env';

const EVENTS = 100_000;
const ACCOUNTS = 5000;
/** The rare account has an event near the start, the middle and the end of the list. */
const RARE_AT = [10, EVENTS / 2, EVENTS - 10];
const ADMIN = { username: 'bench', password: 'fake-admin-password-bench' };
/** Latencies the reads are timed at: the code and emulator alone, then Twilio-like. */
const LATENCIES = [0, 50];
const REPEAT: Record<number, number> = { 0: 20, 50: 5 };
const FULL_SCAN_MAX_CALLS = 200;

const hexSid = (prefix: string, n: number) => `${prefix}${n.toString(16).padStart(32, '0')}`;
const RARE = hexSid('AC', 0xbeef);
const ACTIONS = ['suspended', 'alerted', 'duplicate', 'already-suspended', 'rejected'] as const;

function event(index: number): AuditEvent {
  const accountSid = RARE_AT.includes(index) ? RARE : hexSid('AC', 1 + (index % ACCOUNTS));
  const action = ACTIONS[index % ACTIONS.length];
  return {
    id: `ev-bench-${index}`,
    time: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(),
    source: 'breaker',
    action,
    reason: action === 'suspended' ? 'trip' : 'bench',
    outcome: 'ok',
    durationMs: 240,
    accountSid,
    friendlyName: `Customer ${index % ACCOUNTS}`,
    triggerSid: hexSid('UT', index),
    usageCategory: 'totalprice',
    triggerValue: '100',
    currentValue: '104.20',
    tier: 'trip',
    dateFired: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toUTCString(),
    deliveryKey: index.toString(16).padStart(40, '0'),
    ...(action === 'suspended'
      ? {
          suspendedAfterMs: 110,
          calls: { found: 1, ended: 1, failed: 0 },
          alerts: { 'sms:***0001': 'sent' },
        }
      : {}),
  } as AuditEvent;
}

interface EventsAnswer {
  events: AuditEvent[];
  nextCursor: string | null;
  scanned: number;
}

async function getEvents(
  functions: FunctionsServer,
  params: Record<string, string>,
): Promise<{ ms: number; body: EventsAnswer }> {
  const started = performance.now();
  const response = await fetch(`${functions.url}/admin-events?${new URLSearchParams(params)}`, {
    headers: {
      Authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`,
    },
  });
  const text = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200)
    throw new Error(`/admin-events answered ${response.status}: ${text.slice(0, 200)}`);
  return { ms, body: JSON.parse(text) as EventsAnswer };
}

/** Follows nextCursor; the time of each call, the events seen, and the last answer. */
async function follow(functions: FunctionsServer, params: Record<string, string>, calls: number) {
  const times: number[] = [];
  let found = 0;
  let cursor: string | null = null;
  let last: EventsAnswer | null = null;
  for (let i = 0; i < calls && (i === 0 || cursor); i++) {
    const { ms, body } = await getEvents(functions, cursor ? { ...params, cursor } : params);
    times.push(ms);
    found += body.events.length;
    cursor = body.nextCursor;
    last = body;
  }
  return { times, found, last, done: cursor === null };
}

export const auditScale: Benchmark = {
  name: 'audit-scale',
  description: `/admin-events over an audit list of ${EVENTS} events`,
  async run(progress) {
    const host = await startEmulatorHost({});
    let functions: FunctionsServer | undefined;
    try {
      const fillStarted = Date.now();
      // The emulator's request log trims itself by copying once it holds 50,000 entries, which
      // would make every later append slow: it is cleared between chunks instead.
      await fillSyncList(host, AUDIT_LIST, event, EVENTS, {
        betweenChunks: () => host.resetRequests(),
      });
      const fillSeconds = (Date.now() - fillStarted) / 1000;
      progress(`filled ${EVENTS} events in ${fillSeconds.toFixed(1)} s`);
      functions = await startFunctions({
        env: {
          ...emulatorEnv(host),
          ADMIN_USERNAME: ADMIN.username,
          ADMIN_PASSWORD: ADMIN.password,
        },
      });
      const f = functions;
      await getEvents(f, {}); // the first request loads the Function
      const rows: BenchRow[] = [
        { metric: `fill the list (REST, 64 in flight)`, value: fillSeconds, unit: 's' },
      ];
      for (const latencyMs of LATENCIES) {
        await host.setKnobs({ latencyMs });
        const label = `${latencyMs} ms latency`;
        const first: number[] = [];
        const rare: number[] = [];
        const tenth: number[] = [];
        let rareAnswer: EventsAnswer | null = null;
        for (let r = 0; r < REPEAT[latencyMs]; r++) {
          first.push((await getEvents(f, {})).ms);
          const filtered = await getEvents(f, { account: RARE });
          rare.push(filtered.ms);
          rareAnswer = filtered.body;
          const paged = await follow(f, {}, 10);
          if (paged.times.length !== 10) throw new Error('fewer than 10 pages');
          tenth.push(paged.times[9]);
        }
        const line = (metric: string, times: number[], note = '') => {
          const s = summarize(times);
          return {
            metric: `${label}: ${metric}`,
            value: s.p50,
            unit: 'ms',
            note: `p50 of ${s.n}; max ${s.max.toFixed(0)} ms${note}`,
          };
        };
        rows.push(
          line('first page (50 newest)', first),
          line(
            'rare account, first call',
            rare,
            `; ${rareAnswer?.events.length} event(s), ${rareAnswer?.scanned} items scanned, nextCursor ${rareAnswer?.nextCursor ? 'set' : 'null'}`,
          ),
          line('page 10 (cursor followed 9 times)', tenth),
        );
        if (latencyMs === 0) {
          const started = Date.now();
          const scan = await follow(f, { account: RARE }, FULL_SCAN_MAX_CALLS);
          rows.push({
            metric: `${label}: rare account, every call until nextCursor is null`,
            value: (Date.now() - started) / 1000,
            unit: 's',
            note: `${scan.times.length} calls, ${scan.found} of ${RARE_AT.length} events found, slowest call ${Math.max(...scan.times).toFixed(0)} ms${scan.done ? '' : ', stopped before the end'}`,
          });
        }
        progress(`${label} done`);
      }
      return {
        rows,
        notes: [
          `${EVENTS} audit events (${ACCOUNTS} accounts, 5 actions) appended to the Sync list ${AUDIT_LIST} through the emulator's REST API; one account (the "rare" one) has ${RARE_AT.length} events, near the oldest, the middle and the newest end.`,
          "Timed from the client: GET /admin-events (built functions/admin-events under twilio-run's runtime in this process, admin Basic auth) → src/ops/events-page.ts → Sync List Items pages of 100, newest first, through twilio-node to the emulator (worker thread). One call scans at most 1,000 items (EVENTS_SCAN_LIMITS), so a rare filter answers with a cursor to continue.",
        ],
      };
    } finally {
      await functions?.stop();
      await host.close();
    }
  },
};
