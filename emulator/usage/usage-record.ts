import { rollsUpInto, TOTAL_PRICE_CATEGORY } from './category-tree';
import type { ClosedRange, RecordsView } from './record-periods';
import { formatValue, roundValue, type UsageTotals } from './usage-ledger';

const SUBRESOURCE_URIS: ReadonlyArray<[string, RecordsView]> = [
  ['all_time', 'AllTime'],
  ['daily', 'Daily'],
  ['last_month', 'LastMonth'],
  ['monthly', 'Monthly'],
  ['this_month', 'ThisMonth'],
  ['today', 'Today'],
  ['yearly', 'Yearly'],
  ['yesterday', 'Yesterday'],
];

// Units as Twilio's reference describes them ("such as `calls` for calls or `messages` for SMS";
// totalprice is counted in the currency). Twilio lists no unit per category: elsewhere they are empty.
const UNITS: ReadonlyArray<[string, { count: string; usage: string }]> = [
  ['calls', { count: 'calls', usage: 'minutes' }],
  ['sms', { count: 'messages', usage: 'messages' }],
  ['mms', { count: 'messages', usage: 'messages' }],
  ['phonenumbers', { count: 'numbers', usage: 'numbers' }],
];

function unitsOf(category: string) {
  if (category === TOTAL_PRICE_CATEGORY) return { count: '', usage: 'usd' };
  return UNITS.find(([root]) => rollsUpInto(category, root))?.[1] ?? { count: '', usage: '' };
}

const recordsPath = (accountSid: string, view: RecordsView) =>
  `/2010-04-01/Accounts/${accountSid}/Usage/Records${view ? `/${view}` : ''}.json`;

/** `2019-06-24T22:32:49+00:00`, the form of the spec's `as_of`. */
const asOf = (now: Date) => now.toISOString().replace(/\.\d{3}Z$/, '+00:00');

export interface UsageRecordInput {
  accountSid: string;
  view: RecordsView;
  category: string;
  period: ClosedRange;
  totals: UsageTotals;
  now: Date;
}

/**
 * The spec's api.v2010.account.usage.usage_record (the same shape under every subresource). `price`
 * is a number as the spec types it, although Twilio's own examples carry it as a string
 * ("2192.84855"): read it with Number() to be safe with both (docs/EMULATOR.md).
 */
export function usageRecordJson({
  accountSid,
  view,
  category,
  period,
  totals,
  now,
}: UsageRecordInput) {
  const units = unitsOf(category);
  const query = `Category=${encodeURIComponent(category)}`;
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    as_of: asOf(now),
    category,
    // Twilio answers null for totalprice, which counts money, not events.
    count: category === TOTAL_PRICE_CATEGORY ? null : formatValue(totals.count),
    count_unit: units.count,
    description: category === TOTAL_PRICE_CATEGORY ? 'Total Price' : category,
    end_date: period.to,
    price: roundValue(totals.price),
    price_unit: 'usd',
    start_date: period.from,
    subresource_uris: Object.fromEntries(
      SUBRESOURCE_URIS.map(([key, sub]) => [key, `${recordsPath(accountSid, sub)}?${query}`]),
    ),
    uri: `${recordsPath(accountSid, view)}?${query}&StartDate=${period.from}&EndDate=${period.to}`,
    usage: formatValue(totals.usage),
    usage_unit: units.usage,
  };
}
