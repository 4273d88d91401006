import { periodKey, RECURRING_VALUES, type Recurring } from './period-key';

/** The three UsageRecord fields a trigger can watch (its `trigger_by`). */
export type TriggerBy = 'count' | 'usage' | 'price';

export type UsageTotals = Record<TriggerBy, number>;

export interface UsageAmounts {
  count?: number;
  usage?: number;
  price?: number;
}

/** The category Twilio rolls every charge into; triggers on it watch total spend. */
export const TOTAL_PRICE_CATEGORY = 'totalprice';

/**
 * Per-account, per-category usage totals for every recurring period.
 *
 * Simplifications (the emulator does not model Twilio's category tree): usage lands in the category
 * it is recorded under, and any price is also added to `totalprice`, whose `usage` is counted in the
 * account's currency like Twilio's totalprice usage record (usage = price there, also when usage is
 * recorded on totalprice directly), so a totalprice trigger with the default TriggerBy=usage watches
 * spend. Parent categories such as `calls` or `sms` do not sum their children.
 */
export interface UsageLedger {
  /** Adds `amounts` at `now`; returns the categories whose totals changed. */
  add(accountSid: string, category: string, amounts: UsageAmounts, now: Date): string[];
  /** Totals of `category` for the `recurring` period that contains `now`. */
  totals(accountSid: string, category: string, recurring: Recurring, now: Date): UsageTotals;
}

const zero = (): UsageTotals => ({ count: 0, usage: 0, price: 0 });

export function createUsageLedger(): UsageLedger {
  const buckets = new Map<string, UsageTotals>();
  const keyOf = (accountSid: string, category: string, period: string) =>
    `${accountSid}|${category}|${period}`;

  function addTo(accountSid: string, category: string, amounts: UsageTotals, now: Date) {
    for (const recurring of RECURRING_VALUES) {
      const key = keyOf(accountSid, category, periodKey(recurring, now));
      const totals = buckets.get(key) ?? zero();
      totals.count += amounts.count;
      totals.usage += amounts.usage;
      totals.price += amounts.price;
      buckets.set(key, totals);
    }
  }

  return {
    add(accountSid, category, { count = 0, usage, price }, now) {
      if (category === TOTAL_PRICE_CATEGORY) {
        const spend = price ?? usage ?? 0;
        addTo(accountSid, category, { count, usage: spend, price: spend }, now);
        return [category];
      }
      addTo(accountSid, category, { count, usage: usage ?? 0, price: price ?? 0 }, now);
      if (!price) return [category];
      addTo(accountSid, TOTAL_PRICE_CATEGORY, { count: 0, usage: price, price }, now);
      return [category, TOTAL_PRICE_CATEGORY];
    },
    totals(accountSid, category, recurring, now) {
      return { ...(buckets.get(keyOf(accountSid, category, periodKey(recurring, now))) ?? zero()) };
    },
  };
}

/**
 * Writes a total the way Twilio's string fields carry numbers ("60.52", "3"): rounded to 6 decimals
 * so float sums like 0.1 + 0.2 do not leak binary noise into a webhook.
 */
export function formatValue(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}
