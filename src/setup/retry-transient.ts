// A failure that may pass (a 5xx, a timeout, a dropped connection) is worth another try inside the
// invocation's budget: one lost request should not cost every subaccount that depends on it, nor the
// run's summary. Refusals (other 4xx) are final, and running out of time is the caller's to handle.
import { OutOfTimeError, type SetupClock } from './rate-limit-gate';

/** Duck-typed: the gateway's TwilioError says `retryable`; raw errors are judged by their status. */
export function isTransient(error: unknown): boolean {
  if (error instanceof OutOfTimeError) return false;
  if (typeof error !== 'object' || error === null) return true;
  const { status, retryable } = error as { status?: unknown; retryable?: unknown };
  if (typeof retryable === 'boolean') return retryable;
  // No status: Twilio never answered (timeout, reset), so the request may well succeed next time.
  if (typeof status !== 'number') return true;
  return status === 429 || status >= 500;
}

export interface RetryWithin {
  clock: SetupClock;
  /** No attempt starts at or after this instant (clock ms). */
  deadline: number;
  /** 0 ≤ random() < 1; injectable so tests are deterministic. */
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Runs `call`, repeating it after transient failures with jittered backoff until `deadline`. */
export async function retryTransient<T>(call: () => Promise<T>, within: RetryWithin): Promise<T> {
  const { clock, deadline, random = Math.random, baseDelayMs = 200, maxDelayMs = 2000 } = within;
  // Bounded by the deadline; the attempt cap only guards against a clock that stands still.
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt, 10));
      const delay = Math.max(1, Math.round(cap * (0.5 + random() / 2)));
      if (!isTransient(error) || attempt >= 50 || clock.now() + delay >= deadline) throw error;
      await clock.sleep(delay);
    }
  }
}
