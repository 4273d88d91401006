// spend-to-suspension: how long from a subaccount's spend to its suspension, as two figures shown
// apart, since they have different causes:
// - evaluation delay, spend → trigger callback: Twilio evaluates Usage Triggers about once a minute
//   (docs/EMULATOR.md, "Trigger evaluation"). The production figure comes from the emulator's tick
//   model at Twilio's 60 s cadence on a virtual clock (no real waiting); the sandbox's 1 s tick is
//   measured in real time alongside.
// - the breaker's own time, callback → suspension: the built breaker under twilio-run, called by
//   the emulator's own signed callback, 50 ms emulator latency on every Twilio request.
import twilio from 'twilio';
import { startEmulator, TWILIO_EVALUATION_INTERVAL_MS, type EmulatorOptions } from '../emulator';
import { emulatorEnv } from '../scripts/emulator-env';
import { createVirtualClock } from '../src/runtime/virtual-clock';
import { twilioHttpClient } from '../src/twilio/http-client';
import { startFunctions } from '../test/support/functions-server';
import { ALERT_ENV } from './support/breaker-targets';
import { startEmulatorHost } from './support/emulator-host';
import { seededRandom } from './support/random';
import type { Benchmark, BenchRow } from './support/report';
import { isSuspension } from './support/round-trips';
import { summarize, type Summary } from './support/stats';

const MODEL_SAMPLES = 1000;
const LIVE_SAMPLES = 40;
const WARMUP = 5;
const LATENCY_MS = 50;
const SANDBOX_TICK_MS = 1000;
const TRIP = { triggerValue: '10', usageCategory: 'totalprice', triggerBy: 'price' } as const;

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/**
 * Spend → callback under the emulator's tick model: each sample spends on its own subaccount at a
 * seeded random instant of a virtual clock, which then moves to the evaluation that fires.
 */
async function tickModelDelays(intervalMs: number): Promise<number[]> {
  const clock = createVirtualClock({ auto: false });
  const options: EmulatorOptions = {
    clock,
    evaluationIntervalMs: intervalMs,
    seed: { subaccounts: MODEL_SAMPLES },
    maxSubaccounts: MODEL_SAMPLES,
    deliverCallback: async (cb) => ({ url: cb.url, status: 200, signature: '', params: cb.params }),
  };
  const emulator = await startEmulator(options);
  const random = seededRandom(7);
  try {
    const { sid, authToken } = emulator.mainAccount;
    const httpClient = emulator.requestClient() as unknown as twilio.RequestClient;
    const client = twilio(sid, authToken, { httpClient });
    const delays: number[] = [];
    for (const account of emulator.accounts.list().slice(1)) {
      await client.api.v2010.accounts(account.sid).usage.triggers.create({
        ...TRIP,
        callbackUrl: 'https://breaker.example.invalid/breaker?tier=trip',
      });
      await clock.advance(Math.floor(random() * 10 * intervalMs));
      const spentAt = emulator.clock.now().getTime();
      emulator.usage.add({ accountSid: account.sid, category: 'totalprice', price: 11 });
      const due = emulator.usage.nextEvaluationAt();
      if (!due) throw new Error('recorded usage scheduled no evaluation');
      await clock.advance(due.getTime() - spentAt);
      const delivery = emulator.deliveries().find((d) => d.accountSid === account.sid);
      if (!delivery) throw new Error(`no callback for ${account.sid} at its evaluation`);
      delays.push(Date.parse(delivery.firedAt) - spentAt);
    }
    return delays;
  } finally {
    clock.dispose();
    await emulator.close();
  }
}

interface LiveSample {
  evaluationMs: number;
  breakerMs: number;
  totalMs: number;
}

