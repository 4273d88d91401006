// Is a subaccount protected? The answer compares its triggers with what setup would register, using
// setup's own pure code (applyOverride → desiredTriggers → plan): whatever setup would still do to
// an account is exactly what stands between it and full protection.
import { desiredTriggers } from '../setup/desired-triggers';
import { applyOverride, type Override } from '../setup/overrides';
import { plan } from '../setup/plan';
import { ruleId, type Rule } from '../setup/rules';
import type { AccountStatus, TriggerRecord } from '../twilio/gateway';
import type { Armed } from './armed-state';
import type { LastAction } from './last-action';
import type { PeriodSpend } from './period-spend';

export type Protection = 'protected' | 'outdated' | 'unprotected' | 'exempt' | 'closed' | 'unknown';

export interface TriggerCounts {
  /** Triggers the rules (with the account's override) want. */
  expected: number;
  /** Wanted triggers that exist in some form: expected - missing. */
  present: number;
  /** Wanted triggers that do not exist at all. */
  missing: number;
  /** Own triggers setup would replace, update or delete. */
  outdated: number;
}

export interface CoverageAccount {
  sid: string;
  friendlyName: string;
  status: AccountStatus;
  protection: Protection;
  triggers: TriggerCounts;
  /** Whether a trip trigger can fire now (armed-state.ts). */
  armed: Armed;
  /** The trip rule's usage this period against its warn and trip values; null when not read. */
  spend: PeriodSpend | null;
  lastAction: LastAction | null;
  /** Why the triggers could not be read; only with protection 'unknown'. */
  error?: string;
  /** Reads that failed without hiding the row (usage, reactivation), in words. */
  notes?: string[];
}

export const NO_TRIGGERS: TriggerCounts = Object.freeze({
  expected: 0,
  present: 0,
  missing: 0,
  outdated: 0,
});

export interface CoverageInput {
  status: AccountStatus;
  rules: readonly Rule[];
  override: Override | null;
  actual: readonly TriggerRecord[];
  /** The Function's DOMAIN_NAME: the callback URLs setup registers point there. */
  domainName: string;
}

export function classifyCoverage(
  input: CoverageInput,
): Pick<CoverageAccount, 'protection' | 'triggers'> {
  if (input.status === 'closed') return { protection: 'closed', triggers: { ...NO_TRIGGERS } };
  const rules = applyOverride(input.rules, input.override);
  const actions = plan(input.actual, desiredTriggers(rules, input.domainName));
  const missingIds = actions.flatMap((a) => (a.kind === 'create' ? [a.ruleId] : []));
  const expected = rules.length;
  const missing = missingIds.length;
  const triggers: TriggerCounts = {
    expected,
    present: expected - missing,
    missing,
    outdated: actions.length - missing,
  };
  if (input.override?.exempt) return { protection: 'exempt', triggers };
  if (actions.length === 0) return { protection: 'protected', triggers };
  // The trip tier is what suspends: without one of its triggers the breaker cannot act on that rule.
  const tripIds = new Set(rules.filter((r) => r.tier === 'trip').map(ruleId));
  const tripMissing = missingIds.some((id) => tripIds.has(id));
  const nothingThere = tripIds.size === 0 && missing === expected;
  return { protection: tripMissing || nothingThere ? 'unprotected' : 'outdated', triggers };
}
