// day-in-the-life: three virtual days of the whole product (test/support/day-sim/), the same run
// test/rearm/day-in-the-life.test.ts asserts on, with its figures printed; then one reconcile pass
// at 10,000 subaccounts, whose length is the last term of the documented bound on how long a
// subaccount left to the reconcile stays unprotected. Everything runs on a virtual clock with
// seeded draws: the figures do not depend on this machine (only "real time" does).
import { TWILIO_EVALUATION_INTERVAL_MS } from '../emulator';
import { runDaySim } from '../test/support/day-sim/run-day-sim';
import { reconcileAtScale } from '../test/support/day-sim/reconcile-at-scale';
import { DEFAULT_SIM, MINUTE, reconcileBoundMinutes } from '../test/support/day-sim/schedule';
import type { Benchmark, BenchRow } from './support/report';

const SCALE = 10_000;
const LATENCY_MS = 50;
/** SETUP_CONCURRENCY's default. */
const CONCURRENCY = 10;

const hours = (minutes: number) => `${(minutes / 60).toFixed(1)} h`;

export const dayInTheLife: Benchmark = {
  name: 'day-in-the-life',
  description: `${DEFAULT_SIM.days} virtual days of fraud, reactivations and new subaccounts; a reconcile pass at ${SCALE} subaccounts`,
  async run(progress) {
    const started = Date.now();
    const report = await runDaySim(DEFAULT_SIM);
    progress(`simulation done in ${((Date.now() - started) / 1000).toFixed(1)} s real time`);
    const scale = await reconcileAtScale(SCALE, LATENCY_MS, CONCURRENCY);
    progress(
      `reconcile pass at ${scale.subaccounts} done in ${(scale.wallMs / 1000).toFixed(1)} s real time`,
    );

    const bound = (passMs: number) =>
      reconcileBoundMinutes({
        firstSpendAfterMidnightMs: 0,
        evaluationMs: TWILIO_EVALUATION_INTERVAL_MS,
        passMs,
      });
    const left = report.newAccounts.filter((a) => a.origin === 'reconcile');
    const oneCall = report.newAccounts.filter((a) => a.origin === 'one-call');
    const worstLeft = Math.max(0, ...left.map((a) => a.unprotectedMinutes));
    const reasons = Object.entries(report.unprotectedByReason)
      .map(([reason, n]) => `${reason}: ${n}`)
      .join('; ');
    const rows: BenchRow[] = [
      { metric: 'subaccounts (20 at start + new ones)', value: report.subaccounts },
      {
        metric: 'unprotected subaccount-minutes',
        value: report.unprotectedMinutes,
        unit: 'min',
        note: `of ${report.sampledMinutes * report.subaccounts} judged; ${reasons || 'none'}`,
      },
      {
        metric: 'trip levels crossed without a suspension',
        value: report.missedTrips.length,
        note: 'expected 0',
      },
      {
        metric: 'trip callbacks to the breaker',
        value: report.tripCallbacks.daily + report.tripCallbacks.rearm,
        note: `${report.tripCallbacks.daily} daily trip, ${report.tripCallbacks.rearm} re-arm`,
      },
      {
        metric: 'spend crossing a trip level → callback, longest',
        value: report.maxCrossingToCallbackMs / 1000,
        unit: 's',
        note: `evaluation every ${TWILIO_EVALUATION_INTERVAL_MS / 1000} s`,
      },
      {
        metric: 'fraud episodes / reactivations',
        value: `${report.fraudEpisodes} / ${report.reactivations.total}`,
        note: `fraud resumed after ${report.reactivations.fraudResumed} reactivations; ${report.reactivations.customHeadroom} with a headroom ops chose`,
      },
      {
        metric: 'new subaccounts protected at sign-up (one call)',
        value: oneCall.length,
        note: `unprotected minutes: ${oneCall.reduce((n, a) => n + a.unprotectedMinutes, 0)}; longest call ${report.longestOneCallMs} ms at ${DEFAULT_SIM.latencyMs} ms per request`,
      },
      {
        metric: 'new subaccounts left to the reconcile',
        value: left.length,
        note: `worst ${worstLeft} min (${hours(worstLeft)}); bound ${bound(report.reconcile.longestPassMs)} min`,
      },
      {
        metric: 'spend on new subaccounts before their protection',
        value: report.spentWhileUnprotected,
        unit: 'USD',
      },
      {
        metric: 'reconcile passes (one per day)',
        value: report.reconcile.passes,
        note: `started ${report.reconcile.startedAt.map((t) => t.slice(5, 16)).join(', ')} GMT; longest ${report.reconcile.longestPassMs} ms`,
      },
      {
        metric: `reconcile pass at ${scale.subaccounts} subaccounts`,
        value: scale.passMs / 1000,
        unit: 's',
        note: `${scale.steps} steps (invocations), longest ${(scale.longestStepMs / 1000).toFixed(1)} s; ${LATENCY_MS} ms per request, concurrency ${CONCURRENCY}; newcomer protected: ${scale.newcomerProtected}`,
      },
      {
        metric: `main account's spend → pass done, at ${scale.subaccounts}`,
        value: scale.spendToDoneMs / 1000,
        unit: 's',
      },
      {
        metric: 'bound for a subaccount left to the reconcile, at that scale',
        value: bound(scale.passMs),
        unit: 'min',
        note: `24 h + first main spend after 00:00 (0 here) + ${TWILIO_EVALUATION_INTERVAL_MS / MINUTE} min evaluation + pass + 1 min sampling`,
      },
    ];
    return {
      rows,
      notes: [
        'Virtual time on the in-memory stack (test/support/in-memory-stack.ts): the emulator evaluates triggers every 60 s as Twilio does, callbacks reach the breaker and /reconcile in memory, admin calls go through the real admin shell; seeded draws (seed 11): the same figures on every run.',
        'Unprotected minutes are judged each virtual minute by an oracle independent of the coverage code (test/support/day-sim/oracle.ts): the triggers the emulator lists, the status, the usage the simulation recorded.',
        'The main account spends $0.01 every 15 min from 00:00 GMT, so its daily reconcile trigger fires at the first evaluation of each day. Whether Twilio counts subaccounts\u2019 usage in a main-account trigger is not documented; if not, the pass waits for the main account\u2019s own spend.',
      ],
    };
  },
};
