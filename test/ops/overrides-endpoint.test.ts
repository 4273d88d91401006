import { ADMIN_ACCESS } from '../../src/admin/admin-access';
import { runAdminEndpoint, type AdminEndpointDeps } from '../../src/admin/admin-endpoint';
import { overridesEndpoint } from '../../src/ops/overrides-endpoint';
import type { RuntimeRequest } from '../../src/runtime/runtime-request';
import { createVirtualClock } from '../../src/runtime/virtual-clock';
import { AUDIT_LIST } from '../../src/audit/sync-names';
import { OVERRIDES_MAP } from '../../src/setup/overrides';
import { fakeGateway, MAIN_SID } from '../setup/fake-gateway';
import { PASSWORD_ONLY_ENV, SESSION_SECRET, signedToken } from '../admin/support/admin-harness';

// The admin signed in (a session, as the dashboard sends it): a Basic password would be counted in
// Sync before each request, which is not what these tests are about.
const ENV = { ...PASSWORD_ONLY_ENV, SESSION_SECRET, ACCOUNT_SID: MAIN_SID };
let AUTH = '';
beforeAll(async () => {
  AUTH = `Bearer ${await signedToken('session', { amr: ['pwd'] })}`;
});
const NOW = new Date('2025-03-01T12:00:00.000Z');

