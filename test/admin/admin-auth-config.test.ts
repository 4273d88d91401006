import { loadAdminAuthConfig } from '../../src/admin/admin-auth-config';
import { ConfigError } from '../../src/config/load-config';

const BASE = { ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'fake-admin-password' };
const SECRET = 'fake-session-secret-0123456789-abcdef';
const VA = 'VA' + 'a'.repeat(32);
const TWO_FACTOR = { SESSION_SECRET: SECRET, VERIFY_SERVICE_SID: VA, ADMIN_PHONE: '+15550001111' };
const FACTOR = 'YF' + 'b'.repeat(32);
const IDENTITY = 'fake-identity-0001';
const TOTP = {
  SESSION_SECRET: SECRET,
  VERIFY_SERVICE_SID: VA,
  ADMIN_TOTP_IDENTITY: IDENTITY,
  ADMIN_TOTP_FACTOR_SID: FACTOR,
};
const SETUP_TOKEN = 'fake-setup-token-0123456789-abcdefghij';
const READ_TOKEN = 'fake-read-token-0123456789-abcdefghijk';

function problems(env: Record<string, string>): string[] {
  try {
    loadAdminAuthConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    for (const value of Object.values(env)) {
      if (value.length >= 12) expect((error as Error).message).not.toContain(value);
    }
    return (error as ConfigError).variables;
  }
  return [];
}

