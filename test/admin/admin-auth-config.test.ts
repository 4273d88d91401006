import { loadAdminAuthConfig } from '../../src/admin/admin-auth-config';
import { ConfigError } from '../../src/config/load-config';

const BASE = { ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'fake-admin-password' };
const SECRET = 'fake-session-secret-0123456789-abcdef';
const VA = 'VA' + 'a'.repeat(32);
const TWO_FACTOR = { SESSION_SECRET: SECRET, VERIFY_SERVICE_SID: VA, ADMIN_PHONE: '+15550001111' };
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
});