/** The sandbox for real: spend through the emulator, its callback to twilio-run, the suspension. */
async function liveSamples(progress: (line: string) => void): Promise<LiveSample[]> {
  const total = WARMUP + LIVE_SAMPLES;
  const host = await startEmulatorHost({
    latencyMs: LATENCY_MS,
    evaluationIntervalMs: SANDBOX_TICK_MS,
    seed: { subaccounts: total },
  });
  const functions = await startFunctions({ env: { ...emulatorEnv(host), ...ALERT_ENV } });
  const random = seededRandom(11);
  try {
    const httpClient = twilioHttpClient({ TWILIO_API_EMULATOR_URL: host.url }, { timeoutMs: 5000 });
    const client = twilio(host.mainAccount.sid, host.mainAccount.authToken, { httpClient });
    const subaccounts = (await host.accounts()).filter((a) => a.sid !== host.mainAccount.sid);
    for (const account of subaccounts) {
      await client.api.v2010.accounts(account.sid).usage.triggers.create({
        ...TRIP,
        // The breaker Function (functions/breaker.ts) at its trip tier, as setup registers it.
        callbackUrl: new URL('/breaker?tier=trip', functions.url).href,
        recurring: 'daily',
      });
    }
    progress(`${subaccounts.length} trip triggers created`);
    const samples: LiveSample[] = [];
    for (const [i, account] of subaccounts.entries()) {
      // Spend at a random moment of the tick, as fraud would.
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * SANDBOX_TICK_MS)));
      await host.resetRequests();
      const spentAt = Date.now();
      const [delivery] = await host.recordUsage({
        accountSid: account.sid,
        category: 'totalprice',
        price: 11,
      });
      if (delivery?.status !== 200) throw new Error(`callback answered ${delivery?.status}`);
      const suspension = (await host.requestEntries()).find(
        (e) => isSuspension(e) && e.status === 200,
      );
      if (!suspension) throw new Error(`${account.sid} was not suspended`);
      const firedAt = Date.parse(delivery.firedAt);
      const suspendedAt = suspension.start + suspension.durationMs;
      // The first deliveries create the Sync maps and warm the JIT: not counted.
      if (i < WARMUP) continue;
      samples.push({
        evaluationMs: firedAt - spentAt,
        breakerMs: suspendedAt - firedAt,
        totalMs: suspendedAt - spentAt,
      });
    }
    return samples;
  } finally {
    await functions.stop();
    await host.close();
  }
}

const p50p99 = (s: Summary, unit: (ms: number) => number = (ms) => ms) =>
  `${unit(s.p50)} / ${unit(s.p99)}`;

export const spendToSuspension: Benchmark = {
  name: 'spend-to-suspension',
  description: `spend → callback (trigger evaluation) and callback → suspension (breaker), apart: Twilio's 60 s tick model (${MODEL_SAMPLES} samples) and the sandbox's 1 s tick live (${LIVE_SAMPLES})`,
  async run(progress) {
    const model = summarize(await tickModelDelays(TWILIO_EVALUATION_INTERVAL_MS));
    progress(`tick model: ${MODEL_SAMPLES} spends evaluated`);
    const live = await liveSamples(progress);
    const evaluation = summarize(live.map((s) => s.evaluationMs));
    const breaker = summarize(live.map((s) => s.breakerMs));
    const sandbox = summarize(live.map((s) => s.totalMs));
    const rows: BenchRow[] = [
      {
        metric: "evaluation delay at Twilio's cadence (60 s tick model) p50 / p99",
        value: p50p99(model, seconds),
        unit: 's',
        note: `max ${seconds(model.max)} s, mean ${seconds(model.mean)} s, n=${model.n}`,
      },
      {
        metric: 'evaluation delay, sandbox 1 s tick (measured) p50 / p99',
        value: p50p99(evaluation),
        unit: 'ms',
        note: `max ${evaluation.max} ms, n=${evaluation.n}`,
      },
      {
        metric: "breaker's own time, callback → suspension p50 / p99",
        value: p50p99(breaker),
        unit: 'ms',
        note: `max ${breaker.max} ms, ${LATENCY_MS} ms per Twilio request`,
      },
      {
        metric: 'spend → suspension in the sandbox (measured) p50 / p99',
        value: p50p99(sandbox),
        unit: 'ms',
        note: 'the two rows above, end to end',
      },
      {
        metric: 'spend → suspension on Twilio (estimate) typical / worst',
        value: `${seconds(model.p50 + breaker.p50)} / ${seconds(model.max + breaker.p99)}`,
        unit: 's',
        note: "tick p50 + breaker p50; tick max + breaker p99; Twilio's usage lag not included",
      },
    ];
    return {
      rows,
      notes: [
        `Tick model: the emulator on a manual virtual clock evaluating every ${TWILIO_EVALUATION_INTERVAL_MS / 1000} s; each of ${MODEL_SAMPLES} subaccounts spends at a seeded random instant, the clock moves to the next evaluation; delay = the callback's firedAt − the spend. It is the model's figure: Twilio says "about once a minute" and that usage data can take time to reach evaluations (not modelled).`,
        `Live: the emulator in a worker thread (real clock, ${SANDBOX_TICK_MS} ms tick, ${LATENCY_MS} ms latency), the built breaker under twilio-run; a daily totalprice trip trigger per subaccount; spends one at a time at a random moment of the tick; the first ${WARMUP} not counted.`,
        "Evaluation delay = the delivery's firedAt − the spend; breaker's own time = the end of the suspend POST in the emulator's request log − firedAt (the callback's HTTP hop included).",
      ],
    };
  },
};
