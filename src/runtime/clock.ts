// Time is passed in, never read from globals: every deadline, backoff, lease and timeout in the
// project reads this clock, so tests run them on a virtual clock (virtual-clock.ts) and a result
// never depends on how busy the machine is.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * An AbortSignal that aborts after `ms` on `clock` (AbortSignal.timeout reads the real clock), for
 * APIs such as fetch that take a signal. `stop` aborts the wait early, e.g. once the work is done.
 */
export function clockTimeout(clock: Clock, ms: number): { signal: AbortSignal; stop(): void } {
  const timeout = new AbortController();
  const stopped = new AbortController();
  void clock.sleep(ms, stopped.signal).then(() => {
    if (!stopped.signal.aborted) {
      timeout.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError'));
    }
  });
  return { signal: timeout.signal, stop: () => stopped.abort() };
}
