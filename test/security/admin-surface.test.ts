// The admin surface end to end (every functions/admin-*.ts and functions/setup.ts, built and served
// as twilio-run serves them, over the emulator): no credentials, wrong credentials, the parent's or
// a subaccount's Twilio credentials, malformed and oversized Authorization headers → 401 and not one
// Twilio request. Then, after exercising every endpoint's success and error paths (and the
// breaker's), no response and no console line holds a secret: an auth token, the admin password,
// an API token or the session secret — including a misconfigured service's wrong AUTH_TOKEN.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../emulator';
import { emulatorEnv } from '../../scripts/emulator-env';
import { breakerCallbackUrl } from '../../src/breaker/delivery/callback-url';
import { ROOT_DIR } from '../../scripts/build';
import { emulatorClient } from '../support/emulator-twilio';
import { startFunctions, type FunctionsServer } from '../support/functions-server';
import { signTwilioRequest } from '../support/twilio-signer';
import { sendWire } from './support/send-wire';

const ADMIN = { username: 'ops', password: 'fake-admin-password-surface' };
const SECRETS = {
  SESSION_SECRET: 'fake-session-secret-surface-0123456789abcdef',
  ADMIN_TOKEN_SETUP: 'fake-setup-token-surface-0123456789abcdef',
  ADMIN_TOKEN_READ: 'fake-read-token-surface-0123456789abcdef0',
};
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const basic = (user: string, password: string) => `Basic ${b64(`${user}:${password}`)}`;
const RIGHT = basic(ADMIN.username, ADMIN.password);

/** Every admin Function and how to call it; a new functions/admin-*.ts must be added here. */
const ENDPOINTS: Record<string, { method: 'GET' | 'POST'; body?: object }> = {
  '/admin-coverage': { method: 'GET' },
  '/admin-events': { method: 'GET' },
  '/admin-overrides': { method: 'GET' },
  '/admin-reactivate': {
    method: 'POST',
    body: { accountSid: 'AC' + 'e'.repeat(32), operator: 'x', reason: 'y' },
  },
  '/setup': { method: 'POST', body: { mode: 'plan' } },
};
/** The sign-in endpoint takes credentials in its body, by design; checked separately below. */
const SIGN_IN = '/admin-session';

let emulator: Emulator;
let functions: FunctionsServer;
const seen: string[] = [];
let spies: jest.SpyInstance[] = [];

function capture() {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    spies.push(
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        seen.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      }),
    );
  }
}

const env = (authToken: string) => ({
  ...emulatorEnv(emulator),
  AUTH_TOKEN: authToken,
  ADMIN_USERNAME: ADMIN.username,
  ADMIN_PASSWORD: ADMIN.password,
  ...SECRETS,
  BREAKER_ALERT_SMS_FROM: '+15005550006',
  BREAKER_ALERT_SMS_TO: '+15005550001',
});

beforeAll(async () => {
  capture();
  emulator = await startEmulator({ seed: { subaccounts: 3 } });
  functions = await startFunctions({ env: env(emulator.mainAccount.authToken) });
});

afterAll(async () => {
  await functions?.stop();
  await emulator?.close();
  for (const spy of spies) spy.mockRestore();
  spies = [];
});

/** Every answer, recorded for the secret scan. */
async function call(
  route: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; query?: string } = {},
) {
  const body = init.body ?? '';
  const answer = await sendWire(functions.url, route, {
    method: init.method ?? 'GET',
    query: init.query ?? '',
    body,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
  });
  seen.push(JSON.stringify(answer.headers), answer.body);
  return answer;
}

const json = (endpoint: { method: 'GET' | 'POST'; body?: object }) =>
  endpoint.method === 'POST' ? JSON.stringify(endpoint.body ?? {}) : '';

