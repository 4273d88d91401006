// End to end, two-factor sign-in on: HTTP → the built admin Functions (served like twilio-run) →
// the emulator, whose Verify keeps the codes it "texts" (read through its control endpoint). Also
// the setup and events commands, with an API token and with password + code.
import type { Emulator } from '../../emulator';
import { runEventsCommand } from '../../scripts/events-command';
import { runSetupCommand } from '../../scripts/setup-command';
import type { FunctionsServer } from '../support/functions-server';
import {
  latestTextedCode,
  smsTwoFactorEnv,
  startAdminStack,
  type AdminStack,
} from '../support/admin-stack';
import { jsonCaller } from './support/admin-e2e';

const ADMIN = { username: 'ops', password: 'fake-admin-password-2fa-e2e' };
const PHONE = '+15550009876';
const SETUP_TOKEN = 'fake-setup-token-e2e-0123456789abcdefghij';
const READ_TOKEN = 'fake-read-token-e2e-0123456789abcdefghijk';
const SECRETS = [ADMIN.password, SETUP_TOKEN, READ_TOKEN];
const TOKENS = { read: READ_TOKEN, setup: SETUP_TOKEN };

let stack: AdminStack;
let emulator: Emulator;
let functions: FunctionsServer;
let logged: jest.SpyInstance;
const bodies: string[] = [];

beforeAll(async () => {
  stack = await startAdminStack({
    admin: ADMIN,
    emulator: { seed: { subaccounts: 2 } },
    env: async (running) => ({
      ...(await smsTwoFactorEnv(running, PHONE, 'fake-session-secret-e2e-0123456789abcdef')),
      ADMIN_TOKEN_SETUP: SETUP_TOKEN,
      ADMIN_TOKEN_READ: READ_TOKEN,
    }),
  });
  ({ emulator, functions, logged } = stack);
});

afterAll(() => stack?.stop());

const call = jsonCaller(() => functions.url, bodies);
const latestCode = () => latestTextedCode(emulator, PHONE);

