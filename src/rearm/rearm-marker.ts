// The one-shot trigger a reactivation adds is named so that setup can recognise it and knows when
// it stops being needed: "breaker-rearm:<until>:<rule>", e.g.
// "breaker-rearm:2026-01-16:trip:daily:price:totalprice" stands in for that daily trip rule until
// 00:00 GMT on 16 January, when the daily trigger is armed again. `never` for an alltime rule.
// The prefix is not setup's "breaker:", so setup's rule diff (plan.ts) never mistakes it for a rule.
import { createHash } from 'node:crypto';
import { ruleId, type Rule } from '../setup/rules';

export const REARM_PREFIX = 'breaker-rearm:';
const MAX_FRIENDLY_NAME = 64;
const UNTIL = /^(\d{4}-\d{2}-\d{2}|never):/;

export type RearmRule = Pick<Rule, 'tier' | 'recurring' | 'triggerBy' | 'usageCategory'>;

/** `until`: epoch ms at 00:00 GMT of the day it expires, or null for never. */
export function rearmName(rule: RearmRule, until: number | null): string {
  const day = until === null ? 'never' : new Date(until).toISOString().slice(0, 10);
  const name = `${REARM_PREFIX}${day}:${ruleId(rule)}`;
  if (name.length <= MAX_FRIENDLY_NAME) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_FRIENDLY_NAME - 9)}~${hash}`;
}

export function isRearmTrigger(friendlyName: string | null | undefined): boolean {
  return typeof friendlyName === 'string' && friendlyName.startsWith(REARM_PREFIX);
}

/**
 * When a re-arm trigger stops being needed (epoch ms), null for never; undefined when the name is
 * not a readable re-arm marker (setup then treats it as expired: it cannot know what it is for).
 */
export function rearmUntil(friendlyName: string): number | null | undefined {
  if (!isRearmTrigger(friendlyName)) return undefined;
  const match = UNTIL.exec(friendlyName.slice(REARM_PREFIX.length));
  if (!match) return undefined;
  if (match[1] === 'never') return null;
  const ms = Date.parse(`${match[1]}T00:00:00Z`);
  return Number.isFinite(ms) ? ms : undefined;
}
