// "Today's spend against warn and trip" for a coverage row: the account's usage of its trip rule's
// category over the rule's period (Usage Records), beside the warn and trip values that apply to
// it (its override included).
import { usageValue } from '../rearm/rearm';
import { usagePeriodOf } from '../rearm/rearm-rule';
import type { Rule } from '../setup/rules';
import type { TriggerBy, TwilioGateway } from '../twilio/gateway';
import { periodWords } from '../twilio/recurring-period';

export interface PeriodSpend {
  /** "today", "this month", or '' for all time. */
  period: string;
  usageCategory: string;
  triggerBy: TriggerBy;
  value: number;
  /** The account's currency for price rules. */
  unit: string | null;
  /** The warn rule with the same category, TriggerBy and period, if there is one. */
  warn: string | null;
  trip: string;
}

/** The trip rule (and its warn partner) whose period's usage coverage shows; null when none. */
export function spendRules(rules: readonly Rule[]): { trip: Rule; warn: Rule | null } | null {
  const trip = rules.find((r) => r.tier === 'trip');
  if (!trip) return null;
  const warn =
    rules.find(
      (r) =>
        r.tier === 'warn' &&
        r.usageCategory === trip.usageCategory &&
        r.triggerBy === trip.triggerBy &&
        r.recurring === trip.recurring,
    ) ?? null;
  return { trip, warn };
}

/** null when no trip rule applies or no Usage Records period holds the rule's (yearly). */
export async function readPeriodSpend(
  gateway: Pick<TwilioGateway, 'readUsage'>,
  accountSid: string,
  rules: readonly Rule[],
): Promise<PeriodSpend | null> {
  const chosen = spendRules(rules);
  const period = chosen && usagePeriodOf(chosen.trip.recurring);
  if (!chosen || !period) return null;
  const { trip, warn } = chosen;
  const amount = await gateway.readUsage(accountSid, period, trip.usageCategory);
  return {
    period: periodWords(trip.recurring),
    usageCategory: trip.usageCategory,
    triggerBy: trip.triggerBy,
    value: usageValue(amount, trip.triggerBy),
    unit: trip.triggerBy === 'price' ? amount.priceUnit : null,
    warn: warn?.value ?? null,
    trip: trip.value,
  };
}
