import { clockTimeout } from '../../src/runtime/clock';
import { createVirtualClock } from '../../src/runtime/virtual-clock';

describe('the virtual clock', () => {
  it('in auto mode, jumps to the next sleeper once nothing else can run', async () => {
    const clock = createVirtualClock({ start: 0 });
    const woke: Array<[string, number]> = [];
    await Promise.all([
      clock.sleep(5000).then(() => woke.push(['5 s', clock.now()])),
      clock.sleep(100).then(() => woke.push(['100 ms', clock.now()])),
      clock.sleep(100).then(() => woke.push(['100 ms again', clock.now()])),
    ]);
    expect(woke).toEqual([
      ['100 ms', 100],
      ['100 ms again', 100],
      ['5 s', 5000],
    ]);
  });

  it('lets work started by one wake-up run before time moves on', async () => {
    const clock = createVirtualClock({ start: 0 });
    const order: string[] = [];
    const chain = async () => {
      await clock.sleep(10);
      // A long chain of promise callbacks, all before the next sleeper wakes.
      for (let i = 0; i < 1000; i++) await Promise.resolve();
      order.push(`chain done at ${clock.now()}`);
    };
    await Promise.all([chain(), clock.sleep(11).then(() => order.push(`11 at ${clock.now()}`))]);
    expect(order).toEqual(['chain done at 10', '11 at 11']);
  });

  it('decides a race between work and a deadline by virtual time, whatever the machine does', async () => {
    const clock = createVirtualClock({ start: 0 });
    const work = async (ms: number) => {
      await clock.sleep(ms);
      return 'done';
    };
    const race = (ms: number) => Promise.race([work(ms), clock.sleep(1000).then(() => 'deadline')]);
    // Burn real time between the steps: it must not matter.
    const burn = () => {
      const until = Date.now() + 30;
      while (Date.now() < until);
    };
    burn();
    expect(await race(999)).toBe('done');
    burn();
    expect(await race(1001)).toBe('deadline');
  });

  it('wakes an aborted sleeper at once and forgets it', async () => {
    const clock = createVirtualClock({ start: 0 });
    const stop = new AbortController();
    const sleeping = clock.sleep(60_000, stop.signal);
    expect(clock.pendingSleeps()).toBe(1);
    stop.abort();
    await sleeping;
    expect(clock.now()).toBe(0);
    expect(clock.pendingSleeps()).toBe(0);
  });

  it('in manual mode moves only when advanced, waking what falls due on the way', async () => {
    const clock = createVirtualClock({ start: 0, auto: false });
    const woke: number[] = [];
    void clock.sleep(300).then(() => woke.push(clock.now()));
    void clock.sleep(1200).then(() => woke.push(clock.now()));
    await clock.settled();
    expect(woke).toEqual([]);
    await clock.advance(1000);
    expect([woke, clock.now()]).toEqual([[300], 1000]);
    await clock.advance(500);
    expect([woke, clock.now()]).toEqual([[300, 1200], 1500]);
  });

  it('does not move while tracked real work is in flight', async () => {
    const clock = createVirtualClock({ start: 0 });
    let deadlinePassed = false;
    void clock.sleep(1).then(() => (deadlinePassed = true));
    await clock.track(new Promise((resolve) => setTimeout(resolve, 20)));
    expect(deadlinePassed).toBe(false);
    await clock.settled();
    await clock.sleep(0);
    expect(deadlinePassed).toBe(true);
  });

  it('gives fetch-style APIs a signal that aborts on virtual time', async () => {
    const clock = createVirtualClock({ start: 0 });
    const { signal } = clockTimeout(clock, 2500);
    const aborted = new Promise((resolve) =>
      signal.addEventListener('abort', () => resolve(clock.now())),
    );
    expect(await aborted).toBe(2500);
    expect((signal.reason as Error).name).toBe('TimeoutError');
  });
});
