import { rollsUpInto, TOTAL_PRICE_CATEGORY } from './category-tree';
import { gmtDay, inRange, type DayRange, type GmtDay } from './gmt-days';

/** The three UsageRecord fields a trigger can watch (its `trigger_by`). */
export type TriggerBy = 'count' | 'usage' | 'price';

export type UsageTotals = Record<TriggerBy, number>;

export interface UsageAmounts {
  count?: number;
  usage?: number;
  price?: number;
}

export { TOTAL_PRICE_CATEGORY };

/**
 * Usage as recorded, per account, per GMT day and per category; totals are summed when asked, over
 * any range of days, with children rolled into their parents (category-tree.ts).
 *
 * `totalprice` holds the price of everything, and its `usage` is counted in the account's currency
 * like Twilio's totalprice usage record (usage = price), so a totalprice trigger with the default
 * TriggerBy=usage watches spend. Usage recorded on totalprice itself is spend: its price, or its
 * usage when no price is given.
 */
export interface UsageLedger {
  add(accountSid: string, category: string, amounts: UsageAmounts, at: Date): void;
  /** Totals of `category` (children included) over `days`, summed over `accountSids`. */
  totals(accountSids: readonly string[], category: string, days: DayRange): UsageTotals;
  /** The GMT days on which `accountSid` has usage, in no particular order. */
  daysWithUsage(accountSid: string): GmtDay[];
  /** Every account with usage recorded. */
  accounts(): string[];
}

const zero = (): UsageTotals => ({ count: 0, usage: 0, price: 0 });

function addInto(totals: UsageTotals, amounts: UsageTotals): void {
  totals.count += amounts.count;
  totals.usage += amounts.usage;
  totals.price += amounts.price;
}

export function createUsageLedger(): UsageLedger {
  // account → day → category → what was recorded there.
  const byAccount = new Map<string, Map<GmtDay, Map<string, UsageTotals>>>();

  /** What usage recorded on `recorded` adds to the totals of `category`. */
  function contribution(recorded: string, amounts: UsageTotals, category: string) {
    if (recorded === category) return amounts;
    if (category === TOTAL_PRICE_CATEGORY) {
      return { count: 0, usage: amounts.price, price: amounts.price };
    }
    return rollsUpInto(recorded, category) ? amounts : null;
  }

  return {
    add(accountSid, category, { count = 0, usage, price }, at) {
      const spend = price ?? usage ?? 0;
      const amounts =
        category === TOTAL_PRICE_CATEGORY
          ? { count, usage: spend, price: spend }
          : { count, usage: usage ?? 0, price: price ?? 0 };
      let days = byAccount.get(accountSid);
      if (!days) byAccount.set(accountSid, (days = new Map()));
      const day = gmtDay(at);
      let categories = days.get(day);
      if (!categories) days.set(day, (categories = new Map()));
      const totals = categories.get(category) ?? zero();
      addInto(totals, amounts);
      categories.set(category, totals);
    },

    totals(accountSids, category, range) {
      const sum = zero();
      for (const accountSid of accountSids) {
        for (const [day, categories] of byAccount.get(accountSid) ?? []) {
          if (!inRange(day, range)) continue;
          for (const [recorded, amounts] of categories) {
            const part = contribution(recorded, amounts, category);
            if (part) addInto(sum, part);
          }
        }
      }
      return sum;
    },

    daysWithUsage: (accountSid) => [...(byAccount.get(accountSid)?.keys() ?? [])],
    accounts: () => [...byAccount.keys()],
  };
}

/**
 * Writes a total the way Twilio's string fields carry numbers ("60.52", "3"): rounded to 6 decimals
 * so float sums like 0.1 + 0.2 do not leak binary noise into a webhook.
 */
export function formatValue(value: number): string {
  return String(roundValue(value));
}

export const roundValue = (value: number): number => Math.round(value * 1e6) / 1e6;
