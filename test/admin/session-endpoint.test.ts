// POST /admin-session through the shared admin shell, with a fake Verify and a virtual clock.
import { runAdminEndpoint } from '../../src/admin/admin-endpoint';
import { FAILED_SIGN_IN_DELAY_MS } from '../../src/admin/authenticate';
import { sessionEndpoint, TWO_FACTOR_OFF_WARNING } from '../../src/admin/session-endpoint';
import { jsonResponse } from '../../src/runtime/response-value';
import {
  ADMIN_PHONE,
  adminDeps,
  json,
  PASSWORD,
  PASSWORD_ONLY_ENV,
  request,
  SESSION_SECRET,
  signedToken,
  tamper,
  TWO_FACTOR_ENV,
  VERIFY_SID,
} from './support/admin-harness';
import { FACTOR_SID, fakeVerify, TOTP_IDENTITY } from './support/fake-verify';

const reached = async () => jsonResponse(200, { reached: true });

function harness(
  env: Record<string, unknown> = TWO_FACTOR_ENV,
  maxSends?: number,
  verifyOptions: Parameters<typeof fakeVerify>[0] = {},
) {
  const verify = fakeVerify({ maxSends, ...verifyOptions });
  const h = adminDeps(env, { verify: verify.gateway });
  // A handler per test: like a fresh Function instance, it remembers no wrong codes.
  const handler = sessionEndpoint();
  const signIn = async (params: Record<string, unknown>, headers: Record<string, string> = {}) =>
    runAdminEndpoint(
      request('/admin-session', { method: 'POST', params, headers }),
      h.deps,
      handler,
      'sign-in',
    );
  /** An admin endpoint (scope read) called with the session. */
  const use = (token: string) =>
    runAdminEndpoint(
      request('/admin-events', { authorization: `Bearer ${token}` }),
      h.deps,
      reached,
      'read',
    );
  /** Step 2 with the right code: a one-hour Bearer session that opens an admin endpoint. */
  const expectSession = async (pendingToken: string, code: string, twoFactor: 'sms' | 'totp') => {
    const right = await signIn({ pendingToken, code });
    expect(right.status).toBe(200);
    const session = json(right);
    expect(session).toEqual({
      status: 'signed-in',
      token: expect.any(String),
      tokenType: 'Bearer',
      expiresAt: new Date(h.clock.now() + 3600_000).toISOString(),
      username: 'ops',
      twoFactor,
    });
    expect((await use(session.token)).status).toBe(200);
    return session;
  };
  return { ...h, verify, signIn, use, handler, expectSession };
}

