// Holds back alerts that an unauthenticated request can cause. A delivery whose signature cannot be
// checked (Twilio does not return the account's token) is alerted, because it may be a trip that
// is about to be lost — but anyone can send one naming any SID-shaped account, and while Twilio is
// failing each would alert. So, per warm instance: at most one alert per account per window, and at
// most `maxPerWindow` in all per window (so random SIDs cannot multiply them). What is held back
// still prints its console line and counts in the rejected-requests summary.

export interface AlertThrottle {
  /** True when an alert about `key` may go out now (and counts it). */
  allow(key: string, now: number): boolean;
}

export interface AlertThrottleOptions {
  windowMs?: number;
  maxPerWindow?: number;
  /** Accounts remembered; the oldest are forgotten first (the overall cap still holds). */
  maxKeys?: number;
}

export const FAILURE_ALERT_WINDOW_MS = 10 * 60_000;

export function createAlertThrottle(options: AlertThrottleOptions = {}): AlertThrottle {
  const { windowMs = FAILURE_ALERT_WINDOW_MS, maxPerWindow = 10, maxKeys = 1000 } = options;
  const lastAllowed = new Map<string, number>();
  let windowStart = -Infinity;
  let allowedInWindow = 0;

  return {
    allow(key, now) {
      const last = lastAllowed.get(key);
      if (last !== undefined && now - last < windowMs) return false;
      if (now - windowStart >= windowMs) {
        windowStart = now;
        allowedInWindow = 0;
      }
      if (allowedInWindow >= maxPerWindow) return false;
      allowedInWindow += 1;
      lastAllowed.delete(key); // re-insert: Map order doubles as oldest-first
      lastAllowed.set(key, now);
      if (lastAllowed.size > maxKeys) lastAllowed.delete(lastAllowed.keys().next().value as string);
      return true;
    },
  };
}
