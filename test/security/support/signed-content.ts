// The fuzz oracle: what a request MEANS to a signer, written out independently of the breaker.
//
// Twilio signs one string: the URL it called, then every POST parameter's name and value, sorted by
// name (https://www.twilio.com/docs/usage/webhooks/webhooks-security). A Functions request is the
// event the runtime builds (test/security/support/runtime-model.ts); the breaker's callback URL is
// https://DOMAIN/breaker plus its one query key, `tier`. So the string a request stands for is that
// URL with the event's tier, then the event's other entries in signing order. A request whose event
// holds anything but single strings has no such string (null): no signer produced it.
import { breakerCallbackUrl } from '../../../src/breaker/delivery/callback-url';
import { type Tier } from '../../../src/domain/tier';

/**
 * Names the Functions adapter (src/runtime/runtime-request.ts) sets aside as the runtime's own:
 * `request` holds the headers, `cookies` is kept aside in case a runtime puts cookies there. A
 * caller's parameter with one of these names is therefore not part of what the signature check
 * covers: an accepted deviation (docs/SECURITY.md), harmless because the breaker reads neither.
 */
const RUNTIME_NAMES = new Set(['request', 'cookies']);

export interface SignedParts {
  url: string;
  params: Record<string, string>;
}

export function signingString({ url, params }: SignedParts): string {
  return Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], url);
}

/** The URL and parameters a signer would have had to sign for the runtime to build this event. */
export function signedParts(origin: string, event: Record<string, unknown>): SignedParts | null {
  const params: Record<string, string> = {};
  let tier: string | undefined;
  for (const [name, value] of Object.entries(event)) {
    if (RUNTIME_NAMES.has(name)) continue;
    if (typeof value !== 'string') return null;
    if (name === 'tier') tier = value;
    else params[name] = value;
  }
  const base = `${origin}/breaker`;
  const url = tier === undefined ? base : `${base}?${new URLSearchParams({ tier }).toString()}`;
  return { url, params };
}

/**
 * True when two signing strings are the same signed content: identical, or differing only by the
 * scheme's default port written out (https://host:443/… is https://host/…), which Twilio's own
 * signing is inconsistent about and twilio-node therefore accepts both ways.
 */
export function sameSignedContent(a: string, b: string): boolean {
  const withoutDefaultPort = (s: string) =>
    s
      .replace(/^(https:\/\/[^/?#:]+):443(?=[/?#])/i, '$1')
      .replace(/^(http:\/\/[^/?#:]+):80(?=[/?#])/i, '$1');
  return a === b || withoutDefaultPort(a) === withoutDefaultPort(b);
}

/** The breaker callback URL a subaccount's trigger carries (for the base deliveries). */
export const callbackUrlFor = (origin: string, tier: Tier): string =>
  breakerCallbackUrl(origin, tier);
