// The sandbox story, end to end on the in-memory stack: $500 of fraud suspends subaccount 1,
// ops reactivate it, and the next $500 the same day suspends it again — through the re-arm, since
// its daily trip trigger already fired. The same with $150 more when the trip is $100, and not with
// $50. Coverage says what protects it at each point.
import { startInMemoryStack, type InMemoryStack } from '../support/in-memory-stack';

const MORNING = Date.UTC(2026, 0, 15, 9, 0);
let stack: InMemoryStack;
let sid: string;

const statusOf = (account: string) => stack.twilio.emulator.accounts.get(account)!.status;
const spend = (price: number) =>
  stack.twilio.emulator.recordUsage({ accountSid: sid, category: 'totalprice', price });
/** Ops look at the account for a few minutes, then reactivate it. */
async function reactivate(extra: { headroom?: string } = {}) {
  await stack.twilio.clock.advance(5 * 60_000);
  return stack.reactivate(sid, extra);
}
const coverageOf = async (account: string) =>
  (await stack.coverage()).find((a) => a.sid === account)!;

beforeEach(async () => {
  stack = await startInMemoryStack({ start: MORNING, subaccounts: 2 });
  sid = stack.twilio.emulator.accounts.list().find((a) => a.sid !== stack.env.ACCOUNT_SID)!.sid;
  await stack.setup();
});
afterEach(() => stack.close());

test('$500 suspends; reactivated; another $500 the same day suspends it again', async () => {
  await spend(500);
  expect(statusOf(sid)).toBe('suspended');
  expect((await coverageOf(sid)).armed).toEqual({
    state: 'fired',
    why: 'trip fired at 09:01 GMT; suspended',
  });

  const reactivated = await reactivate();
  expect(reactivated.status).toBe(200);
  expect(reactivated.body).toMatchObject({
    account: { status: 'active' },
    rearm: { state: 'armed', headroom: '100', periodValue: 500, firesAt: 600 },
    protection: 'suspends again if it spends $100 more today (at $600)',
    event: {
      detail: {
        rearm: 'armed',
        protection: 'suspends again if it spends $100 more today (at $600)',
      },
    },
  });
  const covered = await coverageOf(sid);
  expect(covered.armed).toEqual({
    state: 'rearmed',
    why: 'suspends again if it spends $100 more today (at $600)',
  });
  expect(covered.spend).toMatchObject({ period: 'today', value: 500, warn: '25', trip: '100' });
  expect(covered.lastAction?.kind).toBe('reactivated');

  const second = await spend(500);
  expect(second.map((d) => [d.status, d.params.TriggerValue])).toEqual([[200, expect.any(String)]]);
  expect(statusOf(sid)).toBe('suspended');
  expect((await coverageOf(sid)).armed.state).toBe('fired');

  // The next setup run cleans up the spent re-arm.
  const [run] = await stack.setup();
  expect(run.body.changes).toEqual([
    expect.objectContaining({
      accountSid: sid,
      actions: [expect.objectContaining({ reason: 'rearm-fired' })],
    }),
  ]);
});

test('with a trip of $100: $150 more suspends it again; $50 more does not', async () => {
  await spend(500);
  await reactivate();
  await spend(50);
  expect(statusOf(sid)).toBe('active');
  await spend(100); // $150 since the reactivation
  expect(statusOf(sid)).toBe('suspended');
});

test('ops choose the headroom; a failed re-arm reactivates loudly, coverage says unprotected, setup repairs it', async () => {
  await spend(500);
  const chosen = await reactivate({ headroom: '40' });
  expect(chosen.body.protection).toBe('suspends again if it spends $40 more today (at $540)');
  await spend(45);
  expect(statusOf(sid)).toBe('suspended');

  stack.twilio.emulator.faults.add({
    route: '/2010-04-01/Accounts/:AccountSid/Usage/Triggers.json',
    method: 'POST',
    kind: 400,
  });
  const failed = await reactivate();
  expect(failed.status).toBe(200);
  expect(failed.body.account.status).toBe('active');
  expect(failed.body.rearm.state).toBe('failed');
  expect(failed.body.protection).toMatch(/^NOT RE-ARMED/);
  expect(failed.body.event).toMatchObject({ outcome: 'partial' });
  const unprotected = await coverageOf(sid);
  expect(unprotected.armed.state).toBe('unprotected');
  expect(unprotected.armed.why).toMatch(/re-arm FAILED .*run setup to repair it/);

  await stack.setup();
  const repaired = await coverageOf(sid);
  expect(repaired.armed.state).toBe('rearmed');
  expect(repaired.lastAction?.kind).toBe('rearm-repaired');
  await spend(100);
  expect(statusOf(sid)).toBe('suspended');
});

test('the next day the daily trigger is armed again; setup deletes the expired re-arm', async () => {
  await spend(500);
  await reactivate();
  await stack.twilio.clock.advance(24 * 3600_000);
  expect((await coverageOf(sid)).armed.state).toBe('armed');
  const [run] = await stack.setup();
  expect(run.body.changes).toEqual([
    expect.objectContaining({ actions: [expect.objectContaining({ reason: 'rearm-expired' })] }),
  ]);
  await spend(120);
  expect(statusOf(sid)).toBe('suspended');
});
