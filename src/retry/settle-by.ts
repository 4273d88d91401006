// Waits for work that runs after the suspension (call sweep, alerts, audit write) but only until a
// deadline: the answer to Twilio must go out before the Functions runtime kills the invocation.
import type { Clock } from '../runtime/clock';

export type Settled<T> =
  { status: 'done'; value: T } | { status: 'failed'; error: unknown } | { status: 'timeout' };

export async function settleBy<T>(
  work: Promise<T>,
  deadlineAt: number,
  clock: Clock,
): Promise<Settled<T>> {
  const stop = new AbortController();
  const outcome = work.then(
    (value): Settled<T> => ({ status: 'done', value }),
    (error: unknown): Settled<T> => ({ status: 'failed', error }),
  );
  const timeout = clock
    .sleep(Math.max(0, deadlineAt - clock.now()), stop.signal)
    .then((): Settled<T> => ({ status: 'timeout' }));
  try {
    return await Promise.race([outcome, timeout]);
  } finally {
    stop.abort();
  }
}
