// The commands' sign-in (scripts/admin-sign-in.ts) and the shared URL check, with a scripted fetch.
import { commandAuthorization, type SignInInput } from '../../scripts/admin-sign-in';
import { runSetupCommand } from '../../scripts/setup-command';
import { adminServiceUrl } from '../../src/admin/service-url';
import { TWO_FACTOR_OFF_WARNING } from '../../src/admin/session-endpoint';

const PASSWORD = 'fake-admin-password-cli';
const URL_ = 'https://breaker-1234-dev.twil.io';

type Answer = { status: number; body: object };
const BREAKER_HEALTH: Answer = {
  status: 200,
  body: { ok: true, service: 'twilio-subaccount-breaker', version: '0.1.0' },
};

function scripted(answers: Record<string, Answer[]>) {
  const sent: Array<{ path: string; body: Record<string, unknown>; authorization?: string }> = [];
  /** The /health checks: no credentials, before anything else. */
  const probes: Array<{ authorization?: string; before: number }> = [];
  const fetchFn = (async (url: URL | string, init?: RequestInit) => {
    const path = new URL(url).pathname;
    const headers = (init?.headers ?? {}) as Record<string, string>;
    if (path === '/health')
      probes.push({ authorization: headers.Authorization, before: sent.length });
    else
      sent.push({
        path,
        body: init?.body ? JSON.parse(String(init.body)) : {},
        authorization: headers.Authorization,
      });
    // Every command first asks /health whether this is the breaker: it is, unless told otherwise.
    const next = answers[path]?.shift() ?? (path === '/health' ? BREAKER_HEALTH : undefined);
    if (!next) throw new Error(`unexpected call to ${path}`);
    return new Response(JSON.stringify(next.body), {
      status: next.status,
      headers: { 'Content-Type': 'application/json' },
    });
  }) as typeof fetch;
  return { fetchFn, sent, probes };
}

const input = (fetchFn: typeof fetch, extra: Partial<SignInInput> = {}): SignInInput => ({
  url: URL_,
  username: 'ops',
  env: { ADMIN_PASSWORD: PASSWORD },
  fetch: fetchFn,
  ...extra,
});

describe('adminServiceUrl: the one HTTPS check of the commands', () => {
  test.each([
    'https://x.twil.io',
    'http://127.0.0.1:3000',
    'http://localhost:3000',
    'http://[::1]:3000',
  ])('%s is accepted', (url) => expect(adminServiceUrl(url).href).toContain(new URL(url).host));
  test.each([
    ['http://x.twil.io', /must be https:\/\/.*refusing to send the admin password or token/],
    ['http://10.0.0.5:3000', /only to this machine/],
    ['ftp://x.twil.io', /must be https/],
    ['https://ops:pw@x.twil.io', /must not hold credentials/],
    ['x.twil.io', /needs http:\/\/ or https:\/\/ in front: use https:\/\/x\.twil\.io/],
  ])('%s is refused: %s', (url, message) => {
    expect(() => adminServiceUrl(url)).toThrow(message);
  });
});

