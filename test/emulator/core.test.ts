import { parseBasicAuth } from '../../emulator/core/basic-auth';
import { createClock } from '../../emulator/core/clock';
import { createRouter } from '../../emulator/core/router';
import type { Route } from '../../emulator/types';

const route = (method: Route['method'], host: Route['host'], pattern: string): Route => ({
  method,
  host,
  pattern,
  handler: () => ({ status: 200 }),
});

describe('router', () => {
  const router = createRouter([
    route('GET', 'api.twilio.com', '/2010-04-01/Accounts/:Sid.json'),
    route('GET', 'sync.twilio.com', '/v1/Services/:ServiceSid/Maps/:MapSid/Items/:Key'),
  ]);

  it('matches `:Name.json` segments and percent-decodes params', () => {
    const found = router.lookup('api.twilio.com', 'GET', '/2010-04-01/Accounts/AC1.json');
    expect(found).toMatchObject({ kind: 'found', match: { params: { Sid: 'AC1' } } });
    const item = router.lookup(
      'sync.twilio.com',
      'GET',
      '/v1/Services/default/Maps/m/Items/a%2Fb%20c',
    );
    expect(item).toMatchObject({ match: { params: { Key: 'a/b c' } } });
  });

  it('tells a wrong method from no route, and keeps hosts apart', () => {
    expect(router.lookup('api.twilio.com', 'POST', '/2010-04-01/Accounts/AC1.json')).toEqual({
      kind: 'wrong-method',
      pattern: '/2010-04-01/Accounts/:Sid.json',
    });
    expect(router.lookup('sync.twilio.com', 'GET', '/2010-04-01/Accounts/AC1.json').kind).toBe(
      'none',
    );
    expect(router.lookup('api.twilio.com', 'GET', '/2010-04-01/Accounts/AC1/x.json').kind).toBe(
      'none',
    );
    expect(
      router.lookup('sync.twilio.com', 'GET', '/v1/Services/s/Maps/m/Items/%E0%A4%A').kind,
    ).toBe('none');
  });
});

describe('clock', () => {
  it('stands still when started at a given time, and moves only when told', () => {
    const clock = createClock(new Date('2026-01-31T23:59:00Z'));
    expect(clock.now().toISOString()).toBe('2026-01-31T23:59:00.000Z');
    expect(clock.advance(120_000).toISOString()).toBe('2026-02-01T00:01:00.000Z');
    expect(clock.set(new Date('2027-06-01T00:00:00Z')).toISOString()).toBe(
      '2027-06-01T00:00:00.000Z',
    );
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
  });

  it('follows real time when started without one', () => {
    const before = Date.now();
    const clock = createClock();
    const read = clock.now().getTime();
    expect(read).toBeGreaterThanOrEqual(before);
    expect(read).toBeLessThanOrEqual(Date.now());
    expect(clock.advance(3_600_000).getTime()).toBeGreaterThanOrEqual(before + 3_600_000);
  });
});

describe('basic auth header', () => {
  it('splits at the first colon, and refuses other schemes', () => {
    const header = `Basic ${Buffer.from('AC1:tok:en').toString('base64')}`;
    expect(parseBasicAuth(header)).toEqual({ username: 'AC1', password: 'tok:en' });
    expect(parseBasicAuth('Bearer abc')).toBeUndefined();
    expect(parseBasicAuth(`Basic ${Buffer.from('no-colon').toString('base64')}`)).toBeUndefined();
  });
});
