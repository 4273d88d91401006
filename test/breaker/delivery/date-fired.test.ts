import { parseDateFired } from '../../../src/breaker/delivery/date-fired';

const AT = Date.UTC(2025, 0, 15, 11, 59, 0);

describe('parseDateFired', () => {
  it.each([
    ['Wed, 15 Jan 2025 11:59:00 +0000', AT],
    ['15 Jan 2025 11:59:00 GMT', AT],
    ['Wed, 15 Jan 2025 12:59:00 +0100', AT],
    ['Wed, 15 Jan 2025 10:29:00 -0130', AT],
    ['2025-01-15T11:59:00Z', AT],
    ['2025-01-15T11:59:00.570Z', AT + 570],
    ['2025-01-15T12:59:00+01:00', AT],
  ])('reads %s', (value, expected) => {
    expect(parseDateFired(value)).toBe(expected);
  });

  // Each is what a moved boundary in the signing string could leave (a prefix of a valid date, or
  // one followed by the next parameter's name), or is not a date at all. Date.parse accepts
  // several of them, some as another time. Unreadable is never another firing time: the delivery
  // is keyed by its trigger and day instead (test/breaker/unreadable-date-fired.test.ts).
  it.each([
    'Wed, 15 Jan 2025 11:5',
    'Wed, 15 Jan 2025 11:59',
    'Wed, 15 Jan 2025 11:59:00',
    'Wed, 15 Jan 2025 11:59:00 +000',
    'Wed, 15 Jan 2025 11:59:00 +0000I',
    'Wed, 15 Jan 2025 11:59:00 +0000IdempotencyToken',
    '2025-01-15T11:59:00',
    '2025-01-15T11:59:00ZRecurring',
    '2025-01-15T11:59:00+01:0',
    'Wed, 31 Feb 2025 11:59:00 +0000',
    'Wed, 15 Foo 2025 11:59:00 +0000',
    'Wed, 15 Jan 2025 24:00:00 +0000',
    '1736942340000',
    'yesterday-ish',
    '',
  ])('refuses what a moved boundary could leave, and non-dates: %j', (value) => {
    expect(parseDateFired(value)).toBeNull();
  });
});
