// Every admin endpoint × every kind of credential, through the shared shell (runAdminEndpoint) with
// the endpoints' real handlers and the scopes the functions/ shells use (ADMIN_ACCESS).
// Two-factor sign-in is on here, so the password alone is refused too.
import { ADMIN_ACCESS, type AdminAccess } from '../../src/admin/admin-access';
import { runAdminEndpoint, type AdminHandler } from '../../src/admin/admin-endpoint';
import { FAILED_SIGN_IN_DELAY_MS } from '../../src/admin/authenticate';
import { overridesEndpoint } from '../../src/ops/overrides-endpoint';
import { sessionEndpoint } from '../../src/admin/session-endpoint';
import { coverageEndpoint } from '../../src/ops/coverage-endpoint';
import { eventsEndpoint } from '../../src/ops/events-endpoint';
import { reactivateEndpoint } from '../../src/ops/reactivate-endpoint';
import { setupEndpoint } from '../../src/setup/setup-endpoint';
import type { TwilioGateway } from '../../src/twilio/gateway';
import { fakeGateway, MAIN_SID } from '../setup/fake-gateway';
import {
  adminDeps,
  basic,
  json,
  NOW,
  PASSWORD,
  READ_TOKEN,
  request,
  SETUP_TOKEN,
  signedToken,
  tamper,
  TWO_FACTOR_ENV,
  virtualClock,
} from './support/admin-harness';
import { fakeVerify } from './support/fake-verify';

const ENV = { ...TWO_FACTOR_ENV, ACCOUNT_SID: MAIN_SID };
const UNKNOWN = 'AC' + 'e'.repeat(32);

interface Endpoint {
  path: string;
  access: AdminAccess;
  handler: AdminHandler;
  method: 'GET' | 'POST';
  params: Record<string, unknown>;
  /** What a caller with the right credential gets: proves the handler ran. */
  rightStatus: number;
}

const ENDPOINTS: Record<string, Endpoint> = {
  events: {
    path: '/admin-events',
    access: ADMIN_ACCESS.events,
    handler: eventsEndpoint(),
    method: 'GET',
    params: {},
    rightStatus: 200,
  },
  coverage: {
    path: '/admin-coverage',
    access: ADMIN_ACCESS.coverage,
    handler: coverageEndpoint(),
    method: 'GET',
    params: {},
    rightStatus: 200,
  },
  reactivate: {
    path: '/admin-reactivate',
    access: ADMIN_ACCESS.reactivate,
    handler: reactivateEndpoint(),
    method: 'POST',
    params: { accountSid: UNKNOWN, operator: 'Dana', reason: 'matrix' },
    rightStatus: 404, // the handler looked the account up: the fake has no such account
  },
  overrides: {
    path: '/admin-overrides',
    access: ADMIN_ACCESS.overrides,
    handler: overridesEndpoint(),
    method: 'GET',
    params: {},
    rightStatus: 200,
  },
  setup: {
    path: '/setup',
    access: ADMIN_ACCESS.setup,
    handler: setupEndpoint(),
    method: 'POST',
    params: { mode: 'plan' },
    rightStatus: 200,
  },
};

type Credential =
  'none' | 'expired' | 'tampered' | 'password' | 'wrong-scope' | 'right-scope' | 'session';

/** The credential of each kind for an endpoint; null where the kind does not apply. */
async function credentialFor(endpoint: string, kind: Credential): Promise<string | undefined> {
  const session = async (issuedAt = NOW) => `Bearer ${await signedToken('session', { issuedAt })}`;
  switch (kind) {
    case 'none':
      return undefined;
    case 'expired':
      return session(NOW - 2 * 3600_000);
    case 'tampered':
      return tamper(await session());
    case 'password':
      return basic('ops', PASSWORD);
    case 'session':
      return session();
    case 'wrong-scope':
      return `Bearer ${endpoint === 'events' || endpoint === 'coverage' ? SETUP_TOKEN : READ_TOKEN}`;
    case 'right-scope': {
      const scope = ENDPOINTS[endpoint].access;
      if (scope === 'read') return `Bearer ${READ_TOKEN}`;
      if (scope === 'setup') return `Bearer ${SETUP_TOKEN}`;
      return session(); // admin: only a person
    }
  }
}

const EXPECTED: Record<Credential, { status: number; error?: string }> = {
  none: { status: 401, error: 'unauthorized' },
  expired: { status: 401, error: 'session-expired' },
  tampered: { status: 401, error: 'unauthorized' },
  password: { status: 401, error: 'unauthorized' },
  'wrong-scope': { status: 403, error: 'forbidden' },
  'right-scope': { status: -1 },
  session: { status: -1 },
};

function gateway(): TwilioGateway {
  const fake = fakeGateway();
  fake.addAccount('active', 'Acme');
  return { ...fake.listingGateway, listListItems: async () => [] };
}

const cases = Object.keys(ENDPOINTS).flatMap((endpoint) =>
  (Object.keys(EXPECTED) as Credential[]).map((kind) => [endpoint, kind] as const),
);