describe('sign-in with two-factor (password, then a Verify code)', () => {
  test('password → code sent; wrong code → 401 after a delay; right code → a working session', async () => {
    const { signIn, use, verify, audit, clock, expectSession } = harness();
    const first = await signIn({ username: 'ops', password: PASSWORD });
    expect(first.status).toBe(200);
    const pending = json(first);
    expect(pending).toEqual({
      status: 'code-sent',
      pendingToken: expect.any(String),
      expiresAt: new Date(clock.now() + 300_000).toISOString(),
      channel: 'sms',
      to: 'the phone ending in 34',
    });
    expect(verify.sent).toEqual([{ serviceSid: VERIFY_SID, to: ADMIN_PHONE, channel: 'sms' }]);
    // The pending token is no session.
    expect((await use(pending.pendingToken)).status).toBe(401);

    const wrong = await signIn({ pendingToken: pending.pendingToken, code: '000000' });
    expect(wrong.status).toBe(401);
    expect(json(wrong)).toEqual({
      error: 'wrong-code',
      message: expect.stringMatching(/not right/),
    });
    expect(clock.slept).toEqual([FAILED_SIGN_IN_DELAY_MS]);

    const session = await expectSession(pending.pendingToken, verify.code, 'sms');

    // The code is used up: the same pending token gets nothing more.
    const again = await signIn({ pendingToken: pending.pendingToken, code: verify.code });
    expect(json(again).error).toBe('code-expired');

    expect(audit.map((e) => [e.action, e.reason, e.outcome, e.detail?.step])).toEqual([
      ['sign-in', 'code-sent', 'ok', 'password'],
      ['sign-in', 'wrong-code', 'refused', 'code'],
      ['sign-in', 'signed-in', 'ok', 'code'],
      ['sign-in', 'code-expired', 'refused', 'code'],
    ]);
    expect(audit[2].detail).toEqual({ step: 'code', method: 'password+sms', username: 'ops' });
    const recorded = JSON.stringify(audit);
    for (const secret of [PASSWORD, verify.code, pending.pendingToken, session.token]) {
      expect(recorded).not.toContain(secret);
    }
  });

  test('a wrong password: 401 after a delay, no code sent, audited without the typed username', async () => {
    const { signIn, verify, audit, clock, lines } = harness();
    const response = await signIn({ username: PASSWORD, password: 'ops-typed-in-the-wrong-field' });
    expect(response.status).toBe(401);
    expect(json(response)).toEqual({
      error: 'unauthorized',
      message: 'Wrong username or password.',
    });
    expect(response.headers['Cache-Control']).toBe('no-store');
    expect(clock.slept).toEqual([FAILED_SIGN_IN_DELAY_MS]);
    expect(verify.sent).toEqual([]);
    // Its own console line; in the audit list only as a count, in the next summary.
    const printed = lines.map((l) => JSON.parse(l)).filter((l) => l.breaker === 'audit');
    expect(printed).toEqual([
      expect.objectContaining({
        summarized: true,
        event: expect.objectContaining({
          action: 'sign-in',
          reason: 'wrong-password',
          outcome: 'refused',
          detail: { step: 'password', method: 'password', username: null },
        }),
      }),
    ]);
    expect(audit).toEqual([]);
    await clock.advance(60_000);
    await signIn({ username: 'ops', password: 'another-guess' });
    expect(audit).toEqual([
      expect.objectContaining({
        source: 'ops',
        action: 'sign-in',
        reason: 'summary',
        outcome: 'refused',
        count: 2,
        counts: { 'wrong-password': 2 },
      }),
    ]);
    expect(JSON.stringify(audit) + lines.join('\n')).not.toContain(PASSWORD);
  });

  test('a pending token that is expired, tampered, or a session → 401 without asking Verify', async () => {
    const { signIn, verify, clock } = harness();
    const pending = json(await signIn({ username: 'ops', password: PASSWORD })).pendingToken;
    const session = await signedToken('session');
    expect(json(await signIn({ pendingToken: tamper(pending), code: verify.code }))).toMatchObject({
      error: 'unauthorized',
    });
    expect(json(await signIn({ pendingToken: session, code: verify.code }))).toMatchObject({
      error: 'unauthorized',
    });
    await clock.advance(306_000);
    const late = await signIn({ pendingToken: pending, code: verify.code });
    expect(late.status).toBe(401);
    expect(json(late)).toMatchObject({ error: 'sign-in-expired' });
    expect(verify.checks).toEqual([]);
  });

  test('a pending token issued before the password changed is refused', async () => {
    const { signIn, verify } = harness();
    const old = await signedToken('pending', { password: 'fake-old-admin-password' });
    expect((await signIn({ pendingToken: old, code: verify.code })).status).toBe(401);
    expect(verify.checks).toEqual([]);
  });

  test("Verify's limits: 5 wrong codes lock the code (429); too many sends → 429", async () => {
    const { signIn } = harness();
    const pending = json(await signIn({ username: 'ops', password: PASSWORD })).pendingToken;
    for (let i = 0; i < 5; i += 1) {
      expect((await signIn({ pendingToken: pending, code: '111111' })).status).toBe(401);
    }
    const locked = await signIn({ pendingToken: pending, code: '111111' });
    expect(locked.status).toBe(429);
    expect(json(locked).error).toBe('too-many-attempts');

    const limited = harness(TWO_FACTOR_ENV, 0);
    const refused = await limited.signIn({ username: 'ops', password: PASSWORD });
    expect(refused.status).toBe(429);
    expect(json(refused)).toMatchObject({ error: 'too-many-codes' });
    expect(limited.audit.map((e) => e.reason)).toEqual(['too-many-codes']);
  });

  test('bad input → 400 without a Verify call; GET → 405; a POST from another site → 403', async () => {
    const { signIn, verify, deps, handler } = harness();
    const pending = json(await signIn({ username: 'ops', password: PASSWORD })).pendingToken;
    expect((await signIn({ pendingToken: pending, code: 'abc' })).status).toBe(400);
    expect((await signIn({ username: 'ops' })).status).toBe(400);
    expect((await signIn({ username: ['ops'], password: PASSWORD })).status).toBe(400);
    expect(verify.checks).toEqual([]);
    const get = await runAdminEndpoint(request('/admin-session'), deps, handler, 'sign-in');
    expect(get.status).toBe(405);
    const foreign = await signIn(
      { username: 'ops', password: PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
  });
});

describe('sign-in without two-factor', () => {
  test('with SESSION_SECRET: a session after the password alone, and a loud warning', async () => {
    const { signIn, use } = harness({ ...PASSWORD_ONLY_ENV, SESSION_SECRET });
    const response = await signIn({ username: 'ops', password: PASSWORD });
    const body = json(response);
    expect(body).toMatchObject({ status: 'signed-in', twoFactor: 'off', username: 'ops' });
    expect(body.warning).toBe(TWO_FACTOR_OFF_WARNING);
    expect(body.warning).toMatch(/OFF/);
    expect((await use(body.token)).status).toBe(200);

    // Once two-factor sign-in is turned on, that password-only session no longer works.
    const strict = harness();
    expect((await strict.use(body.token)).status).toBe(401);
  });

  test('without SESSION_SECRET: "password-only" (keep using Basic), with the warning', async () => {
    const { signIn, audit } = harness(PASSWORD_ONLY_ENV);
    const body = json(await signIn({ username: 'ops', password: PASSWORD }));
    expect(body).toEqual({
      status: 'password-only',
      username: 'ops',
      twoFactor: 'off',
      warning: TWO_FACTOR_OFF_WARNING,
    });
    expect(audit.map((e) => e.reason)).toEqual(['password-only']);
  });

  test('a code step when two-factor is off → 400', async () => {
    const { signIn } = harness({ ...PASSWORD_ONLY_ENV, SESSION_SECRET });
    const token = await signedToken('pending');
    expect((await signIn({ pendingToken: token, code: '123456' })).status).toBe(400);
  });
});

describe("sign-in with a TOTP factor (password, then the authenticator app's code)", () => {
  const TOTP_ENV = {
    ...TWO_FACTOR_ENV,
    ADMIN_PHONE: '',
    ADMIN_TOTP_IDENTITY: TOTP_IDENTITY,
    ADMIN_TOTP_FACTOR_SID: FACTOR_SID,
  };
  const totp = (options: Parameters<typeof fakeVerify>[0] = {}) =>
    harness(TOTP_ENV, undefined, options);

  test('password → nothing sent, code asked for; wrong code → 401; right code → a session', async () => {
    const { signIn, use, verify, audit, clock, expectSession } = totp();
    const first = await signIn({ username: 'ops', password: PASSWORD });
    expect(first.status).toBe(200);
    const pending = json(first);
    expect(pending).toEqual({
      status: 'code-required',
      pendingToken: expect.any(String),
      expiresAt: new Date(clock.now() + 300_000).toISOString(),
      channel: 'totp',
      from: 'your authenticator app',
    });
    // Step 1 asked Verify for nothing: no text, no challenge.
    expect(verify.sent).toEqual([]);
    expect(verify.challenges).toEqual([]);
    expect((await use(pending.pendingToken)).status).toBe(401);

    const wrong = await signIn({ pendingToken: pending.pendingToken, code: '000000' });
    expect(wrong.status).toBe(401);
    expect(json(wrong)).toEqual({
      error: 'wrong-code',
      message: expect.stringMatching(/not right.*authenticator app/),
    });
    expect(clock.slept).toEqual([FAILED_SIGN_IN_DELAY_MS]);

    const session = await expectSession(pending.pendingToken, verify.totpCode, 'totp');
    // Each code went to Verify as a challenge of the configured factor.
    expect(verify.challenges).toEqual([
      { serviceSid: VERIFY_SID, identity: TOTP_IDENTITY, factorSid: FACTOR_SID, code: '000000' },
      {
        serviceSid: VERIFY_SID,
        identity: TOTP_IDENTITY,
        factorSid: FACTOR_SID,
        code: verify.totpCode,
      },
    ]);

    expect(audit.map((e) => [e.reason, e.outcome, e.detail?.step, e.detail?.method])).toEqual([
      ['code-required', 'ok', 'password', 'password'],
      ['wrong-code', 'refused', 'code', 'password+totp'],
      ['signed-in', 'ok', 'code', 'password+totp'],
    ]);
    const recorded = JSON.stringify(audit);
    for (const secret of [PASSWORD, verify.totpCode, pending.pendingToken, session.token]) {
      expect(recorded).not.toContain(secret);
    }
  });

  test("Verify's limit (60308) → 429 too-many-attempts, after the delay", async () => {
    const { signIn, clock, audit } = totp({ maxTotpFailures: 2 });
    const pending = json(await signIn({ username: 'ops', password: PASSWORD })).pendingToken;
    for (let i = 0; i < 2; i += 1) {
      expect((await signIn({ pendingToken: pending, code: '111111' })).status).toBe(401);
    }
    const locked = await signIn({ pendingToken: pending, code: '111111' });
    expect(locked.status).toBe(429);
    expect(json(locked)).toEqual({
      error: 'too-many-attempts',
      message: expect.stringMatching(/Too many wrong codes/),
    });
    expect(clock.slept).toEqual(Array(3).fill(FAILED_SIGN_IN_DELAY_MS));
    expect(audit.at(-1)).toMatchObject({ reason: 'too-many-attempts', outcome: 'refused' });
  });

  test.each([
    ['missing' as const, /names no TOTP factor/],
    ['unverified' as const, /never verified/],
  ])(
    'a %s factor → 500 misconfigured naming ADMIN_TOTP_FACTOR_SID, audited',
    async (factor, why) => {
      const { signIn, verify, audit } = totp({ factor });
      const pending = json(await signIn({ username: 'ops', password: PASSWORD })).pendingToken;
      const response = await signIn({ pendingToken: pending, code: verify.totpCode });
      expect(response.status).toBe(500);
      const body = json(response);
      expect(body.error).toBe('misconfigured');
      expect(body.message).toMatch(/ADMIN_TOTP_FACTOR_SID/);
      expect(body.message).toMatch(why);
      expect(body.message).toMatch(/npm run enrol-totp/);
      expect(body.message).not.toContain(FACTOR_SID);
      expect(audit.at(-1)).toMatchObject({ reason: 'verify-failed', outcome: 'error' });
    },
  );

  test('a code that is no TOTP code → 400 naming the app, without a Verify call', async () => {
    const { signIn, verify } = totp();
    const pending = json(await signIn({ username: 'ops', password: PASSWORD })).pendingToken;
    const response = await signIn({ pendingToken: pending, code: '123456789' });
    expect(response.status).toBe(400);
    expect(json(response).message).toMatch(/authenticator app/);
    expect(verify.challenges).toEqual([]);
  });

  test('a session from SMS sign-in still works after switching to TOTP (both are "otp")', async () => {
    const sms = harness();
    const pending = json(await sms.signIn({ username: 'ops', password: PASSWORD })).pendingToken;
    const { token } = json(await sms.signIn({ pendingToken: pending, code: sms.verify.code }));
    expect((await totp().use(token)).status).toBe(200);
  });
});
