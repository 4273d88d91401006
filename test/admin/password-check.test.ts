import {
  basicCredentials,
  loadAdminCredentials,
  MAX_AUTHORIZATION_LENGTH,
  sameCredentials,
  unauthorized,
} from '../../src/admin/password-check';
import { ConfigError } from '../../src/config/load-config';
import { thrown } from '../support/rejection';

const credentials = { username: 'ops-admin', password: 'correct horse battery staple' };
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('basicCredentials', () => {
  test('reads the two halves of a Basic header', () => {
    expect(basicCredentials(basic('ops-admin', 'correct horse battery staple'))).toEqual(
      credentials,
    );
  });

  test('a password containing ":" is split at the first colon only', () => {
    expect(basicCredentials(basic('ops-admin', 'pass:word:with:colons'))).toEqual({
      username: 'ops-admin',
      password: 'pass:word:with:colons',
    });
  });

  test('the scheme name is case-insensitive, as RFC 7617 says', () => {
    const header = basic('ops-admin', credentials.password).replace('Basic', 'basic');
    expect(basicCredentials(header)).toEqual(credentials);
  });

  const noCredentials: Array<[string, string | undefined]> = [
    ['missing header', undefined],
    ['empty header', ''],
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

  test.each(noCredentials)('%s → no credentials (nothing to check)', (_name, header) => {
    expect(basicCredentials(header)).toBeNull();
  });
});

describe('sameCredentials', () => {
  test('the right credentials match', () => {
    expect(sameCredentials({ ...credentials }, credentials)).toBe(true);
  });

  test.each([
    ['wrong user', { username: 'root', password: credentials.password }],
    ['wrong password', { username: 'ops-admin', password: 'correct horse battery stapler' }],
    ['both wrong', { username: 'root', password: 'hunter2' }],
    ['empty user and password', { username: '', password: '' }],
    ['right password as user', { username: credentials.password, password: credentials.password }],
    ['prefix of the password', { username: 'ops-admin', password: 'correct horse' }],
  ])('%s → no match', (_name, given) => {
    expect(sameCredentials(given, credentials)).toBe(false);
  });
});

describe('unauthorized', () => {
  test('401 with a Basic challenge and a body that names nothing', () => {
    const response = unauthorized();
    expect(response.status).toBe(401);
    expect(response.headers['WWW-Authenticate']).toMatch(/^Basic realm="[^"]+"/);
    expect(response.body).not.toContain('ops-admin');
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
