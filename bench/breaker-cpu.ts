// breaker-cpu: the CPU the webhook path costs outside the network — signature check, parsing,
// decision, claim, audit event and alert formatting — measured with the breaker core over the
// in-memory fake gateway of the breaker's tests (test/breaker/support), which answers at once.
import type { RuntimeRequest } from '../src/runtime/runtime-request';
import {
  deliveryParams,
  signedDelivery,
  sid,
  subaccount,
} from '../test/breaker/support/deliveries';
import { harness, type Harness } from '../test/breaker/support/harness';
import type { Benchmark, BenchRow } from './support/report';
import { summarize } from './support/stats';
import { realClientCpu } from './support/real-client-cpu';

const REAL_TRIPS = 500;
const REAL_WARMUP = 100;

const COUNT = 2000;
const ROUNDS = 3;
const WARMUP = 300;

interface Phase {
  label: string;
  requests: RuntimeRequest[];
  status: number;
  action?: string;
}

/** Deliveries for accounts number `from` … `from + count - 1`, each a fresh trip. */
function trips(h: Harness, from: number, count: number): RuntimeRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const accountSid = sid('AC', 0x100000 + from + i);
    h.gateway.accounts.set(accountSid, subaccount(accountSid));
    const params = deliveryParams(accountSid, { IdempotencyToken: `cpu-${from + i}` });
    return signedDelivery(accountSid, { params });
  });
}

const forge = (request: RuntimeRequest): RuntimeRequest =>
  signedDelivery(String(request.params.AccountSid), {
    params: request.params as Record<string, string>,
    token: 'fake-token-not-the-right-one',
  });

async function runPhase(h: Harness, phase: Phase): Promise<{ cpuUs: number; wallUs: number }> {
  h.lines.length = 0;
  h.gateway.resetLog();
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (const request of phase.requests) {
    const answer = await h.breaker.handle(request);
    const action = (JSON.parse(answer.body) as { action?: string }).action;
    if (answer.status !== phase.status || (phase.action && action !== phase.action)) {
      throw new Error(`${phase.label}: answered ${answer.status} ${answer.body}`);
    }
  }
  const used = process.cpuUsage(cpu);
  const wallNs = Number(process.hrtime.bigint() - wall);
  const n = phase.requests.length;
  return { cpuUs: (used.user + used.system) / n, wallUs: wallNs / 1000 / n };
}

export const breakerCpu: Benchmark = {
  name: 'breaker-cpu',
  description: `CPU per delivery of the webhook path: fake gateway (${ROUNDS} × ${COUNT} each), and real twilio-node against a zero-latency emulator`,
  async run() {
    const h = harness();
    const phases = (requests: RuntimeRequest[]): Phase[] => [
      { label: 'accepted trips (suspend)', requests, status: 200, action: 'suspended' },
      { label: 'duplicates (same delivery again)', requests, status: 200, action: 'duplicate' },
      { label: 'forged (wrong signature, 403)', requests: requests.map(forge), status: 403 },
    ];
    for (const phase of phases(trips(h, 0, WARMUP))) await runPhase(h, phase);
    const results = new Map<string, { cpuUs: number; wallUs: number }[]>();
    for (let round = 0; round < ROUNDS; round++) {
      // Requests are signed before the clock starts: signing is Twilio's work, not the breaker's.
      for (const phase of phases(trips(h, WARMUP + round * COUNT, COUNT))) {
        results.set(phase.label, [...(results.get(phase.label) ?? []), await runPhase(h, phase)]);
      }
    }
    const rows: BenchRow[] = [...results].map(([label, runs]) => {
      const cpu = runs.map((r) => r.cpuUs);
      const wall = summarize(runs.map((r) => r.wallUs));
      return {
        metric: label,
        value: Math.round(summarize(cpu).p50),
        unit: 'µs CPU',
        note: `median of ${ROUNDS} rounds of ${COUNT}; rounds ${Math.round(Math.min(...cpu))}–${Math.round(Math.max(...cpu))} µs; wall ${Math.round(wall.p50)} µs`,
      };
    });
    for (const real of await realClientCpu(REAL_TRIPS, REAL_WARMUP)) {
      const theirs = real.mode === 'in-memory' ? (real.shares.emulator ?? 0) : 0;
      const ours = real.cpuUs - theirs;
      const pct = (n = 0) => `${Math.round((n / ours) * 100)} %`;
      const libs = (real.shares['twilio-node'] ?? 0) + (real.shares.axios ?? 0);
      rows.push({
        metric: `accepted trip, real twilio-node, ${real.mode === 'loopback' ? 'loopback HTTP' : 'in-memory client'}`,
        value: Math.round(ours),
        unit: 'µs CPU',
        note: `project ${pct(real.shares.project)}, twilio-node + axios ${pct(libs)}, Node (http, sockets, timers, native) ${pct(real.shares['node (http, sockets, timers…)'])}, GC ${pct(real.shares.gc)}, other deps ${pct(real.shares['other deps'])}${theirs ? `; the emulator's own ${Math.round(theirs)} µs taken out` : ''}; wall ${Math.round(real.wallUs)} µs; ${real.trips} trips`,
      });
    }
    return {
      rows,
      notes: [
        "Breaker core (createBreaker) over FakeGateway from test/breaker/support/harness.ts: every Twilio call is answered on the next turn of the event loop, so the figures are the breaker's own CPU: process.cpuUsage (user + system, all threads, so GC running beside the main thread counts) divided by deliveries, sent one at a time.",
        `Real-client rows: a child process under node --cpu-prof (bench/support/cpu-trips.ts) runs ${REAL_TRIPS} trips one at a time (${REAL_WARMUP} first, unmeasured) through createBreaker with the project's gateway over the real twilio-node client (no auto-retry, 2 s timeout), against a zero-latency emulator: over loopback HTTP (the emulator in the parent process, so the child's CPU is the breaker's side alone) or through the emulator's in-memory client (no sockets; the emulator runs in the child and its profiled share is taken out). CPU per trip is process.cpuUsage; the shares are the profile's self time by file (bench/support/cpu-profile-shares.ts) over the child's whole run, start-up and warm-up included, applied to that figure.`,
        `Accepted trips are first deliveries for distinct subaccounts (token fetched from the fake, then claim, status and reactivation reads, suspend, call sweep, SMS + webhook alert, audit event); duplicates re-send each of them (claim already done: 200 duplicate); forged ones carry a signature made with a wrong token (403, counted in the noise summary). ${WARMUP} of each ran first to warm up the JIT.`,
      ],
    };
  },
};
