import { isUsageCategory } from './usage-categories';

// Twilio's usage categories form a tree: a parent's UsageRecord (and a trigger on it) includes its
// children's usage. Twilio's usage-categories list (https://www.twilio.com/docs/usage/api/usage-record#usage-categories)
// names them by family, a child being its parent's name plus a dash-suffix: `calls` ("all voice
// calls") holds `calls-inbound`, which holds `calls-inbound-local`; `sms` holds `sms-outbound`…
// `totalprice` is the price of everything.
//
// Twilio does not publish the tree itself. The emulator models the families the breaker's triggers
// watch (docs/EMULATOR.md, "Usage categories"): within them, a category's parent is the nearest
// shorter dash-prefix that is itself a category. Every other category is a leaf, counted on its own
// and, through its price, in `totalprice`.

/** The category whose usage is the account's spend, in its currency. */
export const TOTAL_PRICE_CATEGORY = 'totalprice';

/** Families whose children roll up into their parents here. */
export const ROLLED_UP_FAMILIES: readonly string[] = ['calls', 'sms', 'mms', 'phonenumbers'];

/** The category `category` rolls up into directly, or null for a root or a leaf outside the families. */
export function parentOf(category: string): string | null {
  const family = category.split('-')[0];
  if (category === family || !ROLLED_UP_FAMILIES.includes(family)) return null;
  const parts = category.split('-');
  for (let n = parts.length - 1; n >= 1; n--) {
    const candidate = parts.slice(0, n).join('-');
    if (isUsageCategory(candidate)) return candidate;
  }
  return null;
}

/** True when usage recorded on `category` counts toward `ancestor` (itself included). */
export function rollsUpInto(category: string, ancestor: string): boolean {
  for (let c: string | null = category; c !== null; c = parentOf(c)) {
    if (c === ancestor) return true;
  }
  return false;
}
