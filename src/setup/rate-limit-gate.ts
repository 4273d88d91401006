// Twilio answers 429 (error 20429) when an account has too many requests in flight; such a request
// was never processed, so it is always safe to repeat. One gate is shared by all of a run's workers:
// when any of them is told to slow down, all of them pause, which ends a storm instead of feeding it.

export interface SetupClock {
  /** Milliseconds, e.g. Date.now. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: SetupClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Thrown when waiting out a 429 would run past the invocation's budget; the work is redone later. */
export class OutOfTimeError extends Error {
  constructor() {
    super('setup ran out of its time budget; call again with the returned cursor');
    this.name = 'OutOfTimeError';
  }
}

/** Duck-typed so it recognises twilio-node's RestException and the gateway's own error classes. */
export function isRateLimited(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { status, code } = error as { status?: unknown; code?: unknown };
  return status === 429 || code === 20429;
}

export interface GateOptions {
  clock: SetupClock;
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
  const { clock, deadline, baseDelayMs = 100, maxDelayMs = 2000, random = Math.random } = options;
  let pausedUntil = 0;
  let rateLimited = 0;

  async function waitForGate(): Promise<void> {
    // Bounded: each pass either returns or sleeps until the current pause ends.
    for (let i = 0; i < 1000; i += 1) {
      const wait = pausedUntil - clock.now();
      if (clock.now() >= deadline || pausedUntil >= deadline) throw new OutOfTimeError();
      if (wait <= 0) return;
      await clock.sleep(wait);
    }
    throw new OutOfTimeError();
  }

  return {
    get rateLimited() {
      return rateLimited;
    },
    async run<T>(call: () => Promise<T>): Promise<T> {
      for (let attempt = 0; ; attempt += 1) {
        await waitForGate();
        try {
          return await call();
        } catch (error) {
          if (!isRateLimited(error)) throw error;
          rateLimited += 1;
          // Jittered, so workers that were refused together do not all come back together.
          const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt, 10));
          const delay = Math.max(1, Math.round(cap * (0.5 + random() / 2)));
          pausedUntil = Math.max(pausedUntil, clock.now() + delay);
        }
      }
    },
  };
}
