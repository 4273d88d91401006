// A .env the preflight passes: the required variables and a few defaults, with obviously fake
// credentials. Tests add to it, empty or drop a variable, or swap in an emulator's credentials.
export const DEPLOYABLE_ENV: Record<string, string> = {
  ACCOUNT_SID: `AC${'a'.repeat(32)}`,
  AUTH_TOKEN: 'b'.repeat(32),
  ADMIN_USERNAME: 'admin',
  ADMIN_PASSWORD: 'a-long-fake-passphrase',
  SYNC_SERVICE_SID: 'default',
  BREAKER_DRY_RUN: 'false',
};

/** .env text as a user writes it: NAME=value, one per line. */
export const dotenvText = (env: Record<string, string>) =>
  Object.entries(env)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n') + '\n';
