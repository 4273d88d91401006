import { describeRearm, money } from '../../src/rearm/describe-rearm';
import { noRearm, rearmAccount } from '../../src/rearm/rearm-account';
import { isRearmTrigger, rearmName, rearmUntil } from '../../src/rearm/rearm-marker';
import { rearmRule, usagePeriodOf } from '../../src/rearm/rearm-rule';
import { DEFAULT_RULES, type Rule } from '../../src/setup/rules';
import { isOwnTrigger } from '../../src/setup/desired-triggers';
import { fakeGateway } from '../setup/fake-gateway';

const NOW = Date.UTC(2026, 0, 15, 14, 30);
const TRIP = DEFAULT_RULES[1];
const DOMAIN = 'breaker-1234-dev.twil.io';

function account() {
  const fake = fakeGateway();
  const { sid } = fake.addAccount('suspended');
  fake.setUsage(sid, 'today', 'totalprice', 500);
  fake.setUsage(sid, 'all-time', 'totalprice', 12_345.67);
  return { fake, sid };
}

describe('rearmAccount', () => {
  test('creates a one-shot trip trigger at all-time usage + headroom, and says so in money', async () => {
    const { fake, sid } = account();
    const rearm = await rearmAccount(
      { accountSid: sid, rule: TRIP, headroom: '100' },
      { gateway: fake.gateway, domainName: DOMAIN, now: NOW },
    );
    expect(rearm).toMatchObject({
      state: 'armed',
      ruleId: 'trip:daily:price:totalprice',
      headroom: '100',
      periodValue: 500,
      firesAt: 600,
      triggerValue: '12445.67',
      until: '2026-01-16T00:00:00.000Z',
      unit: 'usd',
    });
    expect(rearm.statement).toBe('suspends again if it spends $100 more today (at $600)');
    const [trigger] = fake.triggersOf(sid);
    expect(rearm.triggerSid).toBe(trigger.sid);
    expect(trigger).toMatchObject({
      friendlyName: 'breaker-rearm:2026-01-16:trip:daily:price:totalprice',
      usageCategory: 'totalprice',
      triggerBy: 'price',
      triggerValue: '12445.67',
      recurring: 'alltime',
      callbackUrl: `https://${DOMAIN}/breaker?tier=trip`,
    });
  });

  test('a failed create is a failed re-arm that says so loudly and keeps the level it meant', async () => {
    const { fake, sid } = account();
    fake.failNext('createTrigger', 503, 503, 503);
    const rearm = await rearmAccount(
      { accountSid: sid, rule: TRIP, headroom: '150' },
      { gateway: fake.gateway, domainName: DOMAIN, now: NOW },
    );
    expect(rearm).toMatchObject({ state: 'failed', triggerValue: '12495.67', triggerSid: null });
    expect(rearm.error).toMatch(/creating the one-shot trigger failed/);
    expect(rearm.statement).toMatch(/^NOT RE-ARMED/);
    expect(fake.triggersOf(sid)).toEqual([]);
  });

  test('without the all-time usage there is no level to set: failed, nothing created', async () => {
    const { fake, sid } = account();
    fake.failNext('readUsage', 500, 500);
    const rearm = await rearmAccount(
      { accountSid: sid, rule: TRIP, headroom: '100' },
      { gateway: fake.gateway, domainName: DOMAIN, now: NOW },
    );
    expect(rearm.state).toBe('failed');
    expect(rearm.error).toMatch(/all-time usage/);
    expect(fake.calls.filter((c) => c === 'createTrigger')).toEqual([]);
  });

  test('a repair keeps the level given, and fires at today + what is left of it', async () => {
    const { fake, sid } = account();
    const rearm = await rearmAccount(
      { accountSid: sid, rule: TRIP, headroom: '100', triggerValue: '12400' },
      { gateway: fake.gateway, domainName: DOMAIN, now: NOW },
    );
    expect(rearm).toMatchObject({ state: 'armed', triggerValue: '12400' });
    expect(rearm.firesAt).toBeCloseTo(554.33, 2);
  });
});

describe('the re-arm rule and its words', () => {
  test('the first trip rule, with the override; none for an exempt account', () => {
    expect(rearmRule(DEFAULT_RULES, null)).toEqual({ rule: TRIP });
    const override = { exempt: false, values: { 'trip:daily:price:totalprice': '250' } };
    expect(rearmRule(DEFAULT_RULES, override)).toEqual({ rule: { ...TRIP, value: '250' } });
    expect(rearmRule(DEFAULT_RULES, { exempt: true, values: {} })).toEqual({
      rule: null,
      reason: 'exempt',
    });
    expect(rearmRule([DEFAULT_RULES[0]], null)).toEqual({ rule: null, reason: 'no-trip-rule' });
    expect(noRearm('exempt', NOW).statement).toMatch(/exempt/);
  });

  test('usage and count rules speak in their units; a monthly rule says "this month"', () => {
    const base = { ...noRearm('exempt', NOW), state: 'armed' as const, reason: undefined };
    const calls = {
      ...base,
      triggerBy: 'usage' as const,
      usageCategory: 'calls',
      recurring: 'monthly' as const,
    };
    expect(describeRearm({ ...calls, headroom: '60', firesAt: 90 })).toBe(
      'suspends again if it uses 60 more units of calls this month (at 90 units of calls)',
    );
    const alltime = {
      ...base,
      triggerBy: 'price' as const,
      recurring: 'alltime' as const,
      unit: 'eur',
    };
    expect(describeRearm({ ...alltime, headroom: '12.5', firesAt: null })).toBe(
      'suspends again if it spends €12.50 more',
    );
    expect(money(7, 'jpy')).toBe('7 JPY');
  });

  test('periods map onto the Usage Records that hold them', () => {
    expect(
      ['daily', 'monthly', 'yearly', 'alltime'].map((r) => usagePeriodOf(r as Rule['recurring'])),
    ).toEqual(['today', 'this-month', null, 'all-time']);
  });
});

describe('the re-arm marker', () => {
  test('names the rule and the day it expires; setup’s rule diff does not take it for its own', () => {
    const name = rearmName(TRIP, Date.UTC(2026, 0, 16));
    expect(name).toBe('breaker-rearm:2026-01-16:trip:daily:price:totalprice');
    expect(isRearmTrigger(name)).toBe(true);
    expect(isOwnTrigger(name)).toBe(false);
    expect(rearmUntil(name)).toBe(Date.UTC(2026, 0, 16));
    expect(rearmUntil(rearmName({ ...TRIP, recurring: 'alltime' }, null))).toBeNull();
    expect(rearmUntil('breaker-rearm:garbage')).toBeUndefined();
    expect(rearmUntil('breaker:trip:daily:price:totalprice')).toBeUndefined();
  });

  test('a very long category is cut to 64 characters with a hash, still readable for its date', () => {
    const long = { ...TRIP, usageCategory: 'calls-outbound-' + 'x'.repeat(40) };
    const name = rearmName(long, Date.UTC(2026, 0, 16));
    expect(name.length).toBeLessThanOrEqual(64);
    expect(rearmUntil(name)).toBe(Date.UTC(2026, 0, 16));
  });
});
