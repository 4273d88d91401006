// Usage Records through twilio-node on the in-memory client and a virtual clock: children roll up
// into their parents, periods follow GMT days as the clock moves, and every answer is checked
// against Twilio's OpenAPI description.
import { usageCategories } from '../../emulator/usage/usage-categories';
import type { UsageInput } from '../../emulator/types';
import { expectMatchesSpec } from '../support/openapi-contract';
import { startVirtualTwilio, type VirtualTwilio } from '../support/virtual-twilio';

const DAY = 24 * 3600 * 1000;
let t: VirtualTwilio;

beforeEach(async () => {
  // The virtual clock starts on Thu 2026-01-15 12:00 GMT; the accounts are created then.
  t = await startVirtualTwilio({ seed: { subaccounts: 2 } });
});
afterEach(() => t.close());

const subaccounts = () => t.emulator.accounts.list().slice(1);
const credsOf = (a: { sid: string; auth_token: string }) => ({ sid: a.sid, token: a.auth_token });
const records = (accountSid: string) => t.client().api.v2010.accounts(accountSid).usage.records;
const spend = (accountSid: string, price: number, category = 'calls-outbound') =>
  t.emulator.recordUsage({ accountSid, category, price });
const day = (d: Date) => d.toISOString().slice(0, 10);

/** The raw answer of `view` (e.g. '/Daily'), checked against the spec; its records' dates and prices. */
async function rawRecords(accountSid: string, view: string, query: string) {
  const path = `/2010-04-01/Accounts/${accountSid}/Usage/Records${view}.json?${query}`;
  const answer = await t.raw(path);
  expect(answer.status).toBe(200);
  const template = `/2010-04-01/Accounts/{AccountSid}/Usage/Records${view}.json`;
  expectMatchesSpec('twilio_api_v2010', 'GET', template, 200, answer.body);
  return answer.body.usage_records as Array<{
    start_date: string;
    end_date: string;
    price: number;
    uri: string;
  }>;
}

