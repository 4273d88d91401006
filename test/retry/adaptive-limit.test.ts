import { createAdaptiveLimit } from '../../src/retry/adaptive-limit';
import { OutOfTimeError } from '../../src/retry/out-of-time';
import { createVirtualClock, type VirtualClock } from '../../src/runtime/virtual-clock';
import { TwilioRateLimitedError, TwilioTransientError } from '../../src/twilio/twilio-errors';
import { seededRandom } from '../support/seeded-random';

/** A Twilio-like account: 429 at once above `cap` requests in flight, else an answer after `latencyMs`. */
function cappedServer(clock: VirtualClock, cap: number, latencyMs: number) {
  let inFlight = 0;
  const stats = { served: 0, rateLimited: 0, peak: 0 };
  return {
    stats,
    async request(): Promise<string> {
      if (inFlight >= cap) {
        stats.rateLimited += 1;
        throw new TwilioRateLimitedError('too many', 429, 20429, 'test', true);
      }
      inFlight += 1;
      stats.peak = Math.max(stats.peak, inFlight);
      await clock.sleep(latencyMs);
      inFlight -= 1;
      stats.served += 1;
      return 'ok';
    },
  };
}

describe('the adaptive limit', () => {
  it('finds a cap below its ceiling: close to the cap in throughput, few 429s', async () => {
    const clock = createVirtualClock({ start: 0 });
    const server = cappedServer(clock, 25, 50);
    const limit = createAdaptiveLimit({ ceiling: 50, clock, random: seededRandom(7) });
    const requests = 2000;
    await Promise.all(
      Array.from({ length: requests }, () =>
        limit.run(() => server.request(), { retryRateLimited: true }),
      ),
    );
    const bound = (requests * 50) / 25;
    expect(server.stats.served).toBe(requests);
    // A fixed 50 against a cap of 25 wastes half its requests on 429s; this one settles near 25.
    expect(clock.now()).toBeLessThanOrEqual(bound * 1.1);
    expect(server.stats.rateLimited).toBeLessThan(requests * 0.1);
    expect(limit.limit).toBeGreaterThan(20);
    expect(limit.limit).toBeLessThan(28);
    clock.dispose();
  });

  it('never has more than its ceiling in flight, and climbs back to it when nothing pushes back', async () => {
    const clock = createVirtualClock({ start: 0 });
    const server = cappedServer(clock, 1000, 50);
    const limit = createAdaptiveLimit({ ceiling: 10, initial: 2, clock });
    await Promise.all(Array.from({ length: 500 }, () => limit.run(() => server.request())));
    expect(server.stats.peak).toBe(10);
    expect(limit.limit).toBe(10);
    clock.dispose();
  });

  it('after one round of 429s, lowers the limit to what Twilio accepted, and hands the 429s to the caller', async () => {
    const clock = createVirtualClock({ start: 0 });
    const server = cappedServer(clock, 5, 50);
    const limit = createAdaptiveLimit({ ceiling: 20, clock, backoffRatio: 0.5 });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => limit.run(() => server.request())),
    );
    const refused = results.filter(
      (r) => r.status === 'rejected' && r.reason instanceof TwilioRateLimitedError,
    );
    expect(refused).toHaveLength(15);
    // Fifteen 429s from one round of requests while five were accepted: the limit is 5 (then
    // +1/limit for each of the five successes), not 20 × 0.5.
    expect(limit.rateLimited).toBe(15);
    expect(limit.limit).toBeGreaterThanOrEqual(5);
    expect(limit.limit).toBeLessThan(6);
    clock.dispose();
  });

  it('does not take a timeout or a 5xx for "too many": only 429 lowers the limit', async () => {
    const clock = createVirtualClock({ start: 0 });
    const limit = createAdaptiveLimit({ ceiling: 8, clock });
    const failing = async () => {
      await clock.sleep(10);
      throw new TwilioTransientError('no answer', 504, undefined, 'test', true);
    };
    await Promise.allSettled(Array.from({ length: 40 }, () => limit.run(failing)));
    expect(limit.limit).toBe(8);
    clock.dispose();
  });

  it('starts waiting requests by priority, first come first served within one', async () => {
    const clock = createVirtualClock({ start: 0 });
    const limit = createAdaptiveLimit({ ceiling: 1, clock });
    const order: string[] = [];
    const job = (name: string) => async () => {
      order.push(name);
      await clock.sleep(10);
    };
    await Promise.all([
      limit.run(job('first (already running)'), { priority: 3 }),
      limit.run(job('audit 1'), { priority: 3 }),
      limit.run(job('sweep'), { priority: 2 }),
      limit.run(job('audit 2'), { priority: 3 }),
      limit.run(job('suspend A'), { priority: 0 }),
      limit.run(job('suspend B'), { priority: 0 }),
    ]);
    expect(order).toEqual([
      'first (already running)',
      'suspend A',
      'suspend B',
      'sweep',
      'audit 1',
      'audit 2',
    ]);
    clock.dispose();
  });

  it('gives up on a request still waiting for a slot at its start deadline, and starts none after it', async () => {
    const clock = createVirtualClock({ start: 0 });
    const limit = createAdaptiveLimit({ ceiling: 1, clock });
    const long = limit.run(() => clock.sleep(1000).then(() => 'long'));
    const waiting = limit.run(async () => 'never', { startBy: 300 });
    await expect(waiting).rejects.toBeInstanceOf(OutOfTimeError);
    expect(clock.now()).toBe(300);
    await expect(long).resolves.toBe('long');
    await expect(limit.run(async () => 'late', { startBy: 900 })).rejects.toBeInstanceOf(
      OutOfTimeError,
    );
    expect(limit.waiting).toBe(0);
    clock.dispose();
  });

  it('retries a 429 only until its start deadline', async () => {
    const clock = createVirtualClock({ start: 0 });
    const limit = createAdaptiveLimit({ ceiling: 4, clock, random: () => 0.5 });
    let calls = 0;
    const refused = async () => {
      calls += 1;
      throw new TwilioRateLimitedError('too many', 429, 20429, 'test', true);
    };
    await expect(
      limit.run(refused, { retryRateLimited: true, startBy: 1000 }),
    ).rejects.toBeInstanceOf(OutOfTimeError);
    expect(calls).toBeGreaterThan(3);
    expect(clock.now()).toBeLessThan(1000);
    expect(limit.limit).toBeLessThan(4 * 0.9 ** 3);
    clock.dispose();
  });
});
