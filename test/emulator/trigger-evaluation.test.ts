// How Twilio evaluates Usage Triggers, through twilio-node on the in-memory client and a virtual
// clock ticking once a minute as Twilio does: evaluation on the tick, category roll-up, a trigger
// created past its value firing at the next evaluation, and non-recurring, alltime, daily and
// monthly triggers over several GMT days. No real time passes.
import type { OutboundCallback } from '../../emulator/types';
import { startVirtualTwilio, type VirtualTwilio } from '../support/virtual-twilio';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const HOOK = 'https://breaker.example.invalid/breaker?tier=trip';

let t: VirtualTwilio;
/** Each callback as delivered, with the virtual time it arrived at. */
let seen: Array<{ at: string; params: Record<string, string> }>;

beforeEach(async () => {
  seen = [];
  // The virtual clock starts on Thu 2026-01-15 12:00:00 GMT.
  t = await startVirtualTwilio({
    seed: { subaccounts: 1 },
    deliverCallback: async (cb: OutboundCallback) => {
      seen.push({ at: t.emulator.clock.now().toISOString(), params: cb.params });
      return { url: cb.url, status: 200, signature: 'not-signed-here', params: cb.params };
    },
  });
});
afterEach(() => t.close());

const sub = () => t.emulator.accounts.list()[1];
const triggers = () => t.client().api.v2010.accounts(sub().sid).usage.triggers;
const firedSids = () => seen.map((s) => s.params.UsageTriggerSid);
const spend = (price: number, category = 'calls-outbound') =>
  t.emulator.recordUsage({ accountSid: sub().sid, category, price });

describe('Usage Trigger evaluation', () => {
  it('fires on the next one-minute tick, not when the usage is recorded', async () => {
    const trigger = await triggers().create({
      callbackUrl: HOOK,
      triggerValue: '10',
      usageCategory: 'totalprice',
      triggerBy: 'price',
      recurring: 'daily',
    });
    await t.clock.advance(25_000);
    const fired = await spend(12); // at 12:00:25
    expect(fired).toMatchObject([{ triggerSid: trigger.sid, firedAt: '2026-01-15T12:01:00.000Z' }]);
    expect(seen).toEqual([
      {
        at: '2026-01-15T12:01:00.000Z',
        params: expect.objectContaining({
          DateFired: 'Thu, 15 Jan 2026 12:01:00 +0000',
          CurrentValue: '12',
        }),
      },
    ]);
    const fetched = await triggers()(trigger.sid).fetch();
    expect(fetched.dateFired?.toISOString()).toBe('2026-01-15T12:01:00.000Z');
    // The evaluation scheduled nothing after itself: the clock has no sleeper left.
    expect(t.emulator.usage.nextEvaluationAt()).toBeNull();
    expect(t.clock.pendingSleeps()).toBe(0);
  });

  it('counts usage of child categories toward their parents and every price toward totalprice', async () => {
    const watch = (usageCategory: string, triggerValue: string, triggerBy: 'count' | 'usage') =>
      triggers().create({ callbackUrl: HOOK, usageCategory, triggerValue, triggerBy });
    const calls = await watch('calls', '10', 'usage'); // minutes
    const sms = await watch('sms', '3', 'count');
    const total = await watch('totalprice', '1', 'usage'); // dollars
    const inbound = await watch('calls-inbound', '1', 'usage');
    const accountSid = sub().sid;
    t.emulator.usage.add({ accountSid, category: 'calls-outbound', usage: 6, price: 0.6 });
    t.emulator.usage.add({ accountSid, category: 'calls-client', usage: 4, price: 0.2 });
    await t.emulator.recordUsage({
      accountSid,
      category: 'sms-outbound-longcode',
      count: 3,
      usage: 3,
      price: 0.24,
    });
    expect(firedSids().sort()).toEqual([calls.sid, sms.sid, total.sid].sort());
    const value = (sid: string) => seen.find((s) => s.params.UsageTriggerSid === sid)?.params;
    expect(value(calls.sid)).toMatchObject({ UsageCategory: 'calls', CurrentValue: '10' });
    expect(value(total.sid)).toMatchObject({ CurrentValue: '1.04' });
    expect((await triggers()(inbound.sid).fetch()).currentValue).toBe('0');
  });

  it('fires a trigger created when usage is already past its value at the next evaluation', async () => {
    await spend(30);
    expect(t.emulator.usage.nextEvaluationAt()).toBeNull();
    const late = await triggers().create({
      callbackUrl: HOOK,
      triggerValue: '25',
      usageCategory: 'totalprice',
      triggerBy: 'price',
      recurring: 'daily',
    });
    expect(late.dateFired).toBeNull();
    expect(seen).toHaveLength(0);
    expect(t.emulator.usage.nextEvaluationAt()?.toISOString()).toBe('2026-01-15T12:02:00.000Z');
    await t.clock.advance(MINUTE);
    expect(seen).toMatchObject([
      { at: '2026-01-15T12:02:00.000Z', params: { UsageTriggerSid: late.sid, CurrentValue: '30' } },
    ]);
  });

  it('fires non-recurring and alltime triggers once ever, daily once a GMT day, monthly once a month', async () => {
    const create = (recurring?: 'alltime' | 'daily' | 'monthly') =>
      triggers().create({
        callbackUrl: HOOK,
        triggerValue: '10',
        usageCategory: 'totalprice',
        triggerBy: 'price',
        ...(recurring ? { recurring } : {}),
      });
    const once = await create();
    const allTime = await create('alltime');
    const daily = await create('daily');
    const monthly = await create('monthly');
    expect(once.recurring).toBe('alltime');
    const nonRecurring = await triggers().list({ recurring: 'alltime' });
    expect(nonRecurring.map((x) => x.sid)).toEqual([once.sid, allTime.sid]);

    await spend(11); // Thu 15 Jan
    expect(firedSids()).toEqual([once.sid, allTime.sid, daily.sid, monthly.sid]);

    await t.clock.advance(DAY);
    await spend(11); // Fri 16 Jan: a new day for the daily one only
    expect(firedSids().slice(4)).toEqual([daily.sid]);
    const fetched = await triggers()(once.sid).fetch();
    expect(fetched.currentValue).toBe('22');
    expect(fetched.dateFired?.toISOString()).toBe('2026-01-15T12:01:00.000Z');

    await t.clock.advance(DAY);
    await spend(5); // Sat 17 Jan: below the daily value…
    expect(seen).toHaveLength(5);
    await spend(5); // …until it is reached again
    expect(firedSids().slice(5)).toEqual([daily.sid]);
    expect(seen[5].params.IdempotencyToken).toBe(`${daily.sid}-daily-2026-01-17`);

    await t.clock.advance(15 * DAY);
    await spend(11); // Sun 1 Feb: a new month and a new day
    expect(firedSids().slice(6)).toEqual([daily.sid, monthly.sid]);
    expect(seen.at(-1)?.params.IdempotencyToken).toBe(`${monthly.sid}-monthly-2026-02`);
    const dates = seen.map((s) => s.at.slice(0, 10));
    expect([...new Set(dates)]).toEqual(['2026-01-15', '2026-01-16', '2026-01-17', '2026-02-01']);
  });
});
