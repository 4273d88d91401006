import {
  checkAdminAuth,
  loadAdminCredentials,
  MAX_AUTHORIZATION_LENGTH,
} from '../../src/admin/password-check';
import { ConfigError } from '../../src/config/load-config';
import { thrown } from '../support/rejection';

const credentials = { username: 'ops-admin', password: 'correct horse battery staple' };
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('checkAdminAuth', () => {
  test('the right credentials pass', () => {
    expect(checkAdminAuth(basic('ops-admin', 'correct horse battery staple'), credentials)).toEqual(
      {
        ok: true,
        username: 'ops-admin',
      },
    );
  });

  test('a password containing ":" is split at the first colon only', () => {
    const withColon = { username: 'ops-admin', password: 'pass:word:with:colons' };
    expect(checkAdminAuth(basic('ops-admin', 'pass:word:with:colons'), withColon).ok).toBe(true);
  });

  test('the scheme name is case-insensitive, as RFC 7617 says', () => {
    const header = basic('ops-admin', credentials.password).replace('Basic', 'basic');
    expect(checkAdminAuth(header, credentials).ok).toBe(true);
  });

  const refusals: Array<[string, string | undefined]> = [
    ['missing header', undefined],
    ['empty header', ''],
    ['wrong user', basic('root', credentials.password)],
    ['wrong password', basic('ops-admin', 'correct horse battery stapler')],
    ['both wrong', basic('root', 'hunter2')],
    ['empty user and password', basic('', '')],
    ['right password as user', basic(credentials.password, credentials.password)],
    ['prefix of the password', basic('ops-admin', 'correct horse')],
    [
      'no colon',
      `Basic ${Buffer.from('ops-admincorrect horse battery staple').toString('base64')}`,
    ],
    ['not base64', 'Basic !!!not-base64!!!'],
    ['Bearer scheme', 'Bearer abc.def.ghi'],
    ['scheme only', 'Basic'],
    [
      'credentials without scheme',
      Buffer.from('ops-admin:correct horse battery staple').toString('base64'),
    ],
    ['long header', basic('ops-admin', 'x'.repeat(MAX_AUTHORIZATION_LENGTH))],
    [
      'long header with the right credentials inside',
      basic('ops-admin', credentials.password) + ' '.repeat(MAX_AUTHORIZATION_LENGTH),
    ],
  ];

  test.each(refusals)('%s → 401 with WWW-Authenticate and the one same body', (_name, header) => {
    const result = checkAdminAuth(header, credentials);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.response.status).toBe(401);
    expect(result.response.headers['WWW-Authenticate']).toMatch(/^Basic realm="[^"]+"/);
    expect(result.response.headers['Cache-Control']).toBe('no-store');
    // Same answer whatever failed: no hint which part was wrong.
    expect(result.response).toEqual(
      (checkAdminAuth(undefined, credentials) as { response: unknown }).response,
    );
    expect(result.response.body).not.toContain('ops-admin');
    expect(result.response.body).not.toContain('correct horse');
  });
});

describe('loadAdminCredentials', () => {
  test('reads ADMIN_USERNAME and ADMIN_PASSWORD', () => {
    expect(
      loadAdminCredentials({ ADMIN_USERNAME: ' ops-admin ', ADMIN_PASSWORD: credentials.password }),
    ).toEqual(credentials);
  });

  test.each([
    [{}, ['ADMIN_USERNAME', 'ADMIN_PASSWORD']],
    [{ ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'short' }, ['ADMIN_PASSWORD']],
    [{ ADMIN_USERNAME: 'a:b', ADMIN_PASSWORD: credentials.password }, ['ADMIN_USERNAME']],
    [{ ADMIN_USERNAME: '', ADMIN_PASSWORD: credentials.password }, ['ADMIN_USERNAME']],
  ])('%p fails closed, naming the variables and never a value', (env, variables) => {
    const caught = thrown(() => loadAdminCredentials(env));
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variables).toEqual(variables);
    expect((caught as ConfigError).message).not.toContain('short');
  });
});
