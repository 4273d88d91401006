import { suspendAccount } from '../../../src/breaker/action/suspend';
import { withRetry } from '../../../src/retry/with-retry';
import type { Clock } from '../../../src/runtime/clock';
import { TwilioPermanentError, TwilioTransientError } from '../../../src/twilio/twilio-errors';
import { FakeGateway } from '../support/fake-gateway';
import { SUB_A, subaccount } from '../support/deliveries';

/** Virtual time: sleeping advances it, so deadlines are exact and tests instant. */
function virtualClock(start = 0): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

function setup() {
  const gateway = new FakeGateway();
  gateway.accounts.set(SUB_A, subaccount(SUB_A));
  const clock = virtualClock();
  return { gateway, clock };
}

describe('suspendAccount', () => {
  it.each([[429], [500], [503], ['timeout']] as const)(
    'retries a %s and suspends within the deadline',
    async (fault) => {
      const { gateway, clock } = setup();
      gateway.fail('updateAccountStatus', fault, fault, fault);
      const outcome = await suspendAccount(gateway, SUB_A, {
        clock,
        deadlineAt: 6500,
        random: () => 0.5,
      });
      expect(outcome).toEqual({ status: 'suspended', attempts: 4 });
      expect(gateway.accounts.get(SUB_A)!.status).toBe('suspended');
      expect(clock.now()).toBeLessThan(6500);
    },
  );

  it('backs off exponentially with jitter, capped', async () => {
    const { gateway, clock } = setup();
    gateway.fail('updateAccountStatus', 429, 429, 429, 429, 429);
    await suspendAccount(gateway, SUB_A, { clock, deadlineAt: 60_000, random: () => 0 });
    // Equal jitter with random() = 0: half of 100, 200, 400, 800, 1000 (cap).
    expect(clock.slept).toEqual([50, 100, 200, 400, 500]);
  });

  it('gives up at the deadline and says it failed', async () => {
    const { gateway, clock } = setup();
    gateway.fail('updateAccountStatus', ...Array(50).fill(503));
    const outcome = await suspendAccount(gateway, SUB_A, {
      clock,
      deadlineAt: 3000,
      random: () => 1,
    });
    expect(outcome.status).toBe('failed');
    expect(clock.now()).toBeLessThan(3000);
    expect(gateway.accounts.get(SUB_A)!.status).toBe('active');
  });

  it('does not retry what a retry cannot fix', async () => {
    const { gateway, clock } = setup();
    gateway.fail('updateAccountStatus', 'forbidden');
    const outcome = await suspendAccount(gateway, SUB_A, { clock, deadlineAt: 6500 });
    expect(outcome).toMatchObject({ status: 'failed', attempts: 1 });
    if (outcome.status === 'failed') expect(outcome.error).toBeInstanceOf(TwilioPermanentError);
  });

  it('reports an account Twilio suspended itself (21478) as such, not as a failure', async () => {
    const { gateway, clock } = setup();
    gateway.fail('updateAccountStatus', 'suspended-by-twilio');
    expect(await suspendAccount(gateway, SUB_A, { clock, deadlineAt: 6500 })).toEqual({
      status: 'suspended-by-twilio',
      attempts: 1,
    });
  });
});

describe('withRetry', () => {
  it('stops after maxAttempts even if the clock never moves', async () => {
    let attempts = 0;
    const frozen: Clock = { now: () => 0, sleep: async () => undefined };
    await expect(
      withRetry(
        async () => {
          attempts += 1;
          throw new TwilioTransientError('always', 503, undefined, 'test', true);
        },
        { clock: frozen, deadlineAt: 1e12, maxAttempts: 4 },
      ),
    ).rejects.toThrow('always');
    expect(attempts).toBe(4);
  });
});
