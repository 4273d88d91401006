// How many Twilio requests to have in flight at once, found while working. Twilio answers 429
// (error 20429) when an account has too many requests in flight, and nobody knows their account's
// cap: a fixed concurrency above it turns a large share of requests into 429s, and one below it
// wastes the cap. So the limit adapts, AIMD-style (additive increase, multiplicative decrease, as
// TCP and Netflix's concurrency-limits AIMDLimit do): each success raises it by 1/limit (about +1
// per round of requests), a 429 multiplies it by `backoffRatio`, at most once per round (the 429s
// of requests sent under the old limit are one signal, not many), and never leaves it above the
// requests still in flight when the 429 came back. The configured concurrency is a
// ceiling, never a target. Only 429 counts as "too many": a timeout or a 5xx says nothing about the
// cap, and the breaker's fault tests inject plenty of them.
//
// Waiting requests start in priority order (lower first), first come first served within one, so a
// caller that shares one limit between kinds of work (the breaker: suspensions before alerts) gets
// the important requests out first when the account is at its cap.
import type { Clock } from '../runtime/clock';
import { TwilioRateLimitedError } from '../twilio/twilio-errors';
import { backoffDelay } from './backoff';
import { OutOfTimeError } from './out-of-time';

export interface AdaptiveLimitOptions {
  /** The most requests in flight at once, whatever happens (e.g. SETUP_CONCURRENCY). */
  ceiling: number;
  /** Where the limit starts; the ceiling when absent. */
  initial?: number;
  /** The limit never goes below this (default 1). */
  floor?: number;
  /** A 429 multiplies the limit by this (default 0.9: the cap is usually near, not far). */
  backoffRatio?: number;
  clock: Clock;
  /** 0 ≤ random() < 1, for the jitter of retried 429s; injectable so tests are exact. */
  random?: () => number;
}

export interface LimitedRun {
  /** Lower runs first (default 0). */
  priority?: number;
  /** No attempt starts at or after this instant: the run rejects with OutOfTimeError. */
  startBy?: number;
  /**
   * Retry 429s here (the request was never processed), with backoff, until `startBy`. Without it a
   * 429 lowers the limit and is thrown to the caller, whose own retry policy decides.
   */
  retryRateLimited?: boolean;
}

export interface AdaptiveLimit {
  run<T>(call: () => Promise<T>, options?: LimitedRun): Promise<T>;
  /** The current limit (fractional; floor(limit) requests may be in flight). */
  readonly limit: number;
  readonly inFlight: number;
  readonly waiting: number;
  /** 429s seen so far. */
  readonly rateLimited: number;
  /** Smoothed duration of recent successful requests in ms; 0 before the first one. */
  readonly latencyMs: number;
}

interface Waiter {
  priority: number;
  seq: number;
  start(): void;
}

export function createAdaptiveLimit(options: AdaptiveLimitOptions): AdaptiveLimit {
  const { clock, random } = options;
  const ceiling = Math.max(1, Math.floor(options.ceiling));
  const floor = Math.min(ceiling, Math.max(1, options.floor ?? 1));
  const backoffRatio = options.backoffRatio ?? 0.9;
  let limit = Math.min(ceiling, Math.max(floor, options.initial ?? ceiling));
  let inFlight = 0;
  let rateLimited = 0;
  let latencyMs = 0;
  let seq = 0;
  // Requests started before this sequence number were sent under a limit already lowered.
  let roundStart = 0;
  const queue: Waiter[] = [];

  const allowed = () => Math.max(1, Math.floor(limit));

  function enqueue(waiter: Waiter) {
    // Binary insertion: by priority, then arrival.
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const q = queue[mid];
      if (q.priority < waiter.priority || (q.priority === waiter.priority && q.seq < waiter.seq)) {
        lo = mid + 1;
      } else hi = mid;
    }
    queue.splice(lo, 0, waiter);
  }

  function pump() {
    while (inFlight < allowed() && queue.length > 0) {
      const next = queue.shift() as Waiter;
      inFlight += 1;
      next.start();
    }
  }

  /** Resolves with the request's sequence number once it may start; rejects past `startBy`. */
  function acquire(priority: number, startBy: number): Promise<number> {
    if (clock.now() >= startBy) return Promise.reject(new OutOfTimeError('the request'));
    if (inFlight < allowed() && queue.length === 0) {
      inFlight += 1;
      return Promise.resolve(seq++);
    }
    return new Promise<number>((resolve, reject) => {
      const stop = new AbortController();
      const waiter: Waiter = {
        priority,
        seq: seq++,
        start: () => {
          stop.abort();
          resolve(seq++);
        },
      };
      enqueue(waiter);
      if (Number.isFinite(startBy)) {
        void clock.sleep(startBy - clock.now(), stop.signal).then(() => {
          if (stop.signal.aborted) return;
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          reject(new OutOfTimeError('the request'));
        });
      }
    });
  }

  function settle(started: number, startedAt: number, error: unknown) {
    inFlight -= 1;
    if (error instanceof TwilioRateLimitedError) {
      rateLimited += 1;
      if (started >= roundStart) {
        limit *= backoffRatio;
        roundStart = seq;
      }
      // Twilio refused this one with the others still in flight: more than those is too many.
      // (Each 429 of a round lowers the limit to what is left in flight, so a first wave far above
      // the cap costs one round of 429s, not a cascade of 10 % steps.)
      limit = Math.max(floor, Math.min(limit, inFlight));
    } else if (error === undefined) {
      const took = clock.now() - startedAt;
      latencyMs = latencyMs === 0 ? took : latencyMs * 0.8 + took * 0.2;
      // Raise only a limit that is in use: an idle limit says nothing about the cap.
      if ((inFlight + 1) * 2 >= allowed()) limit = Math.min(ceiling, limit + 1 / limit);
    }
    pump();
  }

  async function attempt<T>(call: () => Promise<T>, priority: number, startBy: number) {
    const started = await acquire(priority, startBy);
    const startedAt = clock.now();
    try {
      const value = await call();
      settle(started, startedAt, undefined);
      return value;
    } catch (error) {
      settle(started, startedAt, error ?? new Error('rejected without a reason'));
      throw error;
    }
  }

  return {
    get limit() {
      return limit;
    },
    get inFlight() {
      return inFlight;
    },
    get waiting() {
      return queue.length;
    },
    get rateLimited() {
      return rateLimited;
    },
    get latencyMs() {
      return latencyMs;
    },
    async run<T>(call: () => Promise<T>, run: LimitedRun = {}): Promise<T> {
      const { priority = 0, startBy = Infinity, retryRateLimited = false } = run;
      for (let retry = 1; ; retry += 1) {
        try {
          return await attempt(call, priority, startBy);
        } catch (error) {
          if (!retryRateLimited || !(error instanceof TwilioRateLimitedError)) throw error;
          const delay = backoffDelay(retry, { baseDelayMs: 50, maxDelayMs: 2000, random });
          if (clock.now() + delay >= startBy) throw new OutOfTimeError('the request');
          await clock.sleep(delay);
        }
      }
    },
  };
}
