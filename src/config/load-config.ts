// Configuration of the breaker from the Function's environment (`context` deployed, a .env file
// locally). Pure: the caller hands in the variables; nothing here reads process.env.
import { breakerEnvSchema, BREAKER_ENV_VARIABLES } from './breaker-env';

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
}

/** Configuration that cannot work. `variables` names each bad variable; values are never shown. */
export class ConfigError extends Error {
  readonly status = 500;
  constructor(readonly problems: { variable: string; problem: string }[]) {
    super(
      `Invalid configuration: ${problems.map((p) => `${p.variable} ${p.problem}`).join('; ')}. ` +
        "Fix it in .env (locally) or in the service's environment variables, then redeploy.",
    );
    this.name = 'ConfigError';
  }

  get variables(): string[] {
    return [...new Set(this.problems.map((p) => p.variable))];
  }
}

// .env files write unset variables as `NAME=`: an empty value means "not set".
function presentValues(env: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of BREAKER_ENV_VARIABLES) {
    const value = env[name];
    if (typeof value === 'string' && value.trim() !== '') values[name] = value.trim();
  }
  return values;
}

export function loadConfig(env: Record<string, unknown>): BreakerConfig {
  const parsed = breakerEnvSchema.safeParse(presentValues(env));
  if (!parsed.success) {
    // One line per variable and problem, however many list entries share it.
    const problems = new Map<string, { variable: string; problem: string }>();
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0] ?? 'environment');
      problems.set(`${variable} ${issue.message}`, { variable, problem: issue.message });
    }
    throw new ConfigError([...problems.values()]);
  }
  const e = parsed.data;
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
  };
}