describe('admin endpoints × credentials', () => {
  test.each(cases)('%s with %s', async (name, kind) => {
    const endpoint = ENDPOINTS[name];
    let reached = false;
    const handler: AdminHandler = (req, services) => {
      reached = true;
      return endpoint.handler(req, services);
    };
    const h = adminDeps(ENV, { gateway: gateway(), clock: virtualClock() });
    const response = await runAdminEndpoint(
      request(endpoint.path, {
        method: endpoint.method,
        params: endpoint.params,
        authorization: await credentialFor(name, kind),
      }),
      h.deps,
      handler,
      endpoint.access,
    );
    expect(response.headers['Cache-Control']).toBe('no-store');
    const expected = EXPECTED[kind];
    if (expected.status === -1) {
      expect({ status: response.status, reached }).toEqual({
        status: endpoint.rightStatus,
        reached: true,
      });
      return;
    }
    expect({ status: response.status, error: json(response).error, reached }).toEqual({
      ...expected,
      reached: false,
    });
    expect(h.gatewaysBuilt()).toBe(0);
    if (expected.status === 401) expect(response.headers['WWW-Authenticate']).toMatch(/^Bearer /);
    expect(response.body).not.toContain(PASSWORD);
  });
});

describe('POST /admin-session × credentials', () => {
  async function signIn(params: Record<string, unknown>) {
    const verify = fakeVerify();
    const h = adminDeps(ENV, { verify: verify.gateway, clock: virtualClock() });
    const call = (p: Record<string, unknown>) =>
      runAdminEndpoint(
        request('/admin-session', { method: 'POST', params: p }),
        h.deps,
        sessionEndpoint(),
        'sign-in',
      );
    // Every case starts from a real password step, so a code is pending at Verify.
    const pendingToken = json(await call({ username: 'ops', password: PASSWORD })).pendingToken;
    const response = await call(
      typeof params.pendingToken === 'function'
        ? {
            ...params,
            pendingToken: await (params.pendingToken as (p: string) => unknown)(pendingToken),
          }
        : params,
    );
    return { response, verify };
  }

  test.each([
    ['no token', { code: '424242' }, 401, 'unauthorized'],
    [
      'expired',
      {
        code: '424242',
        pendingToken: () => signedToken('pending', { issuedAt: NOW - 600_000, ttlSeconds: 300 }),
      },
      401,
      'sign-in-expired',
    ],
    ['tampered', { code: '424242', pendingToken: (p: string) => tamper(p) }, 401, 'unauthorized'],
    [
      'wrong scope (a session as the pending token)',
      { code: '424242', pendingToken: () => signedToken('session') },
      401,
      'unauthorized',
    ],
    [
      'right scope (the pending token + the code)',
      { code: '424242', pendingToken: (p: string) => p },
      200,
      undefined,
    ],
  ])('%s', async (_name, params, status, error) => {
    const { response, verify } = await signIn(params);
    expect({ status: response.status, error: json(response).error }).toEqual({ status, error });
    expect(response.headers['Cache-Control']).toBe('no-store');
    expect(verify.checks.length).toBe(status === 200 ? 1 : 0);
  });
});

describe('scopes, whatever the two-factor setting', () => {
  const passwordOnly = {
    ADMIN_USERNAME: 'ops',
    ADMIN_PASSWORD: PASSWORD,
    DOMAIN_NAME: ENV.DOMAIN_NAME,
    ACCOUNT_SID: MAIN_SID,
    ADMIN_TOKEN_SETUP: SETUP_TOKEN,
    ADMIN_TOKEN_READ: READ_TOKEN,
  };

  test.each(Object.keys(ENDPOINTS))(
    'without two-factor, the password (Basic) reaches %s; a wrong one waits, then 401',
    async (name) => {
      const endpoint = ENDPOINTS[name];
      const call = async (authorization: string) => {
        const h = adminDeps(passwordOnly, { gateway: gateway() });
        const response = await runAdminEndpoint(
          request(endpoint.path, {
            method: endpoint.method,
            params: endpoint.params,
            authorization,
          }),
          h.deps,
          endpoint.handler,
          endpoint.access,
        );
        return { status: response.status, slept: h.clock.slept, response };
      };
      expect((await call(basic('ops', PASSWORD))).status).toBe(endpoint.rightStatus);
      const wrong = await call(basic('ops', 'fake-wrong-password'));
      expect(wrong.status).toBe(401);
      expect(wrong.response.headers['WWW-Authenticate']).toMatch(/^Basic /);
      expect(wrong.slept).toEqual([FAILED_SIGN_IN_DELAY_MS]);
    },
  );

  test.each([
    ['reactivate', SETUP_TOKEN],
    ['reactivate', READ_TOKEN],
    ['overrides', SETUP_TOKEN],
    ['overrides', READ_TOKEN],
    ['setup', READ_TOKEN],
    ['events', SETUP_TOKEN],
  ])('%s refuses the API token %#: 403 naming what the token may do', async (name, token) => {
    const endpoint = ENDPOINTS[name];
    const h = adminDeps(passwordOnly, { gateway: gateway() });
    const response = await runAdminEndpoint(
      request(endpoint.path, {
        method: endpoint.method,
        params: endpoint.params,
        authorization: `Bearer ${token}`,
      }),
      h.deps,
      endpoint.handler,
      endpoint.access,
    );
    expect(response.status).toBe(403);
    expect(json(response).message).toMatch(/^This credential \(token:(setup|read)\) may /);
    expect(response.body).not.toContain(token);
    expect(h.gatewaysBuilt()).toBe(0);
  });
});
