// What a reactivation's re-arm is: the one-shot Usage Trigger that protects a reactivated account
// for the rest of the period its trip rule already fired in. Kept with the reactivation (Sync map
// breaker-reactivations), returned by the API and written into the audit event, so the dashboard,
// coverage and setup all read the same facts.
import type { Recurring, TriggerBy, UsageAmount } from '../twilio/gateway';

/** armed: the trigger exists; failed: it could not be made (setup repairs it); not-needed: exempt or no trip rule. */
export type RearmState = 'armed' | 'failed' | 'not-needed';

export interface Rearm {
  state: RearmState;
  /** Why no re-arm was needed. */
  reason?: 'exempt' | 'no-trip-rule';
  /** The trip rule it stands in for, e.g. trip:daily:price:totalprice. */
  ruleId: string | null;
  usageCategory: string | null;
  triggerBy: TriggerBy | null;
  /** The rule's period: the re-arm is needed until that period ends. */
  recurring: Recurring | null;
  /** How much more the account may use before it is suspended again. */
  headroom: string | null;
  /** The rule's usage in its current period (e.g. today's spend) when re-armed; null when unread. */
  periodValue: number | null;
  /** periodValue + headroom: the period's usage at which it fires. */
  firesAt: number | null;
  /** The trigger's TriggerValue: all-time usage then, plus the headroom. */
  triggerValue: string | null;
  triggerSid: string | null;
  /** ISO 8601: when the rule's own trigger is armed again and this one may go; null = never. */
  until: string | null;
  /** ISO 8601: when it was made, or failed. */
  at: string;
  /** The account's currency for price rules, e.g. usd. */
  unit: string | null;
  /** What failed, without credentials. */
  error?: string;
  /** ISO 8601: when setup repaired a failed re-arm. */
  repairedAt?: string;
  /** The protection in words, e.g. "suspends again if it spends $100 more today (at $600)". */
  statement: string;
}

/** The field of a Usage Record a trigger with this TriggerBy compares with. */
export function usageValue(amount: UsageAmount, triggerBy: TriggerBy): number {
  return amount[triggerBy];
}

/** `a + b` as a TriggerValue: at most 4 decimals, no binary noise, no exponent. */
export function addDecimal(a: number, b: string): string {
  const sum = Math.round((a + Number(b)) * 10_000) / 10_000;
  return sum.toFixed(4).replace(/\.?0+$/, '');
}
