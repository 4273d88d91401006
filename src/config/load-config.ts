// Configuration of the breaker from the Function's environment (`context` deployed, a .env file
// locally). Pure: the caller hands in the variables; nothing here reads process.env.
import { dashboardUrl } from '../runtime/public-origin';
import { breakerEnvSchema } from './breaker-env';
import { ConfigError } from './config-error';
import { parseEnv } from './parse-env';

export interface BreakerConfig {
  accountSid: string;
  authToken: string;
  dryRun: boolean;
  /** Subaccounts that are alerted on but never suspended. */
  allowList: string[];
  alertSmsFrom: string | null;
  alertSmsTo: string[];
  alertWebhookUrl: string | null;
  syncServiceSid: string;
  tokenCacheSeconds: number;
  /** `https://<DOMAIN_NAME>/index.html`, for alerts to link to; null where DOMAIN_NAME is unset. */
  dashboardUrl?: string | null;
}

export { ConfigError };

export function loadConfig(env: Record<string, unknown>): BreakerConfig {
  const e = parseEnv(breakerEnvSchema, env);
  if (e.BREAKER_ALERT_SMS_TO.length > 0 && !e.BREAKER_ALERT_SMS_FROM) {
    throw new ConfigError([
      {
        variable: 'BREAKER_ALERT_SMS_FROM',
        problem:
          'is required when BREAKER_ALERT_SMS_TO is set: the Twilio number alerts are sent from',
      },
    ]);
  }
  return {
    accountSid: e.ACCOUNT_SID,
    authToken: e.AUTH_TOKEN,
    dryRun: e.BREAKER_DRY_RUN,
    allowList: e.BREAKER_ALLOWLIST,
    alertSmsFrom: e.BREAKER_ALERT_SMS_FROM ?? null,
    alertSmsTo: e.BREAKER_ALERT_SMS_TO,
    alertWebhookUrl: e.BREAKER_ALERT_WEBHOOK_URL ?? null,
    syncServiceSid: e.SYNC_SERVICE_SID,
    tokenCacheSeconds: e.BREAKER_TOKEN_CACHE_SECONDS,
    // Set by the Functions runtime (and twilio-run), not by .env.
    dashboardUrl:
      typeof env.DOMAIN_NAME === 'string' && env.DOMAIN_NAME ? dashboardUrl(env.DOMAIN_NAME) : null,
  };
}