describe('commandAuthorization', () => {
  test('an API token is sent as Bearer, without signing in, once /health says it is the breaker', async () => {
    const { fetchFn, sent, probes } = scripted({});
    const token = 'fake-read-token-0123456789abcdefghijklmn';
    const auth = input(fetchFn, { token, username: undefined });
    expect(await commandAuthorization(auth)).toEqual({
      authorization: `Bearer ${token}`,
      via: 'token',
      warning: null,
    });
    expect(sent).toEqual([]);
    expect(probes).toEqual([{ authorization: undefined, before: 0 }]);
  });

  test('password → code asked for → session; a wrong code is asked again', async () => {
    const { fetchFn, sent } = scripted({
      '/admin-session': [
        {
          status: 200,
          body: { status: 'code-sent', pendingToken: 'p.t.x', to: 'the phone ending in 42' },
        },
        { status: 401, body: { error: 'wrong-code', message: 'That code is not right.' } },
        { status: 200, body: { status: 'signed-in', token: 's.t.x', twoFactor: 'sms' } },
      ],
    });
    const codes = ['000000', '424242'];
    const notes: string[] = [];
    const auth = await commandAuthorization(
      input(fetchFn, { askCode: async () => codes.shift()!, note: (l) => notes.push(l) }),
    );
    expect(auth).toEqual({ authorization: 'Bearer s.t.x', via: 'session', warning: null });
    expect(notes).toEqual(['That code is not right.']);
    expect(sent.map((s) => s.body)).toEqual([
      { username: 'ops', password: PASSWORD },
      { pendingToken: 'p.t.x', code: '000000' },
      { pendingToken: 'p.t.x', code: '424242' },
    ]);
  });

  test('TOTP: the code is asked for "from your authenticator app", then a session', async () => {
    const { fetchFn, sent } = scripted({
      '/admin-session': [
        {
          status: 200,
          body: {
            status: 'code-required',
            pendingToken: 'p.t.y',
            channel: 'totp',
            from: 'your authenticator app',
          },
        },
        { status: 200, body: { status: 'signed-in', token: 's.t.y', twoFactor: 'totp' } },
      ],
    });
    const asked: string[] = [];
    const auth = await commandAuthorization(
      input(fetchFn, { askCode: async (q) => (asked.push(q), '135790') }),
    );
    expect(auth).toEqual({ authorization: 'Bearer s.t.y', via: 'session', warning: null });
    expect(asked).toEqual(['Code from your authenticator app: ']);
    expect(sent.at(-1)?.body).toEqual({ pendingToken: 'p.t.y', code: '135790' });
  });

  test('password-only service: Basic, with the two-factor warning', async () => {
    const { fetchFn } = scripted({
      '/admin-session': [
        {
          status: 200,
          body: { status: 'password-only', twoFactor: 'off', warning: TWO_FACTOR_OFF_WARNING },
        },
      ],
    });
    const auth = await commandAuthorization(input(fetchFn));
    expect(auth.via).toBe('password');
    expect(auth.authorization).toBe(`Basic ${Buffer.from(`ops:${PASSWORD}`).toString('base64')}`);
    expect(auth.warning).toBe(TWO_FACTOR_OFF_WARNING);
  });

  test('a wrong password → a clear error, and it never appears in it', async () => {
    const { fetchFn } = scripted({
      '/admin-session': [
        { status: 401, body: { error: 'unauthorized', message: 'Wrong username or password.' } },
      ],
    });
    const attempt = commandAuthorization(input(fetchFn));
    await expect(attempt).rejects.toThrow(/Wrong admin username or password/);
    await expect(attempt).rejects.not.toThrow(PASSWORD);
  });
});

describe('npm run setup without two-factor', () => {
  test('says so loudly on stderr, and in the JSON result', async () => {
    const done = {
      runId: 'r1',
      mode: 'plan',
      done: true,
      cursor: null,
      invocation: { accounts: 0 },
      totals: { seen: 0, failed: 0 },
      changes: [],
      changesTruncated: 0,
      failures: [],
      rules: [],
    };
    const { fetchFn, sent } = scripted({
      '/admin-session': [
        {
          status: 200,
          body: {
            status: 'signed-in',
            token: 's.t.x',
            twoFactor: 'off',
            warning: TWO_FACTOR_OFF_WARNING,
          },
        },
      ],
      '/setup': [{ status: 200, body: done }],
    });
    const out: string[] = [];
    const err: string[] = [];
    const code = await runSetupCommand(['--url', URL_, '--user', 'ops', '--plan', '--json'], {
      env: { ADMIN_PASSWORD: PASSWORD },
      print: (l) => out.push(l),
      printErr: (t) => err.push(t),
      fetch: fetchFn,
    });
    expect(code).toBe(0);
    expect(err.join('')).toContain(`!! WARNING: ${TWO_FACTOR_OFF_WARNING}`);
    expect(err.join('')).toMatch(/^!{78}\n/);
    expect(JSON.parse(out[0]).warnings).toEqual([TWO_FACTOR_OFF_WARNING]);
    expect(sent.find((s) => s.path === '/setup')?.authorization).toBe('Bearer s.t.x');
  });
});