describe('loadAdminAuthConfig', () => {
  test('password only: no sessions, no second factor, no tokens', () => {
    const config = loadAdminAuthConfig({ ...BASE, SESSION_SECRET: '', ADMIN_PHONE: '' });
    expect(config).toMatchObject({
      credentials: { username: 'ops', password: BASE.ADMIN_PASSWORD },
      sessionKey: null,
      sessionTtlSeconds: 3600,
      twoFactor: null,
      tokens: [],
    });
  });

  test('everything on', () => {
    const config = loadAdminAuthConfig({
      ...BASE,
      ...TWO_FACTOR,
      SESSION_TTL_SECONDS: '900',
      ADMIN_TOKEN_SETUP: SETUP_TOKEN,
      ADMIN_TOKEN_READ: READ_TOKEN,
    });
    expect(config.twoFactor).toEqual({ kind: 'sms', serviceSid: VA, phone: '+15550001111' });
    expect(config.sessionKey?.type).toBe('secret');
    expect(config.sessionTtlSeconds).toBe(900);
    expect(config.tokens).toEqual([
      { scope: 'setup', token: SETUP_TOKEN },
      { scope: 'read', token: READ_TOKEN },
    ]);
  });

  test.each<[string, Record<string, string>, string[]]>([
    ['a short session secret', { SESSION_SECRET: 'short-secret' }, ['SESSION_SECRET']],
    [
      '2FA without a session secret',
      { VERIFY_SERVICE_SID: VA, ADMIN_PHONE: '+15550001111' },
      ['SESSION_SECRET'],
    ],
    [
      'a Verify service without a phone',
      { SESSION_SECRET: SECRET, VERIFY_SERVICE_SID: VA },
      ['ADMIN_PHONE'],
    ],
    [
      'a phone without a Verify service',
      { SESSION_SECRET: SECRET, ADMIN_PHONE: '+15550001111' },
      ['VERIFY_SERVICE_SID'],
    ],
    ['a phone not in E.164', { ...TWO_FACTOR, ADMIN_PHONE: '555-0001' }, ['ADMIN_PHONE']],
    [
      'a Verify SID of another kind',
      { ...TWO_FACTOR, VERIFY_SERVICE_SID: 'IS' + 'a'.repeat(32) },
      ['VERIFY_SERVICE_SID'],
    ],
    ['a short token', { ADMIN_TOKEN_READ: 'fake-short-token' }, ['ADMIN_TOKEN_READ']],
    ['a token with a space', { ADMIN_TOKEN_SETUP: `${SETUP_TOKEN} x` }, ['ADMIN_TOKEN_SETUP']],
    [
      'the same token twice',
      { ADMIN_TOKEN_SETUP: SETUP_TOKEN, ADMIN_TOKEN_READ: SETUP_TOKEN },
      ['ADMIN_TOKEN_READ'],
    ],
    ['a session TTL too long', { SESSION_TTL_SECONDS: '86400' }, ['SESSION_TTL_SECONDS']],
  ])('%s fails closed, naming the variable', (_name, extra, variables) => {
    expect(problems({ ...BASE, ...extra })).toEqual(variables);
  });

  test('the password reused as a token is refused', () => {
    const password = 'fake-admin-password-long-enough-for-a-token';
    expect(problems({ ...BASE, ADMIN_PASSWORD: password, ADMIN_TOKEN_READ: password })).toEqual([
      'ADMIN_TOKEN_READ',
    ]);
  });

  describe('the second factor: SMS or TOTP, exactly one', () => {
    test('the TOTP variables select TOTP', () => {
      expect(loadAdminAuthConfig({ ...BASE, ...TOTP }).twoFactor).toEqual({
        kind: 'totp',
        serviceSid: VA,
        identity: IDENTITY,
        factorSid: FACTOR,
      });
    });

    test('empty TOTP variables (as .env writes unset ones) leave SMS selected', () => {
      const env = { ...BASE, ...TWO_FACTOR, ADMIN_TOTP_IDENTITY: '', ADMIN_TOTP_FACTOR_SID: ' ' };
      expect(loadAdminAuthConfig(env).twoFactor?.kind).toBe('sms');
    });

    test.each<[string, Record<string, string>, string[]]>([
      [
        'both factors',
        { ...TOTP, ADMIN_PHONE: '+15550001111' },
        ['ADMIN_PHONE', 'ADMIN_TOTP_IDENTITY', 'ADMIN_TOTP_FACTOR_SID'],
      ],
      [
        'both factors, half of TOTP',
        { ...TWO_FACTOR, ADMIN_TOTP_FACTOR_SID: FACTOR },
        ['ADMIN_PHONE', 'ADMIN_TOTP_FACTOR_SID'],
      ],
      [
        'a factor without its identity',
        { ...TOTP, ADMIN_TOTP_IDENTITY: '' },
        ['ADMIN_TOTP_IDENTITY'],
      ],
      [
        'an identity without its factor',
        { ...TOTP, ADMIN_TOTP_FACTOR_SID: '' },
        ['ADMIN_TOTP_FACTOR_SID'],
      ],
      [
        'TOTP without a Verify service',
        { ...TOTP, VERIFY_SERVICE_SID: '' },
        ['VERIFY_SERVICE_SID'],
      ],
      ['TOTP without a session secret', { ...TOTP, SESSION_SECRET: '' }, ['SESSION_SECRET']],
      [
        'a factor SID of another kind',
        { ...TOTP, ADMIN_TOTP_FACTOR_SID: 'YC' + 'b'.repeat(32) },
        ['ADMIN_TOTP_FACTOR_SID'],
      ],
      [
        'an identity Verify refuses',
        { ...TOTP, ADMIN_TOTP_IDENTITY: 'admin@example.com' },
        ['ADMIN_TOTP_IDENTITY'],
      ],
    ])('%s fails closed, naming the variables', (_name, env, variables) => {
      expect(problems({ ...BASE, ...env })).toEqual(variables);
    });

    test('the messages say what to do: keep one factor; enrol with npm run enrol-totp', () => {
      const both = () => loadAdminAuthConfig({ ...BASE, ...TOTP, ADMIN_PHONE: '+15550001111' });
      expect(both).toThrow(
        /keep one second factor.*ADMIN_PHONE.*ADMIN_TOTP_IDENTITY and ADMIN_TOTP_FACTOR_SID/,
      );
      const half = () => loadAdminAuthConfig({ ...BASE, ...TOTP, ADMIN_TOTP_FACTOR_SID: '' });
      expect(half).toThrow(/npm run enrol-totp/);
      const none = () =>
        loadAdminAuthConfig({ ...BASE, SESSION_SECRET: SECRET, VERIFY_SERVICE_SID: VA });
      expect(none).toThrow(/ADMIN_PHONE must be set.*or, instead, ADMIN_TOTP_IDENTITY/);
    });
  });
});
