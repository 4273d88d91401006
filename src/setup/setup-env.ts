// The setup Function's environment, as a zod schema (documented in .env.example). Per-subaccount
// exceptions are not here but in Sync (see overrides.ts): env values are capped at 450 bytes.
import { z } from 'zod';
import { ConfigError } from '../config/config-error';
import { parseEnv } from '../config/parse-env';
import { isPositiveDecimal, parseRules, RulesConfigError, type Rule } from './rules';
import { SETUP_DEFAULTS, SETUP_MAX_BUDGET_MS } from './run-setup';

/** The main account's daily spend that fires the reconcile trigger: as early in the day as can be. */
export const RECONCILE_DEFAULT_VALUE = '0.01';

const whole = (min: number, max: number, unit: string) =>
  z.coerce
    .number({ error: `must be a whole number of ${unit}` })
    .int({ error: `must be a whole number of ${unit}` })
    .min(min, { error: `must be between ${min} and ${max}` })
    .max(max, { error: `must be between ${min} and ${max}` });

export const setupEnvSchema = z.object({
  /** JSON array of rules (see rules.ts); unset = DEFAULT_RULES. */
  SETUP_RULES: z.string().max(450, { error: 'must fit in 450 bytes (Twilio limit)' }).optional(),
  SETUP_CONCURRENCY: whole(1, 50, 'requests').default(SETUP_DEFAULTS.concurrency),
  /** Kept well under Functions' 10 s limit: a cold start comes first, and the invocation has to answer. */
  SETUP_BUDGET_MS: whole(1000, SETUP_MAX_BUDGET_MS, 'milliseconds').default(
    SETUP_DEFAULTS.budgetMs,
  ),
  SETUP_PAGE_SIZE: whole(1, 1000, 'accounts').default(SETUP_DEFAULTS.pageSize),
  SETUP_INCLUDE_MAIN_ACCOUNT: z.stringbool({ error: 'must be true or false' }).default(false),
  SETUP_RECONCILE: z.enum(['daily', 'off'], { error: 'must be daily or off' }).default('daily'),
  SETUP_RECONCILE_VALUE: z
    .string()
    .refine(isPositiveDecimal, { error: 'must be a positive amount such as "0.01"' })
    .default(RECONCILE_DEFAULT_VALUE),
});

export const SETUP_ENV_VARIABLES = Object.keys(setupEnvSchema.shape);

export interface SetupConfig {
  rules: Rule[];
  concurrency: number;
  budgetMs: number;
  pageSize: number;
  includeMainAccount: boolean;
  /** The daily reconcile trigger's value on the main account; null when SETUP_RECONCILE=off. */
  reconcileValue: string | null;
}

export function loadSetupConfig(env: Record<string, unknown>): SetupConfig {
  const e = parseEnv(setupEnvSchema, env);
  let rules: Rule[];
  try {
    rules = parseRules(e.SETUP_RULES);
  } catch (error) {
    if (!(error instanceof RulesConfigError)) throw error;
    throw new ConfigError([{ variable: 'SETUP_RULES', problem: error.message }]);
  }
  return {
    rules,
    concurrency: e.SETUP_CONCURRENCY,
    budgetMs: e.SETUP_BUDGET_MS,
    pageSize: e.SETUP_PAGE_SIZE,
    includeMainAccount: e.SETUP_INCLUDE_MAIN_ACCOUNT,
    reconcileValue: e.SETUP_RECONCILE === 'off' ? null : e.SETUP_RECONCILE_VALUE,
  };
}
