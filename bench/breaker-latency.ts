// breaker-latency: how long from a Usage Trigger delivery reaching the breaker until the emulator
// has suspended the subaccount, with a warm and a cold token cache, and how many sequential Twilio
// round trips that took (the target: ≤ 2 warm, ≤ 3 cold). Deliveries go one at a time, so the request
// log between two resets holds exactly one delivery's traffic.
import pLimit from 'p-limit';
import type { EmulatedAccount } from '../emulator/types';
import {
  coreTarget,
  twilioRunTarget,
  type BreakerTarget,
  type TargetKind,
} from './support/breaker-targets';
import { freshDelivery, registerTriggers } from './support/deliveries';
import { startEmulatorHost, type EmulatorHost } from './support/emulator-host';
import type { Benchmark, BenchRow } from './support/report';
import { isSuspension, roundTripsToSuspension } from './support/round-trips';
import { histogram, summarize } from './support/stats';

// Deliveries per temperature. twilio-run is the figure; the core run is a cross-check that the
// runtime adds little (it takes ~0.25 s per delivery, so it is kept short).
const N: Record<TargetKind, number> = { 'twilio-run': 200, core: 50 };
const WARMUP = 5;
const LATENCY_MS = 50;
const MODES: TargetKind[] = ['twilio-run', 'core'];

interface Sample {
  toSuspensionMs: number;
  answeredMs: number;
  roundTrips: number;
  calls: number;
}

async function measure(
  host: EmulatorHost,
  target: BreakerTarget,
  account: EmulatedAccount,
  triggers: Map<string, string>,
): Promise<Sample> {
  const params = freshDelivery(account.sid, triggers.get(`${account.sid}:trip`));
  await host.resetRequests();
  const start = Date.now();
  const answer = await target.deliver('trip', params, account.auth_token);
  const answeredMs = Date.now() - start;
  const entries = await host.requestEntries();
  if (answer.status !== 200 || answer.body.action !== 'suspended') {
    throw new Error(`expected a suspension, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  const suspension = entries.find((e) => isSuspension(e) && e.status === 200);
  const roundTrips = roundTripsToSuspension(entries);
  if (!suspension || roundTrips === null) throw new Error('no suspension in the request log');
  return {
    toSuspensionMs: suspension.start + suspension.durationMs - start,
    answeredMs,
    roundTrips,
    calls: entries.length,
  };
}

function rowsFor(label: string, samples: Sample[], maxTrips: number): BenchRow[] {
  const suspension = summarize(samples.map((s) => s.toSuspensionMs));
  const answered = summarize(samples.map((s) => s.answeredMs));
  const trips = samples.map((s) => s.roundTrips);
  return [
    {
      metric: `${label}: time to suspension p50`,
      value: suspension.p50,
      unit: 'ms',
      note: `n=${suspension.n}`,
    },
    {
      metric: `${label}: time to suspension p99`,
      value: suspension.p99,
      unit: 'ms',
      note: `max ${suspension.max} ms`,
    },
    {
      metric: `${label}: answered p50 / p99`,
      value: `${answered.p50} / ${answered.p99}`,
      unit: 'ms',
      note: 'whole delivery, follow-ups included',
    },
    {
      metric: `${label}: sequential round trips to suspension (max)`,
      value: Math.max(...trips),
      note: `expected ≤ ${maxTrips}; ${histogram(trips)}`,
    },
    {
      metric: `${label}: Twilio requests per delivery (mean)`,
      value: summarize(samples.map((s) => s.calls)).mean,
    },
  ];
}

export const breakerLatency: Benchmark = {
  name: 'breaker-latency',
  description: `time to suspension, warm and cold, ${LATENCY_MS} ms emulator latency (twilio-run ${N['twilio-run']} + core ${N.core} deliveries each)`,
  async run(progress) {
    const total = MODES.reduce((sum, kind) => sum + WARMUP + 2 * N[kind], 0);
    const host = await startEmulatorHost({
      latencyMs: LATENCY_MS,
      seed: { subaccounts: total },
      maxSubaccounts: total,
    });
    const rows: BenchRow[] = [];
    try {
      const subaccounts = (await host.accounts()).filter((a) => a.sid !== host.mainAccount.sid);
      // The triggers setup registers (the breaker alerts only for those).
      const triggers = await registerTriggers(
        host,
        subaccounts.map((a) => a.sid),
        ['warn', 'trip'],
      );
      for (const kind of MODES) {
        const n = N[kind];
        const mine = subaccounts.splice(0, WARMUP + 2 * n);
        const [warmup, cold, warm] = [
          mine.slice(0, WARMUP),
          mine.slice(WARMUP, WARMUP + n),
          mine.slice(WARMUP + n),
        ];
        const target =
          kind === 'twilio-run' ? await twilioRunTarget(host) : coreTarget(host, () => undefined);
        try {
          // The very first delivery of a service creates the Sync maps; a few more warm the JIT.
          for (const account of warmup) await measure(host, target, account, triggers);
          const coldSamples: Sample[] = [];
          for (const account of cold) {
            coldSamples.push(await measure(host, target, account, triggers));
          }
          progress(`${kind}: ${n} cold deliveries done`);
          // A warn-tier delivery (alert only) makes the instance fetch and cache the account's token.
          const limit = pLimit(10);
          await Promise.all(
            warm.map((account) =>
              limit(async () => {
                const answer = await target.deliver(
                  'warn',
                  freshDelivery(account.sid, triggers.get(`${account.sid}:warn`)),
                  account.auth_token,
                );
                if (answer.status !== 200) throw new Error(`warm-up answered ${answer.status}`);
              }),
            ),
          );
          const warmSamples: Sample[] = [];
          for (const account of warm) {
            warmSamples.push(await measure(host, target, account, triggers));
          }
          progress(`${kind}: ${n} warm deliveries done`);
          rows.push(
            ...rowsFor(`${kind} cold`, coldSamples, 3),
            ...rowsFor(`${kind} warm`, warmSamples, 2),
          );
        } finally {
          await target.stop();
        }
      }
    } finally {
      await host.close();
    }
    return {
      rows,
      notes: [
        `Emulator in a worker thread, ${LATENCY_MS} ms added to every Twilio request; deliveries signed with the subaccount's token, sent one at a time to distinct subaccounts.`,
        "twilio-run: the built functions/breaker under twilio-run's runtime in this process (like --no-fork-process), reached over HTTP. core: createBreaker() with the real gateway and twilio-node client, called directly.",
        'Time to suspension: from just before the delivery is sent until the emulator answered the suspend POST (request log). Cold: the instance has never seen the account. Warm: a warn-tier delivery for the account came first.',
        'Round trips: depth of the suspend POST in the request log (a request is one deeper than the deepest request answered before it arrived).',
      ],
    };
  },
};
