// Twilio answers 429 (error 20429) when an account has too many requests in flight; such a request
// was never processed, so it is always safe to repeat. One gate is shared by all of a run's workers:
// when any of them is told to slow down, all of them pause, which ends a storm instead of feeding it.
import type { Clock } from '../runtime/clock';
import { TwilioRateLimitedError } from '../twilio/twilio-errors';
import { backoffDelay } from './backoff';
import { OutOfTimeError } from './out-of-time';

export interface GateOptions {
  clock: Clock;
  /** No call starts at or after this instant (clock ms). */
  deadline: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** 0 ≤ random() < 1; injectable so tests are deterministic. */
  random?: () => number;
}

export interface RateLimitGate {
  /** Runs `call`, waiting out 429s with backoff until it succeeds or the deadline comes. */
  run<T>(call: () => Promise<T>): Promise<T>;
  /** How many 429s this gate has absorbed. */
  readonly rateLimited: number;
}

export function rateLimitGate(options: GateOptions): RateLimitGate {
  const { clock, deadline, baseDelayMs = 100, maxDelayMs = 2000, random } = options;
  let pausedUntil = 0;
  let rateLimited = 0;

  async function waitForGate(): Promise<void> {
    // Bounded: each pass either returns or sleeps until the current pause ends.
    for (let i = 0; i < 1000; i += 1) {
      const wait = pausedUntil - clock.now();
      if (clock.now() >= deadline || pausedUntil >= deadline) throw new OutOfTimeError('setup');
      if (wait <= 0) return;
      await clock.sleep(wait);
    }
    throw new OutOfTimeError('setup');
  }

  return {
    get rateLimited() {
      return rateLimited;
    },
    async run<T>(call: () => Promise<T>): Promise<T> {
      for (let retry = 1; ; retry += 1) {
        await waitForGate();
        try {
          return await call();
        } catch (error) {
          if (!(error instanceof TwilioRateLimitedError)) throw error;
          rateLimited += 1;
          const delay = backoffDelay(retry, { baseDelayMs, maxDelayMs, random });
          pausedUntil = Math.max(pausedUntil, clock.now() + delay);
        }
      }
    },
  };
}
