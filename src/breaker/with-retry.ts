// Retries a Twilio call that failed in a way that may pass on a second try (429: never processed;
// 5xx, timeouts, resets), with exponential backoff and jitter, but never past a deadline: a Function
// is killed at 10 s, and an answer (even a 500 that makes Twilio retry) beats being killed.
import type { Clock } from '../runtime/clock';
import { TwilioError } from '../twilio/twilio-errors';

export interface RetryPolicy {
  clock: Clock;
  /** Epoch ms after which no new attempt starts. */
  deadlineAt: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Hard bound on attempts, whatever the clock says. */
  maxAttempts?: number;
  /** 0 ≤ random() < 1; injectable so tests get fixed delays. */
  random?: () => number;
  isRetryable?: (error: unknown) => boolean;
  /** Called before each wait, e.g. to count retries. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export const isRetryableTwilioError = (error: unknown): boolean =>
  error instanceof TwilioError && error.retryable;

export async function withRetry<T>(run: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const {
    clock,
    deadlineAt,
    baseDelayMs = 100,
    maxDelayMs = 1000,
    maxAttempts = 10,
    random = Math.random,
    isRetryable = isRetryableTwilioError,
  } = policy;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isRetryable(error) || attempt >= maxAttempts) throw error;
      // "Equal jitter": at least half the backoff, so a burst of instances spreads out but none
      // retries immediately into the same 429.
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2);
      if (clock.now() + delay >= deadlineAt) throw error;
      policy.onRetry?.(error, attempt, delay);
      await clock.sleep(delay);
    }
  }
}
