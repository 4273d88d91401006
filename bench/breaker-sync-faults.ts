// breaker-sync-faults: the partial-Sync-failure burst of test/reliability/sync-fault-burst.test.ts,
// with its figures. 100 subaccounts, each with a call in progress, trip at once; every delivery is
// sent 3 times and copies answered 5xx are sent again; 20 % of Sync Map Item creates (claims, day
// marks) and 50 % of live-call listings time out. Once on one warm instance (all copies), once on
// three (copy k to instance k). Virtual time (test/support/virtual-burst.ts).
import { runVirtualBurst, SYNC_FAULT_MIX, type BurstOutcome } from '../test/support/virtual-burst';
import type { Benchmark, BenchRow } from './support/report';

const ACCOUNTS = 100;

const rowsOf = (label: string, o: BurstOutcome): BenchRow[] => [
  {
    metric: `${label}: suspended / live calls left / lost`,
    value: `${o.suspended} / ${o.withLiveCalls} / ${o.lost}`,
    note: `expected ${ACCOUNTS} / 0 / 0`,
  },
  {
    metric: `${label}: answered 200 with a call still running`,
    value: o.answeredOkWithCallsLeft,
    note: 'expected 0',
  },
  {
    metric: `${label}: suspend POSTs beyond one per account`,
    value: o.extraSuspendPosts,
  },
  {
    metric: `${label}: suspended events / trip SMS beyond one per account`,
    value: `${o.extraSuspendedEvents} / ${o.extraTripSms}`,
  },
  { metric: `${label}: token-unavailable events`, value: o.tokenUnavailable },
  {
    metric: `${label}: answers`,
    value: Object.entries(o.answers)
      .map(([s, n]) => `${s} ×${n}`)
      .join(', '),
    note: `${o.rounds.length} rounds of sending`,
  },
];

export const breakerSyncFaults: Benchmark = {
  name: 'breaker-sync-faults',
  description: `${ACCOUNTS} trips × 3 copies, 20 % of claim creates and 50 % of call listings timing out (virtual time)`,
  async run() {
    const burst = (instances: number) =>
      runVirtualBurst({
        accounts: ACCOUNTS,
        copies: 3,
        instances,
        inFlight: 50,
        resends: 8,
        resendDelayMs: 1000,
        faults: SYNC_FAULT_MIX,
      });
    const one = await burst(1);
    const three = await burst(3);
    return {
      rows: [...rowsOf('1 instance', one), ...rowsOf('3 instances', three)],
      notes: [
        `Breaker instances (createBreaker(), the real gateway and twilio-node) and the emulator on one virtual clock, in memory, with seeded fault draws. ${ACCOUNTS} trips × 3 copies, 50 in flight; a copy answered 5xx is sent again 1 s after the round, at most 8 times. Faults: 'timeout' (held past the 2 s client timeout, never processed) on 20 % of Sync Map Item creates and 50 % of GET Calls.json.`,
      ],
    };
  },
};
