// Which trip rule a reactivation re-arms: the account's first trip rule, with its override applied
// (with the default rules, the only one: trip at 100 of totalprice per day). Its value is the
// default headroom, its category and TriggerBy are the re-arm trigger's, its period says until
// when the re-arm is needed.
import { applyOverride, type Override } from '../setup/overrides';
import type { Rule } from '../setup/rules';
import type { Recurring, UsagePeriod } from '../twilio/gateway';

export type RearmRuleChoice = { rule: Rule } | { rule: null; reason: 'exempt' | 'no-trip-rule' };

export function rearmRule(rules: readonly Rule[], override: Override | null): RearmRuleChoice {
  if (override?.exempt) return { rule: null, reason: 'exempt' };
  const trip = applyOverride(rules, override).find((r) => r.tier === 'trip');
  return trip ? { rule: trip } : { rule: null, reason: 'no-trip-rule' };
}

/** The Usage Records period that holds a rule's current-period value; null where none does. */
export function usagePeriodOf(recurring: Recurring): UsagePeriod | null {
  switch (recurring) {
    case 'daily':
      return 'today';
    case 'monthly':
      return 'this-month';
    case 'alltime':
      return 'all-time';
    case 'yearly':
      // Usage Records have no "this year" list; the yearly list would need a date range.
      return null;
  }
}
