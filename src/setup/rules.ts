// The breaker's rules: which Usage Triggers every subaccount gets. A rule's identity is everything
// but its value, so changing a value replaces that one trigger while a new category adds a trigger.
import { z } from 'zod';
import type { Tier } from '../domain/tier';
import type { Recurring, TriggerBy } from '../twilio/gateway';

export interface Rule {
  /** warn alerts only; trip suspends the subaccount (the breaker decides: docs/BREAKER.md). */
  tier: Tier;
  /** A Twilio usage category, e.g. totalprice (all spend), sms, calls. */
  usageCategory: string;
  /** price = money in the account's currency; usage = minutes/segments; count = events. */
  triggerBy: TriggerBy;
  /** A positive decimal, kept as a string as Twilio does (no float rounding on the way). */
  value: string;
  /** The period the usage adds up over; a trigger fires at most once per period (GMT). */
  recurring: Recurring;
}

/**
 * Defaults when SETUP_RULES is unset: a warning at $25 of total spend in one day (GMT), and the
 * breaker trips at $100. Both are per subaccount. See docs/SETUP.md for how to choose yours.
 */
export const DEFAULT_RULES: readonly Rule[] = Object.freeze([
  {
    tier: 'warn',
    usageCategory: 'totalprice',
    triggerBy: 'price',
    value: '25',
    recurring: 'daily',
  },
  {
    tier: 'trip',
    usageCategory: 'totalprice',
    triggerBy: 'price',
    value: '100',
    recurring: 'daily',
  },
]);

/** A positive decimal as rules, overrides and headrooms write it: up to 9 digits, 4 decimals. */
export function isPositiveDecimal(value: string): boolean {
  return /^\d{1,9}(\.\d{1,4})?$/.test(value) && Number(value) > 0;
}

const decimal = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .refine(isPositiveDecimal, {
    message: 'must be a positive decimal such as "100" or "12.5"',
  });

export const ruleSchema = z.object({
  tier: z.enum(['warn', 'trip']),
  usageCategory: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a Twilio usage category such as "totalprice"'),
  triggerBy: z.enum(['count', 'usage', 'price']).default('price'),
  value: decimal,
  recurring: z.enum(['daily', 'monthly', 'yearly', 'alltime']).default('daily'),
});

export const rulesSchema = z
  .array(ruleSchema)
  .max(20)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    for (const rule of rules) {
      const id = ruleId(rule);
      if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `rule ${id} appears twice` });
      seen.add(id);
    }
  });

/** The identity of a rule: tier:recurring:triggerBy:usageCategory, e.g. trip:daily:price:totalprice. */
export function ruleId(rule: Pick<Rule, 'tier' | 'recurring' | 'triggerBy' | 'usageCategory'>) {
  return `${rule.tier}:${rule.recurring}:${rule.triggerBy}:${rule.usageCategory}`;
}

export class RulesConfigError extends Error {
  readonly status = 500;
  constructor(detail: string) {
    super(
      `SETUP_RULES is invalid: ${detail}. Expected a JSON array such as ` +
        '[{"tier":"trip","usageCategory":"totalprice","value":"100"}] (triggerBy defaults to price, ' +
        'recurring to daily), or unset it to use the defaults.',
    );
    this.name = 'RulesConfigError';
  }
}

/** Parses SETUP_RULES; undefined or blank gives DEFAULT_RULES. An empty array means "no triggers". */
export function parseRules(raw: string | undefined): Rule[] {
  if (raw === undefined || raw.trim() === '') return DEFAULT_RULES.map((rule) => ({ ...rule }));
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new RulesConfigError('not JSON');
  }
  const parsed = rulesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `rule ${issue.path.join('.')}: ` : '';
    throw new RulesConfigError(`${where}${issue.message}`);
  }
  return parsed.data;
}

const PERIOD: Record<Recurring, string> = {
  daily: 'in one day (GMT)',
  monthly: 'in one calendar month',
  yearly: 'in one calendar year',
  alltime: 'over the account’s lifetime',
};

/** e.g. "trip: suspend a subaccount once its totalprice reaches 100 (account currency) in one day (GMT)". */
export function describeRule(rule: Rule): string {
  const action = rule.tier === 'trip' ? 'suspend a subaccount' : 'alert about a subaccount';
  const amount =
    rule.triggerBy === 'price'
      ? `${rule.value} (account currency, USD for most)`
      : rule.triggerBy === 'usage'
        ? `${rule.value} units (minutes, segments, … as the category counts them)`
        : `${rule.value} events`;
  return `${rule.tier}: ${action} once its ${rule.usageCategory} reaches ${amount} ${PERIOD[rule.recurring]}`;
}
