// Partial Sync failure: 100 subaccounts trip at once, each with a call in progress, on one warm
// instance. Each delivery arrives 3 times and every copy answered 5xx is sent again, as Twilio
// re-sends. 20 % of Sync Map Item creates (claims, day marks) and 50 % of live-call listings time
// out. Expected: every account suspended with no call left running, whatever copy answered 200 —
// a 200 means "suspended, and nothing left running (or handed to a copy that will finish it)".
// Side effects beyond one per account (suspend POSTs, `suspended` events, SMS), which a copy that
// cannot reach its claim may repeat (fail closed), are bounded too. On one virtual clock with the
// emulator and seeded fault draws (test/support/virtual-burst.ts): the same run every time.
// `npm run bench -- sync-fault` runs the same burst on 3 instances and prints its figures.
import { runVirtualBurst, SYNC_FAULT_MIX } from '../support/virtual-burst';

const ACCOUNTS = 100;
it(`${ACCOUNTS} trips × 3 copies, 20 % of claim creates and 50 % of call listings timing out: all suspended, no call left running`, async () => {
  const outcome = await runVirtualBurst({
    accounts: ACCOUNTS,
    copies: 3,
    instances: 1,
    inFlight: 50,
    resends: 8,
    resendDelayMs: 1000,
    faults: SYNC_FAULT_MIX,
  });
  console.info(`sync-fault burst: ${JSON.stringify(outcome)}`);
  expect(outcome).toMatchObject({
    suspended: ACCOUNTS,
    withLiveCalls: 0,
    lost: 0,
    answeredOkWithCallsLeft: 0,
    stillFailing: 0,
  });
  expect(outcome.extraSuspendPosts).toBeLessThanOrEqual(ACCOUNTS * 0.1);
  expect(outcome.extraSuspendedEvents).toBeLessThanOrEqual(ACCOUNTS * 0.1);
});
