// The breaker's callback URL is the contract between setup (which registers it on every trigger)
// and the breaker (which rebuilds it to check the signature). The tier travels in its query: Twilio
// signs the full URL, so the tier cannot be changed without breaking the signature.
import type { Tier } from '../../domain/tier';

/** Path of the breaker Function (functions/breaker.ts). */
export const BREAKER_PATH = '/breaker';

/** The query keys of the callback URL, in the order they are written. */
export const BREAKER_QUERY_KEYS = ['tier'] as const;

/** e.g. breakerCallbackUrl('https://breaker-1234-dev.twil.io', 'trip') → …/breaker?tier=trip */
export function breakerCallbackUrl(baseUrl: string, tier: Tier): string {
  const query = new URLSearchParams({ tier });
  return `${baseUrl.replace(/\/+$/, '')}${BREAKER_PATH}?${query.toString()}`;
}
