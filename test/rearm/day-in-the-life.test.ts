// Three virtual days of the whole product (test/support/day-sim/): seeded random fraud, ops
// reactivating what got suspended (half the time too early: the fraud goes on), new subaccounts
// (half protected by the sign-up flow's one call, half left to the daily reconcile). Everything on
// one virtual clock, so the figures are the same on any machine; `npm run bench` prints them.
import { TWILIO_EVALUATION_INTERVAL_MS } from '../../emulator';
import { RECONCILE_DEFAULT_VALUE } from '../../src/setup/setup-env';
import { runDaySim, type DaySimReport } from '../support/day-sim/run-day-sim';
import { DAY, DEFAULT_SIM, reconcileBoundMinutes } from '../support/day-sim/schedule';

let report: DaySimReport;
let bound: number;

beforeAll(async () => {
  report = await runDaySim(DEFAULT_SIM);
  // The main account spends its first cent at 00:00 GMT every day, reaching the trigger at once.
  expect(DAY % DEFAULT_SIM.mainSpendEveryMs).toBe(0);
  expect(DEFAULT_SIM.mainSpend).toBeGreaterThanOrEqual(Number(RECONCILE_DEFAULT_VALUE));
  bound = reconcileBoundMinutes({
    firstSpendAfterMidnightMs: 0,
    evaluationMs: TWILIO_EVALUATION_INTERVAL_MS,
    passMs: report.reconcile.longestPassMs,
  });
}, 600_000);

test('the run exercised what it is meant to: fraud, re-arms, resumed fraud, new accounts, daily passes', () => {
  expect(report.sampledMinutes).toBe(3 * 24 * 60);
  expect(report.fraudEpisodes).toBeGreaterThanOrEqual(3 * DEFAULT_SIM.fraudPerDay);
  expect(report.tripCallbacks.daily).toBeGreaterThan(0);
  expect(report.tripCallbacks.rearm).toBeGreaterThan(0);
  expect(report.reactivations.fraudResumed).toBeGreaterThan(0);
  expect(report.reactivations.customHeadroom).toBeGreaterThan(0);
  expect(report.newAccounts.filter((a) => a.origin === 'reconcile').length).toBeGreaterThan(0);
  expect(report.spentWhileUnprotected).toBeGreaterThan(0); // fraud hit a new account before its pass
  // One pass a day, started by the main account's trigger soon after 00:00 GMT.
  expect(report.reconcile.startedAt.map((at) => at.slice(11, 16))).toEqual([
    '00:01',
    '00:01',
    '00:01',
  ]);
});

test('every crossing of a trip level suspends: none missed, each within one evaluation', () => {
  expect(report.missedTrips).toEqual([]);
  expect(report.maxCrossingToCallbackMs).toBeLessThanOrEqual(TWILIO_EVALUATION_INTERVAL_MS);
});

test('every unprotected subaccount-minute is explained, and none is a reactivation without a re-arm', () => {
  const reasons = Object.keys(report.unprotectedByReason);
  expect(reasons).toEqual(['new, left to the reconcile']);
  const perAccount = report.newAccounts.reduce((sum, a) => sum + a.unprotectedMinutes, 0);
  expect(report.unprotectedMinutes).toBe(perAccount);
});

test('subaccounts protected at sign-up lose no minute; those left to the reconcile stay within the bound', () => {
  for (const account of report.newAccounts) {
    if (account.origin === 'one-call') expect(account.unprotectedMinutes).toBe(0);
    else expect(account.unprotectedMinutes).toBeLessThanOrEqual(bound);
  }
  expect(report.longestOneCallMs).toBeLessThan(2000);
  const reconciled = report.newAccounts.filter((a) => a.origin === 'reconcile');
  expect(report.unprotectedMinutes).toBeLessThanOrEqual(reconciled.length * bound);
});
