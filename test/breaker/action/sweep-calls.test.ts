import { sweepLiveCalls } from '../../../src/breaker/action/sweep-calls';
import { FakeGateway } from '../support/fake-gateway';
import { createVirtualClock } from '../../../src/runtime/virtual-clock';
import { SUB_A, subaccount } from '../support/deliveries';

const CALLS = ['CA1', 'CA2', 'CA3'].map((c) => c.padEnd(34, '0'));

function setup(calls = CALLS) {
  const gateway = new FakeGateway();
  gateway.accounts.set(SUB_A, subaccount(SUB_A));
  gateway.liveCalls.set(SUB_A, [...calls]);
  // 20× real time: a 6 s budget takes 0.3 s, and waits really wait (settle-by races them).
  const clock = createVirtualClock();
  const policy = (budgetMs = 6000) => ({
    clock,
    deadlineAt: clock.now() + budgetMs,
    random: () => 0.5,
  });
  return { gateway, clock, policy };
}

describe('sweepLiveCalls', () => {
  it('lists each live call state and ends every call it finds', async () => {
    const { gateway, policy } = setup();
    expect(await sweepLiveCalls(gateway, SUB_A, policy())).toEqual({
      found: 3,
      ended: 3,
      failed: 0,
      listed: true,
      complete: true,
    });
    expect(gateway.liveCalls.get(SUB_A)).toEqual([]);
    const statuses = gateway.calls('listLiveCalls').map((c) => c.args[1]);
    expect(statuses).toEqual([['queued'], ['ringing'], ['in-progress']]);
  });

  it('retries each listing on its own: one timeout costs a retry, not the sweep', async () => {
    const { gateway, policy } = setup();
    gateway.fail('listLiveCalls', 'timeout', 'timeout');
    expect(await sweepLiveCalls(gateway, SUB_A, policy())).toMatchObject({ complete: true });
    expect(gateway.calls('listLiveCalls')).toHaveLength(5);
  });

  it('retries each hang-up on its own', async () => {
    const { gateway, policy } = setup();
    gateway.fail('endCall', 503, 429, 'timeout');
    expect(await sweepLiveCalls(gateway, SUB_A, policy())).toMatchObject({
      ended: 3,
      complete: true,
    });
  });

  it('counts what it could not do instead of throwing', async () => {
    const { gateway, policy } = setup(CALLS.slice(0, 2));
    gateway.fail('endCall', 'forbidden');
    expect(await sweepLiveCalls(gateway, SUB_A, policy())).toEqual({
      found: 2,
      ended: 1,
      failed: 1,
      listed: true,
      complete: false,
    });
  });

  it('gives up at its deadline, saying which part did not finish', async () => {
    const { gateway, clock, policy } = setup();
    gateway.fail('listLiveCalls', ...Array(200).fill(503));
    const p = policy(2000);
    const sweep = await sweepLiveCalls(gateway, SUB_A, p);
    expect(sweep).toEqual({ found: 0, ended: 0, failed: 0, listed: false, complete: false });
    expect(clock.now()).toBeLessThan(p.deadlineAt + 500);
  });

  it('abandons a hang-up that hangs past the deadline, and counts it as failed', async () => {
    const { gateway, clock, policy } = setup(CALLS.slice(0, 1));
    gateway.endCall = () => new Promise(() => undefined);
    const p = policy(1000);
    expect(await sweepLiveCalls(gateway, SUB_A, p)).toMatchObject({ found: 1, failed: 1 });
    expect(clock.now()).toBeLessThan(p.deadlineAt + 500);
  });

  it('ends calls in parallel, in one round trip after the listings', async () => {
    const { gateway, policy } = setup([...CALLS, 'CA4'.padEnd(34, '0')]);
    await sweepLiveCalls(gateway, SUB_A, policy());
    expect(new Set(gateway.calls('endCall').map((c) => c.depth))).toEqual(new Set([2]));
  });
});
