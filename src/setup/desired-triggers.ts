// The triggers one account should have. The FriendlyName carries a marker — "breaker:" + the rule
// identity — so setup recognises its own triggers (and leaves everyone else's alone) even after the
// service moved to another domain. The tier travels in the callback URL's query, which Twilio's
// signature covers, so the breaker can trust it.
import { createHash } from 'node:crypto';
import { breakerCallbackUrl } from '../breaker/delivery/callback-url';
import { publicOrigin } from '../runtime/public-origin';
import type { TriggerSpec } from '../twilio/gateway';
import { TIERS, type Tier } from '../domain/tier';
import { ruleId, type Rule } from './rules';

export const MARKER_PREFIX = 'breaker:';
/** Twilio's limit on a trigger's FriendlyName. */
export const MAX_FRIENDLY_NAME = 64;

export interface DesiredTrigger {
  ruleId: string;
  spec: TriggerSpec;
}

/**
 * e.g. https://breaker-1234-dev.twil.io/breaker?tier=trip, from the Function's DOMAIN_NAME. Built
 * with the breaker's own helpers, so the URL registered is the one the breaker checks signatures
 * against (plain http only for twilio-run on this machine).
 */
export function callbackUrl(domainName: string, tier: Tier): string {
  return breakerCallbackUrl(publicOrigin(domainName, undefined), tier);
}

/**
 * "breaker:trip:daily:price:totalprice". A category too long for 64 characters is cut and suffixed
 * with a hash of the whole identity, so two long categories never share a name.
 */
export function markerName(rule: Pick<Rule, 'tier' | 'recurring' | 'triggerBy' | 'usageCategory'>) {
  const name = MARKER_PREFIX + ruleId(rule);
  if (name.length <= MAX_FRIENDLY_NAME) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_FRIENDLY_NAME - 9)}~${hash}`;
}

/** True for triggers this project created, whatever their rule or format version. */
export function isOwnTrigger(friendlyName: string | null | undefined): boolean {
  return typeof friendlyName === 'string' && friendlyName.startsWith(MARKER_PREFIX);
}

/** The tier in an own trigger's marker, or null if the marker is from an unknown format. */
export function markerTier(friendlyName: string): Tier | null {
  const tier = friendlyName.slice(MARKER_PREFIX.length).split(':', 1)[0];
  return (TIERS as readonly string[]).includes(tier) ? (tier as Tier) : null;
}

export function desiredTriggers(rules: readonly Rule[], domainName: string): DesiredTrigger[] {
  return rules.map((rule) => ({
    ruleId: ruleId(rule),
    spec: {
      friendlyName: markerName(rule),
      usageCategory: rule.usageCategory,
      triggerBy: rule.triggerBy,
      triggerValue: rule.value,
      recurring: rule.recurring,
      callbackUrl: callbackUrl(domainName, rule.tier),
      callbackMethod: 'POST',
    },
  }));
}