describe('two-factor sign-in through the Functions and the emulator', () => {
  test('password → code (from the emulator) → session that reads admin data; no-store throughout', async () => {
    const step1 = await call('/admin-session', { body: ADMIN });
    expect(step1.status).toBe(200);
    expect(step1.body).toMatchObject({ status: 'code-sent', to: 'the phone ending in 76' });
    const step2 = await call('/admin-session', {
      body: { pendingToken: step1.body.pendingToken, code: await latestCode() },
    });
    expect(step2.status).toBe(200);
    expect(step2.body).toMatchObject({ status: 'signed-in', twoFactor: 'sms', username: 'ops' });
    expect(step2.body.warning).toBeUndefined();
    for (const response of [step1, step2]) {
      expect(response.headers.get('cache-control')).toBe('no-store');
    }

    const events = await call('/admin-events', { authorization: `Bearer ${step2.body.token}` });
    expect(events.status).toBe(200);
    expect(events.headers.get('cache-control')).toBe('no-store');
    // Both sign-in steps are in the audit list.
    const signIns = await call('/admin-events?action=sign-in', {
      authorization: `Bearer ${step2.body.token}`,
    });
    expect(signIns.body.events.map((e: { reason: string }) => e.reason)).toEqual([
      'signed-in',
      'code-sent',
    ]);
  });

  test('a wrong code → 401 with a clear message and no session', async () => {
    const step1 = await call('/admin-session', { body: ADMIN });
    const right = await latestCode();
    const wrong = await call('/admin-session', {
      body: {
        pendingToken: step1.body.pendingToken,
        code: right === '000000' ? '111111' : '000000',
      },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      error: 'wrong-code',
      message: expect.stringMatching(/not right/),
    });
    expect(wrong.headers.get('cache-control')).toBe('no-store');
    expect(JSON.stringify(wrong.body)).not.toMatch(/token/i);
  });

  test('the password alone (Basic) reaches no admin data; refusals carry no-store', async () => {
    const basic = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;
    for (const path of ['/admin-events', '/admin-coverage', '/admin-overrides']) {
      const response = await call(path, { authorization: basic });
      expect({ path, status: response.status }).toEqual({ path, status: 401 });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    const setup = await call('/setup', { authorization: basic, body: { mode: 'plan' } });
    expect(setup.status).toBe(401);
  });

  test.each([
    ['/admin-events', 'read' as const, 200],
    ['/admin-coverage', 'read' as const, 200],
    ['/admin-overrides', 'read' as const, 403],
    ['/admin-events', 'setup' as const, 403],
    ['/admin-overrides', 'setup' as const, 403],
  ])(
    'GET %s with the %s token → %s (the deployed shells use ADMIN_ACCESS)',
    async (path, token, status) => {
      const response = await call(path, { authorization: `Bearer ${TOKENS[token]}` });
      expect(response.status).toBe(status);
      expect(response.headers.get('cache-control')).toBe('no-store');
    },
  );

  test.each([
    [
      '/admin-reactivate',
      'read' as const,
      403,
      { accountSid: 'AC' + 'e'.repeat(32), operator: 'x', reason: 'y' },
    ],
    [
      '/admin-reactivate',
      'setup' as const,
      403,
      { accountSid: 'AC' + 'e'.repeat(32), operator: 'x', reason: 'y' },
    ],
    ['/setup', 'read' as const, 403, { mode: 'plan' }],
    ['/setup', 'setup' as const, 200, { mode: 'plan' }],
  ])('POST %s with the %s token → %s', async (path, token, status, body) => {
    const response = await call(path, { authorization: `Bearer ${TOKENS[token]}`, body });
    expect(response.status).toBe(status);
  });
});

describe('the commands against the emulator stack', () => {
  const quiet = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: { print: (l: string) => out.push(l), printErr: (t: string) => err.push(t) },
    };
  };

  test('npm run setup with an API token (setup scope) runs to the end', async () => {
    const { out, err, io } = quiet();
    const code = await runSetupCommand(
      ['--url', functions.url, '--token', SETUP_TOKEN, '--plan', '--json'],
      { env: {}, ...io },
    );
    expect(code).toBe(0);
    const result = JSON.parse(out[0]);
    expect(result).toMatchObject({ mode: 'plan', done: true, warnings: [] });
    expect(result.totals.seen).toBeGreaterThanOrEqual(2);
    expect(err.join('')).not.toMatch(/WARNING/);
  });

  test('npm run setup with --user: the password, then the code typed from the text message', async () => {
    const { out, io } = quiet();
    const asked: string[] = [];
    const code = await runSetupCommand(
      ['--url', functions.url, '--user', 'ops', '--plan', '--json'],
      {
        env: {},
        ...io,
        askPassword: async (q) => (asked.push(q), ADMIN.password),
        askCode: async (q) => (asked.push(q), latestCode()),
      },
    );
    expect(code).toBe(0);
    expect(asked).toEqual(['Password for ops: ', 'Code sent to the phone ending in 76: ']);
    expect(JSON.parse(out[0])).toMatchObject({ mode: 'plan', done: true });
  });

  test('npm run events with a read token prints the audit list; a setup token is refused', async () => {
    const lines: string[] = [];
    const exit = await runEventsCommand(
      ['--url', functions.url, '--token', READ_TOKEN, '--json', '--action', 'sign-in'],
      { env: {}, print: (l) => lines.push(l) },
    );
    expect(exit).toBe(0);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => JSON.parse(l).action === 'sign-in')).toBe(true);
    await expect(
      runEventsCommand(['--url', functions.url, '--token', SETUP_TOKEN], {
        env: {},
        print: () => undefined,
      }),
    ).rejects.toThrow(/refused.*may run or plan setup/);
  });

  test('both commands refuse plain http:// to another machine, before sending anything', async () => {
    const fetchSpy = jest.fn();
    const errors: string[] = [];
    const setup = await runSetupCommand(
      ['--url', 'http://breaker.example.com', '--token', SETUP_TOKEN],
      { env: {}, print: () => undefined, printErr: (t) => errors.push(t), fetch: fetchSpy },
    );
    expect(setup).toBe(2);
    expect(errors.join('')).toMatch(/must be https:\/\/.*anyone on the network path/);
    const lines: string[] = [];
    const events = await runEventsCommand(
      ['--url', 'http://breaker.example.com', '--token', READ_TOKEN],
      { env: {}, print: (l) => lines.push(l), fetch: fetchSpy },
    );
    expect(events).toBe(2);
    expect(lines.join('\n')).toMatch(/must be https:\/\//);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  test('no response and no log line held a password or a token', () => {
    const logs = logged.mock.calls.map((c) => String(c[0])).join('\n');
    for (const secret of SECRETS) {
      expect(bodies.join('\n')).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});
