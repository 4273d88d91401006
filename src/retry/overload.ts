// Load, told apart from failure. A 429 (Twilio refused the request unprocessed: too many in flight)
// and a request that never got its turn before its deadline (queued behind others at the cap) say
// only that there was more work than Twilio's rate limit lets through: not that Twilio, the account
// or Sync is broken. The breaker answers such a delivery 503 for Twilio to send again, without the
// alerts a real failure gets.
import { TwilioRateLimitedError } from '../twilio/twilio-errors';
import { OutOfTimeError } from './out-of-time';

export const isLoad = (error: unknown): boolean =>
  error instanceof OutOfTimeError || error instanceof TwilioRateLimitedError;

/** Every attempt of a retried call failed for load alone; `cause` is the last attempt's error. */
export class OverloadedError extends Error {
  constructor(readonly cause: unknown) {
    super('Twilio was too busy to answer in time (429s, or no turn at the account cap)');
    this.name = 'OverloadedError';
  }
}

/**
 * Runs a call retried by `retried(onRetry)`; if it fails, and every failed attempt failed for
 * load, rethrows an OverloadedError instead of the last error.
 */
export async function markOverload<T>(
  retried: (onRetry: (error: unknown) => void) => Promise<T>,
): Promise<T> {
  let onlyLoad = true;
  try {
    return await retried((error) => {
      if (!isLoad(error)) onlyLoad = false;
    });
  } catch (error) {
    throw onlyLoad && isLoad(error) ? new OverloadedError(error) : error;
  }
}
