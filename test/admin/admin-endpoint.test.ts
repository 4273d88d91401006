import { runAdminEndpoint, type AdminHandler } from '../../src/admin/admin-endpoint';
import { AdminRequestError } from '../../src/admin/admin-request-error';
import { FAILED_SIGN_IN_DELAY_MS } from '../../src/admin/authenticate';
import { jsonResponse, type ResponseValue } from '../../src/runtime/response-value';
import type { RuntimeRequest } from '../../src/runtime/runtime-request';
import { createVirtualClock } from '../../src/runtime/virtual-clock';
import type { TwilioGateway } from '../../src/twilio/gateway';
import { translateTwilioError } from '../../src/twilio/twilio-errors';
import { fakeSyncMap } from './support/fake-sync-map';

/** JSON bodies are objects (the runtime serialises them); text bodies are strings. */
const text = (r: ResponseValue) => (typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
const json = (r: ResponseValue) => JSON.parse(text(r));

const PASSWORD = 'fake-admin-passphrase';
const env = { ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: PASSWORD, DOMAIN_NAME: 'example.twil.io' };
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function request(headers: Record<string, string>, method: 'GET' | 'POST' = 'GET'): RuntimeRequest {
  return { method, url: 'https://example.twil.io/admin-events', headers, params: {} };
}

/** The gateway holds only Sync map items: where a Basic password is counted before its check. */
function setup() {
  let gatewaysBuilt = 0;
  const lines: string[] = [];
  const sync = fakeSyncMap();
  // Virtual time: the wrong-password delay passes without a real second going by.
  const clock = createVirtualClock();
  const deps = {
    env,
    gateway: () => {
      gatewaysBuilt += 1;
      return sync.gateway as TwilioGateway;
    },
    clock,
    log: (line: string) => lines.push(line),
  };
  return { deps, lines, sync, clock, gatewaysBuilt: () => gatewaysBuilt };
}

const ok: AdminHandler = async (_request, services) => {
  services.gateway();
  return jsonResponse(200, { hello: services.username }, { 'Cache-Control': 'max-age=60' });
};

describe('runAdminEndpoint', () => {
  it('runs the handler for the admin, with Cache-Control: no-store whatever it set', async () => {
    const { deps, gatewaysBuilt, sync } = setup();
    const response = await runAdminEndpoint(
      request({ authorization: basic('admin', PASSWORD) }),
      deps,
      ok,
    );
    expect(response.status).toBe(200);
    expect(json(response)).toEqual({ hello: 'admin' });
    expect(response.headers['Cache-Control']).toBe('no-store');
    expect(gatewaysBuilt()).toBe(1);
    expect(sync.items.size).toBe(0); // the right password gave its slots back
  });

  it.each([
    ['no credentials', {}, 0],
    ['a wrong password', { authorization: basic('admin', 'wrong-passphrase!') }, 2],
    ['a wrong user', { authorization: basic('root', PASSWORD) }, 2],
    ['another scheme', { authorization: `Bearer ${PASSWORD}` }, 0],
  ])(
    '401 with WWW-Authenticate for %s; a wrong password holds its slots, nothing else is called',
    async (label, headers, slots) => {
      const { deps, clock, gatewaysBuilt, sync } = setup();
      const before = clock.now();
      const response = await runAdminEndpoint(request(headers), deps, ok);
      expect(response.status).toBe(401);
      // A wrong password (either half) waits; a missing or foreign credential answers at once.
      const waited = label.startsWith('a wrong') ? FAILED_SIGN_IN_DELAY_MS : 0;
      expect(clock.now() - before).toBe(waited);
      expect(response.headers['WWW-Authenticate']).toMatch(/^Basic /);
      expect(response.headers['Cache-Control']).toBe('no-store');
      expect(text(response)).not.toContain(PASSWORD);
      expect(gatewaysBuilt()).toBe(slots > 0 ? 1 : 0);
      expect(sync.items.size).toBe(slots); // one of the username's, one of the total
    },
  );

  it('refuses a POST from another site’s page, but not one without Origin', async () => {
    const { deps } = setup();
    const auth = { authorization: basic('admin', PASSWORD) };
    const foreign = await runAdminEndpoint(
      request({ ...auth, origin: 'https://evil.example' }, 'POST'),
      deps,
      ok,
    );
    expect(foreign.status).toBe(403);
    expect(json(foreign).error).toBe('cross-origin');
    const own = request({ ...auth, origin: 'https://example.twil.io' }, 'POST');
    expect((await runAdminEndpoint(own, deps, ok)).status).toBe(200);
    expect((await runAdminEndpoint(request(auth, 'POST'), deps, ok)).status).toBe(200);
  });

  it('answers a refused request with its status, code and message', async () => {
    const refuse: AdminHandler = async () => {
      throw new AdminRequestError(409, 'closed', 'closing is permanent');
    };
    const { deps } = setup();
    const response = await runAdminEndpoint(
      request({ authorization: basic('admin', PASSWORD) }),
      deps,
      refuse,
    );
    expect(response.status).toBe(409);
    expect(json(response)).toEqual({ error: 'closed', message: 'closing is permanent' });
  });

  it('answers a Twilio failure with 502 and no credential in the body or the log', async () => {
    const token = 'f'.repeat(32);
    const fail: AdminHandler = async () => {
      throw translateTwilioError(
        { status: 503, message: `upstream said token ${token}` },
        'read Sync list',
      );
    };
    const { deps, lines } = setup();
    const response = await runAdminEndpoint(
      request({ authorization: basic('admin', PASSWORD) }),
      deps,
      fail,
    );
    expect(response.status).toBe(502);
    expect(json(response).error).toBe('twilio-error');
    expect(text(response) + lines.join('\n')).not.toContain(token);
  });

  it('answers a bug with a bare 500 and a missing credential with the variable to set', async () => {
    const bug: AdminHandler = async () => {
      throw new TypeError('x is undefined');
    };
    const { deps } = setup();
    const auth = { authorization: basic('admin', PASSWORD) };
    const response = await runAdminEndpoint(request(auth), deps, bug);
    expect(response.status).toBe(500);
    expect(text(response)).not.toContain('x is undefined');

    const unset = await runAdminEndpoint(request(auth), { ...deps, env: {} }, ok);
    expect(unset.status).toBe(500);
    expect(json(unset)).toMatchObject({ error: 'misconfigured' });
    expect(text(unset)).toContain('ADMIN_PASSWORD');
  });
});
