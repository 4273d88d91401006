// The one backoff formula of the project: exponential, capped, with "equal jitter" (at least half
// the step, the rest random), so a burst of callers spreads out but none retries at once into the
// same 429.

export interface BackoffOptions {
  /** The first retry's step (before jitter). */
  baseDelayMs: number;
  /** No step grows past this. */
  maxDelayMs: number;
  /** 0 ≤ random() < 1; injectable so tests get fixed delays. */
  random?: () => number;
}

/** The wait before retry number `retry` (1 for the first retry), in whole ms, at least 1. */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const { baseDelayMs, maxDelayMs, random = Math.random } = options;
  const step = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(Math.max(retry, 1) - 1, 20));
  return Math.max(1, Math.round(step / 2 + (random() * step) / 2));
}
