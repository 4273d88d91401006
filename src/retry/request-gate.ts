// What a fan-out's steps are handed (setup's accounts, coverage's checks): every Twilio request
// goes through one adaptive limit (adaptive-limit.ts), and a 429 is waited out there, with backoff,
// until the last moment a request may start. A 429 slows the one request that got it and lowers the
// limit; the other workers go on within the new limit.
import type { AdaptiveLimit } from './adaptive-limit';

export interface RequestGate {
  run<T>(call: () => Promise<T>): Promise<T>;
  /** 429s seen so far by the limit. */
  readonly rateLimited: number;
}

/** `startBy`: read at each request, so it can follow what the limit learns (its latency). */
export function requestGate(limit: AdaptiveLimit, startBy: () => number): RequestGate {
  return {
    run: (call) => limit.run(call, { retryRateLimited: true, startBy: startBy() }),
    get rateLimited() {
      return limit.rateLimited;
    },
  };
}
