// A clock that runs `speed` times faster than real time: deadlines of seconds take milliseconds,
// while waits still really wait (so a race against a deadline means what it means in production).
import type { Clock } from '../../../src/runtime/clock';

export function fastClock(speed = 100, start = Date.UTC(2025, 0, 15, 12, 0, 0)): Clock {
  const realStart = performance.now();
  return {
    now: () => Math.round(start + (performance.now() - realStart) * speed),
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        if (signal?.aborted) return resolve();
        const timer = setTimeout(done, Math.max(0, ms / speed));
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
      }),
  };
}
