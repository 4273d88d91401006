import { ConfigError, loadConfig } from '../../src/config/load-config';

const MAIN = 'AC' + '1'.repeat(32);
const valid = { ACCOUNT_SID: MAIN, AUTH_TOKEN: 'fake-token-main' };

function configError(env: Record<string, unknown>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    expect(loadConfig(valid)).toEqual({
      accountSid: MAIN,
      authToken: 'fake-token-main',
      dryRun: false,
      allowList: [],
      alertSmsFrom: null,
      alertSmsTo: [],
      alertWebhookUrl: null,
      syncServiceSid: 'default',
      tokenCacheSeconds: 300,
      dashboardUrl: null,
    });
  });

  it('reads every variable, treating empty values (NAME= in .env) as unset', () => {
    const sub = 'AC' + 'a'.repeat(32);
    const config = loadConfig({
      ...valid,
      BREAKER_DRY_RUN: 'true',
      BREAKER_ALLOWLIST: ` ${sub} ,, `,
      BREAKER_ALERT_SMS_FROM: '+15005550006',
      BREAKER_ALERT_SMS_TO: '+15005550001,+15005550002',
      BREAKER_ALERT_WEBHOOK_URL: 'https://hooks.example.test/x',
      SYNC_SERVICE_SID: 'IS' + 'b'.repeat(32),
      BREAKER_TOKEN_CACHE_SECONDS: '60',
      DOMAIN_NAME: 'breaker-1234-dev.twil.io',
    });
    expect(config).toMatchObject({
      dryRun: true,
      allowList: [sub],
      alertSmsTo: ['+15005550001', '+15005550002'],
      alertWebhookUrl: 'https://hooks.example.test/x',
      syncServiceSid: 'IS' + 'b'.repeat(32),
      tokenCacheSeconds: 60,
      dashboardUrl: 'https://breaker-1234-dev.twil.io/index.html',
    });
    expect(
      loadConfig({ ...valid, BREAKER_DRY_RUN: '', BREAKER_ALERT_WEBHOOK_URL: '  ' }),
    ).toMatchObject({
      dryRun: false,
      alertWebhookUrl: null,
    });
  });

  it.each([
    ['ACCOUNT_SID', { ACCOUNT_SID: 'not-a-sid' }],
    ['ACCOUNT_SID', { ACCOUNT_SID: undefined }],
    ['AUTH_TOKEN', { AUTH_TOKEN: '' }],
    ['BREAKER_DRY_RUN', { BREAKER_DRY_RUN: 'perhaps' }],
    ['BREAKER_ALLOWLIST', { BREAKER_ALLOWLIST: 'AC123,foo' }],
    ['BREAKER_ALERT_SMS_FROM', { BREAKER_ALERT_SMS_FROM: '555-1234' }],
    ['BREAKER_ALERT_SMS_FROM', { BREAKER_ALERT_SMS_TO: '+15005550001' }],
    [
      'BREAKER_ALERT_SMS_TO',
      { BREAKER_ALERT_SMS_FROM: '+15005550006', BREAKER_ALERT_SMS_TO: '+1 500 555' },
    ],
    ['BREAKER_ALERT_WEBHOOK_URL', { BREAKER_ALERT_WEBHOOK_URL: 'http://hooks.example.test/x' }],
    ['BREAKER_ALERT_WEBHOOK_URL', { BREAKER_ALERT_WEBHOOK_URL: 'not a url' }],
    ['SYNC_SERVICE_SID', { SYNC_SERVICE_SID: 'my-service' }],
    ['BREAKER_TOKEN_CACHE_SECONDS', { BREAKER_TOKEN_CACHE_SECONDS: '-5' }],
    ['BREAKER_TOKEN_CACHE_SECONDS', { BREAKER_TOKEN_CACHE_SECONDS: 'soon' }],
  ])('names %s when it is wrong', (variable, change) => {
    const error = configError({ ...valid, ...change });
    expect(error.variables).toEqual([variable]);
    expect(error.message).toContain(variable);
    expect(error.status).toBe(500);
  });

  it('names every bad variable at once, and never shows a value', () => {
    const error = configError({
      ACCOUNT_SID: 'ACsecretish',
      AUTH_TOKEN: 'fake-token-main',
      BREAKER_ALLOWLIST: 'fake-token-main,also-bad',
      BREAKER_ALERT_WEBHOOK_URL: 'http://hooks.example.test/fake-hook-secret',
    });
    expect(error.variables.sort()).toEqual([
      'ACCOUNT_SID',
      'BREAKER_ALERT_WEBHOOK_URL',
      'BREAKER_ALLOWLIST',
    ]);
    for (const value of ['ACsecretish', 'fake-token-main', 'also-bad', 'fake-hook-secret']) {
      expect(error.message).not.toContain(value);
    }
  });

  it('accepts a plain-http webhook only on this machine (tests, sandbox)', () => {
    expect(
      loadConfig({ ...valid, BREAKER_ALERT_WEBHOOK_URL: 'http://127.0.0.1:9999/hook' })
        .alertWebhookUrl,
    ).toBe('http://127.0.0.1:9999/hook');
  });
});