describe('the admin surface', () => {
  it('covers every admin Function in functions/', () => {
    const shipped = readdirSync(path.join(ROOT_DIR, 'functions'))
      .filter((f) => /^(admin-.*|setup)\.ts$/.test(f))
      .map((f) => `/${f.replace(/\.ts$/, '')}`)
      .sort();
    expect(shipped).toEqual([...Object.keys(ENDPOINTS), SIGN_IN].sort());
  });

  it('answers 401, with a challenge and no Twilio call, to missing, wrong, foreign and malformed credentials', async () => {
    const sub = emulator.accounts.list().find((a) => a.sid !== emulator.mainAccount.sid)!;
    // Headers that carry no password to check: answered without a Twilio request.
    const carryNone: Record<string, Record<string, string>> = {
      'no Authorization': {},
      'password only': { authorization: `Basic ${b64(ADMIN.password)}` },
      'the password as a Bearer token': { authorization: `Bearer ${ADMIN.password}` },
      'the session secret as a Bearer token': { authorization: `Bearer ${SECRETS.SESSION_SECRET}` },
      'an unsigned JWT': {
        authorization: `Bearer ${b64('{"alg":"none"}')}.${b64('{"sub":"ops"}')}.`,
      },
      'a wrong Bearer token': { authorization: `Bearer ${'x'.repeat(40)}` },
      'Basic alone': { authorization: 'Basic' },
      'Bearer alone': { authorization: 'Bearer' },
      'not base64': { authorization: 'Basic !!!not-base64!!!' },
      'base64 without a colon': { authorization: `Basic ${b64('ops')}` },
      'no scheme': { authorization: `${ADMIN.username}:${ADMIN.password}` },
      'another scheme': { authorization: `Digest username="${ADMIN.username}"` },
      'trailing garbage': { authorization: `${RIGHT} extra` },
      'Latin-1 bytes': { authorization: 'Basic \u00e9\u00e9\u00e9' },
      'long (2 KB)': { authorization: `Basic ${'QUFB'.repeat(512)}` },
      'long (12 KB)': { authorization: `Bearer ${'a'.repeat(12_000)}` },
      'a Twilio signature instead': {
        'x-twilio-signature': signTwilioRequest(emulator.mainAccount.authToken, functions.url, {}),
      },
    };
    // Headers that carry a wrong password: each is counted in Sync before it is compared
    // (docs/SECURITY.md, password guessing), so each goes to one endpoint, in turn, to stay well
    // inside the limits the other tests of this file share.
    const wrongPasswords: Record<string, Record<string, string>> = {
      'wrong password': { authorization: basic(ADMIN.username, 'not-the-password') },
      'wrong username': { authorization: basic('root', ADMIN.password) },
      'empty password': { authorization: basic(ADMIN.username, '') },
      "the parent's Twilio credentials": {
        authorization: basic(emulator.mainAccount.sid, emulator.mainAccount.authToken),
      },
      "a subaccount's Twilio credentials": { authorization: basic(sub.sid, sub.auth_token) },
      'an API token as the password': {
        authorization: basic(ADMIN.username, SECRETS.ADMIN_TOKEN_SETUP),
      },
      'a NUL in the password': { authorization: basic(ADMIN.username, `${ADMIN.password}\u0000`) },
    };
    const routes = Object.entries(ENDPOINTS);
    const send = async (route: string, name: string, h: Record<string, string>) => {
      const endpoint = ENDPOINTS[route];
      const a = await call(route, { method: endpoint.method, headers: h, body: json(endpoint) });
      return {
        case: `${route}: ${name}`,
        status: a.status,
        challenge: /^(Basic|Bearer) /.test(String(a.headers['www-authenticate'])),
        noStore: a.headers['cache-control'] === 'no-store',
      };
    };
    emulator.requestLog.reset();
    const refused = await Promise.all(
      routes.flatMap(([route]) =>
        Object.entries(carryNone).map(([name, h]) => send(route, name, h)),
      ),
    );
    expect(emulator.requestLog.stats().count).toBe(0);
    // Every wrong password waits a second before its answer: send them all at once.
    const wrong = await Promise.all(
      Object.entries(wrongPasswords).map(([name, h], i) =>
        send(routes[i % routes.length][0], name, h),
      ),
    );
    for (const answer of [...refused, ...wrong]) {
      expect(answer).toEqual({ case: answer.case, status: 401, challenge: true, noStore: true });
    }
    const requests = emulator.requestLog.entries().map((e) => `${e.method} ${e.route}`);
    for (const request of requests) {
      expect(request).toMatch(/^POST \/v1\/Services\/:ServiceSid\/Maps(\/:MapSid\/Items)?$/);
    }
  });

  it('refuses a sign-in with wrong or missing credentials (401 / 400), touching only Sync', async () => {
    emulator.requestLog.reset();
    const attempts: Array<[object | string, number]> = [
      [{ username: ADMIN.username, password: 'not-the-password' }, 401],
      [{ username: 'root', password: ADMIN.password }, 401],
      [{ username: ADMIN.username, password: SECRETS.ADMIN_TOKEN_SETUP }, 401],
      [{}, 400],
      [{ username: ADMIN.username }, 400],
      [{ username: 'x'.repeat(5000), password: 'y' }, 400],
      [{ username: ['ops'], password: ADMIN.password }, 400],
      ['{"username": "ops", "password": ', 400],
    ];
    const answers = await Promise.all(
      attempts.map(([body]) =>
        call(SIGN_IN, {
          method: 'POST',
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(attempts.map(([, status]) => status));
    // Counting the wrong passwords (map items), and a summary of failed sign-ins (list items).
    const routes = new Set(emulator.requestLog.entries().map((e) => `${e.method} ${e.route}`));
    for (const route of routes) expect(route).toMatch(/(Lists|Maps)(\/:\w+Sid\/Items)?$/);
  });

  it('never puts a token, password or secret in an answer or a log line, on any path', async () => {
    const sub = emulator.accounts.list().find((a) => a.sid !== emulator.mainAccount.sid)!;
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    // Success paths, with every kind of credential.
    const signIn = await call(SIGN_IN, {
      method: 'POST',
      body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
    });
    expect(signIn.status).toBe(200);
    const session = (JSON.parse(signIn.body) as { token: string }).token;
    for (const route of ['/admin-coverage', '/admin-events', '/admin-overrides']) {
      expect((await call(route, { headers: { authorization: RIGHT } })).status).toBe(200);
      expect((await call(route, { headers: bearer(session) })).status).toBe(200);
    }
    expect(
      (
        await call('/admin-events', {
          headers: bearer(SECRETS.ADMIN_TOKEN_READ),
          query: 'format=csv',
        })
      ).status,
    ).toBe(200);
    const plan = {
      method: 'POST',
      headers: bearer(SECRETS.ADMIN_TOKEN_SETUP),
      body: '{"mode":"apply"}',
    };
    expect((await call('/setup', plan)).status).toBe(200);
    await emulatorClient(emulator).api.v2010.accounts(sub.sid).update({ status: 'suspended' });
    const reactivate = { accountSid: sub.sid, operator: 'Dana', reason: 'checked' };
    const ok = await call('/admin-reactivate', {
      method: 'POST',
      headers: { authorization: RIGHT },
      body: JSON.stringify(reactivate),
    });
    expect(ok.status).toBe(200);
    // Error paths: bad input, unknown account, a scope it lacks, Twilio failing.
    const errors = [
      await call('/admin-reactivate', {
        method: 'POST',
        headers: { authorization: RIGHT },
        body: '{"accountSid":"nope"}',
      }),
      await call('/admin-events', { headers: { authorization: RIGHT }, query: 'since=yesterday' }),
      await call('/admin-reactivate', {
        method: 'POST',
        headers: bearer(SECRETS.ADMIN_TOKEN_READ),
        body: JSON.stringify(reactivate),
      }),
      await call('/setup', {
        method: 'POST',
        headers: { authorization: RIGHT },
        body: '{"mode":"apply","cursor":"forged"}',
      }),
    ];
    expect(errors.map((e) => e.status)).toEqual([400, 400, 403, 400]);
    emulator.faults.add({ route: '*', kind: 500, times: Infinity });
    const failing = [
      await call('/admin-coverage', { headers: bearer(session) }),
      await call('/admin-reactivate', {
        method: 'POST',
        headers: bearer(session),
        body: JSON.stringify(reactivate),
      }),
      // A password cannot be counted with Sync failing, so it is not checked: 503.
      await call('/admin-coverage', { headers: { authorization: RIGHT } }),
    ];
    emulator.faults.clear();
    expect(failing.map((f) => f.status)).toEqual([502, 502, 503]);
    // The breaker's paths: a trip, a forgery, a malformed delivery.
    const url = breakerCallbackUrl(functions.url, 'trip');
    const delivery = {
      AccountSid: sub.sid,
      UsageTriggerSid: 'UT' + '1'.repeat(32),
      DateFired: new Date().toUTCString().replace('GMT', '+0000'),
    };
    const post = (params: Record<string, string>, token: string) =>
      call('/breaker', {
        method: 'POST',
        query: 'tier=trip',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signTwilioRequest(token, url, params),
        },
        body: new URLSearchParams(params).toString(),
      });
    expect((await post(delivery, sub.auth_token)).status).toBe(200);
    expect((await post(delivery, emulator.mainAccount.authToken)).status).toBe(403);
    expect((await post({ AccountSid: 'nope' }, sub.auth_token)).status).toBe(400);

    // A service whose AUTH_TOKEN is wrong: every Twilio call fails 401; the wrong token is a secret too.
    await functions.stop();
    const wrongToken = 'f'.repeat(32);
    functions = await startFunctions({ env: env(wrongToken) });
    // (API tokens: a Basic password could not even be counted, Sync refusing the wrong token.)
    const misconfigured = [
      await call('/admin-coverage', { headers: bearer(SECRETS.ADMIN_TOKEN_READ) }),
      await call('/setup', {
        method: 'POST',
        headers: bearer(SECRETS.ADMIN_TOKEN_SETUP),
        body: '{"mode":"plan"}',
      }),
    ];
    // Setup reports a failed listing in its answer (200, `error`) and keeps its cursor.
    expect(misconfigured.map((m) => m.status)).toEqual([502, 200]);
    expect(JSON.parse(misconfigured[1].body)).toMatchObject({
      done: false,
      error: expect.any(String),
    });

    const secrets = {
      'main auth token': emulator.mainAccount.authToken,
      'wrong AUTH_TOKEN': wrongToken,
      ...Object.fromEntries(
        emulator.accounts.list().map((a) => [`token of ${a.sid}`, a.auth_token]),
      ),
      'admin password': ADMIN.password,
      'Basic credentials': RIGHT.slice('Basic '.length),
      ...SECRETS,
    };
    const logs = spies.flatMap((s) => s.mock.calls.map((args) => args.map(String).join(' ')));
    // The scan saw the Functions' own lines (so a leak there would have been caught).
    for (const kind of [
      '"breaker":"audit"',
      '"breaker":"admin-refused"',
      '"breaker":"admin-error"',
    ]) {
      expect(logs.some((line) => line.includes(kind))).toBe(true);
    }
    for (const [name, secret] of Object.entries(secrets)) {
      const found = seen.filter((text) => text.includes(secret)).length;
      expect({ secret: name, found }).toEqual({ secret: name, found: 0 });
    }
    // The session token is handed to the one who signed in, and logged nowhere.
    expect(logs.filter((line) => line.includes(session))).toEqual([]);
  });
});
