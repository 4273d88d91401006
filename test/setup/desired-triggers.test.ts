import {
  callbackUrl,
  desiredTriggers,
  isOwnTrigger,
  markerName,
  markerTier,
  MAX_FRIENDLY_NAME,
} from '../../src/setup/desired-triggers';
import { DEFAULT_RULES, type Rule } from '../../src/setup/rules';

const trip: Rule = {
  tier: 'trip',
  usageCategory: 'totalprice',
  triggerBy: 'price',
  value: '100',
  recurring: 'daily',
};

describe('desiredTriggers', () => {
  test('one POST trigger per rule, marked, with the tier in the callback query', () => {
    expect(desiredTriggers(DEFAULT_RULES, 'breaker-1234-dev.twil.io')).toEqual([
      {
        ruleId: 'warn:daily:price:totalprice',
        spec: {
          friendlyName: 'breaker:warn:daily:price:totalprice',
          usageCategory: 'totalprice',
          triggerBy: 'price',
          triggerValue: '25',
          recurring: 'daily',
          callbackUrl: 'https://breaker-1234-dev.twil.io/breaker?tier=warn',
          callbackMethod: 'POST',
        },
      },
      expect.objectContaining({
        ruleId: 'trip:daily:price:totalprice',
        spec: expect.objectContaining({
          callbackUrl: 'https://breaker-1234-dev.twil.io/breaker?tier=trip',
        }),
      }),
    ]);
  });

  test('no rules (an exempt subaccount): no triggers', () => {
    expect(desiredTriggers([], 'x.twil.io')).toEqual([]);
  });
});

describe('callbackUrl', () => {
  test.each([
    ['breaker-1234-dev.twil.io', 'https://breaker-1234-dev.twil.io/breaker?tier=trip'],
    ['localhost:3000', 'http://localhost:3000/breaker?tier=trip'],
    ['127.0.0.1:41234', 'http://127.0.0.1:41234/breaker?tier=trip'],
    // Only a real loopback name gets plain http; a look-alike stays https.
    ['localhost.evil.example', 'https://localhost.evil.example/breaker?tier=trip'],
  ])('%s', (domain, expected) => {
    expect(callbackUrl(domain, 'trip')).toBe(expected);
  });
});

describe('the FriendlyName marker', () => {
  test('encodes the rule identity and is recognised as own', () => {
    const name = markerName(trip);
    expect(name).toBe('breaker:trip:daily:price:totalprice');
    expect(isOwnTrigger(name)).toBe(true);
    expect(markerTier(name)).toBe('trip');
  });

  test.each([
    ['Finance alert'],
    [''],
    ['Breaker:trip:daily'],
    [' breaker:trip'],
    [null],
    [undefined],
  ])('foreign name %p is not own', (name) => {
    expect(isOwnTrigger(name)).toBe(false);
  });

  test('a category too long for 64 characters is cut and hashed, distinctly', () => {
    const a = markerName({ ...trip, usageCategory: 'marketplace-' + 'a'.repeat(50) + '-one' });
    const b = markerName({ ...trip, usageCategory: 'marketplace-' + 'a'.repeat(50) + '-two' });
    expect(a.length).toBeLessThanOrEqual(MAX_FRIENDLY_NAME);
    expect(b.length).toBeLessThanOrEqual(MAX_FRIENDLY_NAME);
    expect(a).not.toBe(b);
    expect(isOwnTrigger(a) && markerTier(a) === 'trip').toBe(true);
  });

  test('an unknown tier in a marker reads as null', () => {
    expect(markerTier('breaker:panic:daily:price:totalprice')).toBeNull();
  });
});
