// The one-call "protect this account": POST /setup with accountSid, as a reseller's sign-up flow
// calls it right after creating a subaccount, with the setup-scoped API token.
import { ADMIN_ACCESS } from '../../src/admin/admin-access';
import { runAdminEndpoint, type AdminEndpointDeps } from '../../src/admin/admin-endpoint';
import type { RuntimeRequest } from '../../src/runtime/runtime-request';
import { setupEndpoint } from '../../src/setup/setup-endpoint';
import { fakeGateway, MAIN_SID } from './fake-gateway';
import { expectProtected } from './setup-fixtures';

const SETUP_TOKEN = 'fake-setup-token-0123456789abcdefghijklmnop';
const ENV = {
  ADMIN_USERNAME: 'ops',
  ADMIN_PASSWORD: 'fake-admin-password-for-tests',
  ADMIN_TOKEN_SETUP: SETUP_TOKEN,
  DOMAIN_NAME: 'breaker-1234-dev.twil.io',
  ACCOUNT_SID: MAIN_SID,
  AUTH_TOKEN: 'fake-auth-token-not-a-secret',
};

function post(params: Record<string, unknown>): RuntimeRequest {
  return {
    method: 'POST',
    url: 'https://breaker-1234-dev.twil.io/setup',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SETUP_TOKEN}` },
    params,
  };
}

function stack() {
  const fake = fakeGateway();
  const others = [fake.addAccount(), fake.addAccount()];
  const lines: string[] = [];
  const deps: AdminEndpointDeps = {
    env: ENV,
    gateway: () => fake.gateway,
    clock: fake.clock,
    log: (line: string) => lines.push(line),
  };
  return { fake, others, deps, lines };
}

const body = (response: { body: string }) => JSON.parse(response.body);

/** The setup Function as deployed: the shared admin shell around the setup endpoint. */
const callSetup = (request: RuntimeRequest, deps: AdminEndpointDeps) =>
  runAdminEndpoint(request, deps, setupEndpoint({ clock: deps.clock }), ADMIN_ACCESS.setup);

describe('POST /setup with accountSid', () => {
  test('protects that one subaccount (apply by default), with the setup token, touching no other', async () => {
    const { fake, others, deps, lines } = stack();
    const fresh = fake.addAccount('active', 'New customer');
    const response = await callSetup(post({ accountSid: fresh.sid }), deps);
    expect(response.status).toBe(200);
    expect(body(response)).toMatchObject({
      accountSid: fresh.sid,
      friendlyName: 'New customer',
      mode: 'apply',
      writes: 2,
      actions: [{ kind: 'create' }, { kind: 'create' }],
    });
    expectProtected(fake, [fresh.sid]);
    for (const other of others) expect(fake.triggersOf(other.sid)).toEqual([]);
    expect(fake.calls.filter((c) => c === 'listSubaccountsPage')).toEqual([]);
    expect(JSON.parse(lines.at(-1)!)).toEqual({
      breaker: 'setup-account',
      by: 'token:setup',
      accountSid: fresh.sid,
      mode: 'apply',
      writes: 2,
    });

    const again = await callSetup(post({ accountSid: fresh.sid }), deps);
    expect(body(again)).toMatchObject({ writes: 0, actions: [] });
  });

  test('plan mode says what it would do and writes nothing', async () => {
    const { fake, deps } = stack();
    const fresh = fake.addAccount();
    const response = await callSetup(post({ accountSid: fresh.sid, mode: 'plan' }), deps);
    expect(body(response)).toMatchObject({ mode: 'plan', writes: 0, actions: [{}, {}] });
    expect(fake.writes()).toBe(0);
  });

  test('a transient Twilio failure is retried inside the call', async () => {
    const { fake, deps } = stack();
    const fresh = fake.addAccount();
    fake.failNext('createTrigger', 503);
    const response = await callSetup(post({ accountSid: fresh.sid }), deps);
    expect(response.status).toBe(200);
    expectProtected(fake, [fresh.sid]);
  });

  test.each([
    ['a malformed SID', 'AC123', 400, 'bad-request'],
    ['the main account', MAIN_SID, 404, 'not-found'],
    ['an unknown account', 'AC' + 'f'.repeat(32), 404, 'not-found'],
  ])('refuses %s, writing nothing', async (_label, accountSid, status, error) => {
    const { fake, deps } = stack();
    const response = await callSetup(post({ accountSid }), deps);
    expect([response.status, body(response).error]).toEqual([status, error]);
    expect(fake.writes()).toBe(0);
  });

  test('a closed account: 409, nothing to protect; a cursor with accountSid: 400', async () => {
    const { fake, deps } = stack();
    const closed = fake.addAccount('closed');
    const response = await callSetup(post({ accountSid: closed.sid }), deps);
    expect([response.status, body(response).error]).toEqual([409, 'closed']);
    const mixed = await callSetup(post({ accountSid: closed.sid, cursor: 'x' }), deps);
    expect(body(mixed).message).toMatch(/leave cursor out/);
  });
});
