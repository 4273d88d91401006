import type { Twilio } from 'twilio';
import type { UsageAmount, UsagePeriod } from '../gateway';
import { callTwilio } from '../twilio-errors';
import { requireSid, sidForMessage } from './require-sid';

// Usage Records (https://www.twilio.com/docs/usage/api/usage-record): one record per category and
// period. `Today` covers the current GMT day, `ThisMonth` the calendar month, `AllTime` the
// account's life: the value a non-recurring Usage Trigger compares with.
interface RecordLike {
  category: string;
  count: string;
  usage: string;
  price: number;
  priceUnit: string;
  asOf: string;
}

const number = (value: unknown): number => {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : 0;
};

export function usageRecordsGateway(client: Twilio) {
  const records = (accountSid: string) => client.api.v2010.accounts(accountSid).usage.records;
  const list = (
    accountSid: string,
    period: UsagePeriod,
    category: string,
  ): Promise<RecordLike[]> => {
    // IncludeSubaccounts defaults to true: the main account's records would add every subaccount.
    const options = { category, includeSubaccounts: false, limit: 20 };
    const resource = records(accountSid);
    switch (period) {
      case 'today':
        return resource.today.list(options);
      case 'this-month':
        return resource.thisMonth.list(options);
      case 'all-time':
        return resource.allTime.list(options);
    }
  };

  return {
    async readUsage(
      accountSid: string,
      period: UsagePeriod,
      category: string,
    ): Promise<UsageAmount> {
      const operation = `read ${period} usage (${category}) of ${sidForMessage('AC', accountSid)}`;
      requireSid('AC', accountSid, operation);
      const found = await callTwilio(operation, () => list(accountSid, period, category));
      // No record for a category means nothing was used in it.
      const record = found.find((r) => r.category === category);
      return {
        category,
        period,
        count: number(record?.count),
        usage: number(record?.usage),
        price: number(record?.price),
        priceUnit: record?.priceUnit || 'usd',
        asOf: record?.asOf ?? null,
      };
    },
  };
}