function request(
  method: 'GET' | 'POST',
  params: Record<string, unknown>,
  authorization?: string,
): RuntimeRequest {
  const headers: Record<string, string> = { authorization: authorization ?? AUTH };
  if (method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
  return { method, url: 'https://x.twil.io/admin-overrides', headers, params };
}

function setup(listing = true) {
  const fake = fakeGateway();
  const account = fake.addAccount();
  const gateway = listing ? fake.listingGateway : fake.gateway;
  const deps: AdminEndpointDeps = {
    env: ENV,
    gateway: () => gateway,
    clock: createVirtualClock({ start: NOW }),
    log: () => undefined,
  };
  const endpoint = overridesEndpoint();
  const access = ADMIN_ACCESS.overrides;
  const call = async (method: 'GET' | 'POST', params: Record<string, unknown>, auth?: string) => {
    const response = await runAdminEndpoint(request(method, params, auth), deps, endpoint, access);
    return { status: response.status, body: JSON.parse(response.body) };
  };
  return { fake, account, call };
}

describe('overridesEndpoint', () => {
  test('wrong credentials → 401, for reads and writes alike', async () => {
    const { account, call, fake } = setup();
    const wrong = `Basic ${Buffer.from('ops:nope').toString('base64')}`;
    expect((await call('GET', {}, wrong)).status).toBe(401);
    expect((await call('POST', { accountSid: account.sid, exempt: 'true' }, wrong)).status).toBe(
      401,
    );
    // Nothing read or written but the wrong-password counter's Sync slots (src/limits/).
    expect(fake.calls.filter((c) => c !== 'createMapItem')).toEqual([]);
    expect(fake.mapItem(OVERRIDES_MAP, account.sid)).toBeUndefined();
  });

  test('a form POST sets other values; GET shows the override and the rules that now apply', async () => {
    const { account, call } = setup();
    const values = JSON.stringify({ 'trip:daily:price:totalprice': '400' });
    const written = await call('POST', {
      accountSid: account.sid,
      values,
      note: 'reseller, high volume',
    });
    expect(written).toMatchObject({
      status: 200,
      body: { appliesAt: expect.stringContaining('setup') },
    });

    const read = await call('GET', { accountSid: account.sid });
    expect(read.body).toEqual({
      accountSid: account.sid,
      override: {
        exempt: false,
        values: { 'trip:daily:price:totalprice': '400' },
        note: 'reseller, high volume',
        friendlyName: account.friendlyName,
        updatedBy: 'ops',
        updatedAt: NOW.toISOString(),
      },
      rules: [
        expect.objectContaining({ tier: 'warn', value: '25' }),
        expect.objectContaining({ tier: 'trip', value: '400' }),
      ],
    });
    expect((await call('GET', {})).body).toEqual({
      overrides: [{ accountSid: account.sid, override: read.body.override }],
      // The configured rules, each with the id an override's values are keyed by.
      rules: [
        expect.objectContaining({ id: 'warn:daily:price:totalprice', tier: 'warn', value: '25' }),
        expect.objectContaining({ id: 'trip:daily:price:totalprice', tier: 'trip', value: '100' }),
      ],
    });
  });

  test('every change is an audit event: who, which account, what was set or cleared', async () => {
    const { account, call, fake } = setup();
    const values = JSON.stringify({ 'trip:daily:price:totalprice': '400' });
    const set = await call('POST', { accountSid: account.sid, values, note: 'reseller' });
    expect(set.body.audit).toBe('written');
    await call('POST', { accountSid: account.sid, remove: 'true' });
    const events = fake.listItems(AUDIT_LIST);
    expect(events).toEqual([
      expect.objectContaining({
        source: 'ops',
        action: 'override',
        reason: 'set',
        outcome: 'ok',
        time: NOW.toISOString(),
        accountSid: account.sid,
        friendlyName: account.friendlyName,
        detail: {
          signedInAs: 'ops',
          exempt: false,
          values: 'trip:daily:price:totalprice=400',
          note: 'reseller',
        },
      }),
      expect.objectContaining({
        action: 'override',
        reason: 'cleared',
        accountSid: account.sid,
        detail: { signedInAs: 'ops' },
      }),
    ]);
  });

  test('exempt via a JSON body, then remove=true restores the configured rules', async () => {
    const { account, call, fake } = setup();
    await call('POST', { accountSid: account.sid, exempt: true });
    expect((await call('GET', { accountSid: account.sid })).body.rules).toEqual([]);
    await call('POST', { accountSid: account.sid, remove: 'true' });
    const read = await call('GET', { accountSid: account.sid });
    expect(read.body.override).toBeNull();
    expect(read.body.rules).toHaveLength(2);
    expect(fake.calls.filter((c) => c === 'deleteMapItem')).toHaveLength(1);
  });

  test.each([
    [{ accountSid: 'not-a-sid', exempt: 'true' }, 400, /accountSid/],
    [{ accountSid: 'ACX', exempt: 'maybe' }, 400, /accountSid/],
    [{ accountSid: undefined, exempt: 'true' }, 400, /accountSid/],
    [
      { values: '{"trip:daily:price:totalprise":"5"}' },
      400,
      /no rule trip:daily:price:totalprise; the rules are warn:daily/,
    ],
    [{ values: '{"trip:daily:price:totalprice":"-5"}' }, 400, /positive decimal/],
    [{ values: 'not json' }, 400, /values/],
    [{ exempt: 'maybe' }, 400, /exempt/],
  ])('POST %p → %i', async (params, status, message) => {
    const { account, call, fake } = setup();
    const withSid = 'accountSid' in params ? params : { accountSid: account.sid, ...params };
    const response = await call('POST', withSid);
    expect(response.status).toBe(status);
    expect(response.body.message).toMatch(message);
    expect(fake.calls.filter((c) => c === 'putMapItem')).toEqual([]);
    expect(fake.listItems(AUDIT_LIST)).toEqual([]);
  });

  test('an account that is not one of our subaccounts → 404, nothing stored', async () => {
    const { call, fake } = setup();
    for (const accountSid of ['AC' + 'e'.repeat(32), MAIN_SID]) {
      expect((await call('POST', { accountSid, exempt: 'true' })).status).toBe(404);
    }
    expect(fake.calls.filter((c) => c === 'putMapItem')).toEqual([]);
  });

  test('a stored item that no longer parses reads as no override', async () => {
    const { account, call, fake } = setup(false);
    fake.setMapItem(OVERRIDES_MAP, account.sid, { exempt: 'corrupted' });
    expect((await call('GET', { accountSid: account.sid })).body.override).toBeNull();
  });

  test('listing everything without map listing in the gateway → 501', async () => {
    const { call } = setup(false);
    expect((await call('GET', {})).status).toBe(501);
  });
});
