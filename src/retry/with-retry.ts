// Retries a Twilio call that failed in a way that may pass on a second try (TwilioError.retryable:
// 429 was never processed; 5xx, timeouts and resets may pass), with backoff, but never past a
// deadline: a Function is killed at 10 s, and an answer (even a 500 that makes Twilio retry) beats
// being killed. Any other error (a refusal, a bug) is thrown at once.
import type { Clock } from '../runtime/clock';
import { TwilioError } from '../twilio/twilio-errors';
import { backoffDelay } from './backoff';

export interface RetryPolicy {
  clock: Clock;
  /** Epoch ms (on `clock`) after which no new attempt starts. */
  deadlineAt: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Hard bound on attempts, whatever the clock says. */
  maxAttempts?: number;
  /** 0 ≤ random() < 1; injectable so tests get fixed delays. */
  random?: () => number;
  /** Called before each wait, e.g. to count retries. */
  onRetry?: (error: TwilioError, attempt: number, delayMs: number) => void;
}

/** The only test of "may retry" in the project. */
export const mayRetry = (error: unknown): error is TwilioError =>
  error instanceof TwilioError && error.retryable;

export async function withRetry<T>(run: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const { clock, deadlineAt, baseDelayMs = 100, maxDelayMs = 1000, maxAttempts = 10 } = policy;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!mayRetry(error) || attempt >= maxAttempts) throw error;
      const delay = backoffDelay(attempt, { baseDelayMs, maxDelayMs, random: policy.random });
      if (clock.now() + delay >= deadlineAt) throw error;
      policy.onRetry?.(error, attempt, delay);
      await clock.sleep(delay);
    }
  }
}