describe('Usage Records', () => {
  it('rolls children into their parents and every price into totalprice (Today)', async () => {
    const [a] = subaccounts();
    const usage: UsageInput[] = [
      { accountSid: a.sid, category: 'calls-outbound', count: 2, usage: 7, price: 0.91 },
      { accountSid: a.sid, category: 'calls-inbound-tollfree', count: 1, usage: 3, price: 0.066 },
      { accountSid: a.sid, category: 'sms-outbound-longcode', count: 5, usage: 5, price: 0.0395 },
    ];
    for (const input of usage) await t.emulator.recordUsage(input);
    const today = records(a.sid).today;
    const one = async (category: string) => {
      const list = await today.list({ category });
      expect(list).toHaveLength(1);
      return list[0];
    };

    const calls = await one('calls');
    expect(calls).toMatchObject({
      accountSid: a.sid,
      category: 'calls',
      count: '3',
      countUnit: 'calls',
      usage: '10',
      usageUnit: 'minutes',
      price: 0.976,
      priceUnit: 'usd',
    });
    expect([day(calls.startDate), day(calls.endDate)]).toEqual(['2026-01-15', '2026-01-15']);
    expect(await one('calls-inbound')).toMatchObject({ count: '1', usage: '3', price: 0.066 });
    expect(await one('calls-outbound')).toMatchObject({ count: '2', price: 0.91 });
    expect(await one('sms')).toMatchObject({ count: '5', countUnit: 'messages', price: 0.0395 });
    expect(await one('mms')).toMatchObject({ count: '0', usage: '0', price: 0 });
    expect(await one('totalprice')).toMatchObject({
      count: null,
      usage: '1.0155',
      usageUnit: 'usd',
      price: 1.0155,
      description: 'Total Price',
    });
    const [raw] = await rawRecords(a.sid, '/Today', 'Category=calls');
    expect(raw.uri).toBe(
      `/2010-04-01/Accounts/${a.sid}/Usage/Records/Today.json?Category=calls&StartDate=2026-01-15&EndDate=2026-01-15`,
    );
  });

  it('reports Daily, AllTime, Today and Yesterday per GMT day as the clock crosses days', async () => {
    const [a] = subaccounts();
    await spend(a.sid, 5); // Thu 15
    await t.clock.advance(DAY);
    await spend(a.sid, 2); // Fri 16
    await t.clock.advance(2 * DAY);
    await spend(a.sid, 1); // Sun 18

    const daily = await records(a.sid).daily.list({ category: 'totalprice' });
    expect(daily.map((r) => [day(r.startDate), day(r.endDate), r.price])).toEqual([
      ['2026-01-15', '2026-01-15', 5],
      ['2026-01-16', '2026-01-16', 2],
      ['2026-01-17', '2026-01-17', 0],
      ['2026-01-18', '2026-01-18', 1],
    ]);
    const window = await records(a.sid).daily.list({
      category: 'totalprice',
      startDate: new Date('2026-01-16T00:00:00Z'),
      endDate: new Date('2026-01-17T00:00:00Z'),
    });
    expect(window.map((r) => r.price)).toEqual([2, 0]);
    const offset = await rawRecords(a.sid, '/Daily', 'Category=totalprice&StartDate=-1days');
    expect(offset.map((r) => [r.start_date, r.price])).toEqual([
      ['2026-01-17', 0],
      ['2026-01-18', 1],
    ]);

    const [allTime] = await rawRecords(a.sid, '/AllTime', 'Category=totalprice');
    expect(allTime).toMatchObject({ start_date: '2026-01-15', end_date: '2026-01-18', price: 8 });
    const [root] = await rawRecords(a.sid, '', 'Category=totalprice&StartDate=2026-01-16');
    expect(root).toMatchObject({ start_date: '2026-01-16', end_date: '2026-01-18', price: 3 });
    expect((await rawRecords(a.sid, '/Today', 'Category=totalprice'))[0].price).toBe(1);
    expect(await rawRecords(a.sid, '/Yesterday', 'Category=totalprice')).toMatchObject([
      { start_date: '2026-01-17', end_date: '2026-01-17', price: 0 },
    ]);
  });

  it('reports Monthly, Yearly, ThisMonth and LastMonth by GMT calendar month', async () => {
    const [a] = subaccounts();
    await spend(a.sid, 3); // Jan 15
    await t.clock.advance(19 * DAY);
    await spend(a.sid, 4); // Feb 3

    const period = (r: { start_date: string; end_date: string; price: number }) => [
      r.start_date,
      r.end_date,
      r.price,
    ];
    const query = 'Category=totalprice';
    expect((await rawRecords(a.sid, '/Monthly', query)).map(period)).toEqual([
      ['2026-01-15', '2026-01-31', 3],
      ['2026-02-01', '2026-02-03', 4],
    ]);
    expect((await rawRecords(a.sid, '/Yearly', query)).map(period)).toEqual([
      ['2026-01-15', '2026-02-03', 7],
    ]);
    expect((await rawRecords(a.sid, '/ThisMonth', query)).map(period)).toEqual([
      ['2026-02-01', '2026-02-03', 4],
    ]);
    expect((await rawRecords(a.sid, '/LastMonth', query)).map(period)).toEqual([
      ['2026-01-01', '2026-01-31', 3],
    ]);
    const thisMonth = await records(a.sid).thisMonth.list({ category: 'calls' });
    expect(thisMonth.map((r) => r.price)).toEqual([4]);
  });

  it('lists one record per usage category without a Category, paged as Twilio pages', async () => {
    const [a] = subaccounts();
    await spend(a.sid, 2.5, 'sms-outbound');
    const categories = usageCategories() ?? [];
    expect(categories.length).toBeGreaterThan(100);

    const first = await t.raw(`/2010-04-01/Accounts/${a.sid}/Usage/Records/Today.json`);
    expectMatchesSpec(
      'twilio_api_v2010',
      'GET',
      '/2010-04-01/Accounts/{AccountSid}/Usage/Records/Today.json',
      200,
      first.body,
    );
    expect(first.body).toMatchObject({ page: 0, page_size: 50, start: 0, end: 49 });
    expect(first.body.next_page_uri).toContain('Page=1');

    const all = await records(a.sid).today.list({ pageSize: 200 });
    expect(all.map((r) => r.category)).toEqual(categories);
    const priced = all.filter((r) => r.price > 0).map((r) => r.category);
    expect(priced.sort()).toEqual(['sms', 'sms-outbound', 'totalprice']);
  });

  it("counts a main account's subaccounts unless IncludeSubaccounts is false", async () => {
    const [a, b] = subaccounts();
    const main = t.emulator.mainAccount.sid;
    await spend(a.sid, 2);
    await spend(b.sid, 3);
    await spend(main, 1);
    const total = async (accountSid: string, includeSubaccounts?: boolean) =>
      (await records(accountSid).today.list({ category: 'totalprice', includeSubaccounts }))[0]
        .price;
    expect(await total(main)).toBe(6);
    expect(await total(main, true)).toBe(6);
    expect(await total(main, false)).toBe(1);
    expect(await total(a.sid)).toBe(2);
    expect(await total(b.sid, true)).toBe(3);
  });

  it("answers another account's records as it answers its other resources", async () => {
    const [a, b] = subaccounts();
    const asA = t.client(credsOf(a)).api.v2010.accounts;
    expect(await asA(a.sid).usage.records.today.list({ category: 'calls' })).toHaveLength(1);
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (error: { status: number; code: number }) => [error.status, error.code],
      );
    const records = await refusal(asA(b.sid).usage.records.today.list({ category: 'calls' }));
    const triggers = await refusal(asA(b.sid).usage.triggers.list());
    expect(records).not.toBeNull();
    expect(records).toEqual(triggers);
  });

  it.each([
    ['Category=made-up', 'Category'],
    ['StartDate=yesterday', 'StartDate'],
    ['EndDate=2026-02-30', 'EndDate'],
    ['StartDate=2026-01-15&EndDate=2026-01-14', 'StartDate'],
    ['IncludeSubaccounts=maybe', 'IncludeSubaccounts'],
    ['PageSize=1001', 'PageSize'],
  ])('refuses %s with a 400 naming %s', async (query, named) => {
    const [a] = subaccounts();
    const answer = await t.raw(`/2010-04-01/Accounts/${a.sid}/Usage/Records/Daily.json?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(named);
  });
});
