// Arms a reactivated account again: a one-shot (non-recurring) Usage Trigger on the trip rule's
// category, valued at the account's all-time usage now plus the headroom. A non-recurring trigger
// compares against all-time usage, so it fires once the account uses `headroom` more, whatever
// period the rule counts in, and its callback is the breaker's trip URL: it suspends like any trip.
//
// Twilio documents a "+N" TriggerValue (N above the current value); the project sends an absolute
// value read from Usage Records AllTime instead, because which "current value" a non-recurring
// trigger offsets from is not documented, while AllTime is what it compares with (docs/BREAKER.md).
import { callbackUrl } from '../setup/desired-triggers';
import type { Rule } from '../setup/rules';
import { ruleId } from '../setup/rules';
import type { TriggerSpec, TwilioGateway, UsageAmount } from '../twilio/gateway';
import { periodEnd } from '../twilio/recurring-period';
import {
  orOnTwilioError,
  redactSecrets,
  rethrowUnlessTwilio,
  type TwilioCallFailure,
} from '../twilio/twilio-errors';
import { describeRearm } from './describe-rearm';
import { addDecimal, usageValue, type Rearm } from './rearm';
import { rearmName } from './rearm-marker';
import { usagePeriodOf } from './rearm-rule';

export interface RearmDeps {
  gateway: Pick<TwilioGateway, 'readUsage' | 'createTrigger'>;
  /** The Function's DOMAIN_NAME: the trigger calls the breaker there. */
  domainName: string;
  now: number;
}

export interface RearmRequest {
  accountSid: string;
  rule: Rule;
  headroom: string;
  /** A level decided earlier: a repair keeps the one the reactivation meant. */
  triggerValue?: string | null;
}

const messageOf = (error: unknown) =>
  redactSecrets(error instanceof Error ? error.message : String(error)).slice(0, 200);

/** The rule's current-period usage (e.g. today's), or null when no record holds it or it failed. */
async function readPeriod(
  request: RearmRequest,
  deps: { gateway: Pick<TwilioGateway, 'readUsage'> },
  allTime: Promise<UsageAmount>,
): Promise<number | null> {
  const period = usagePeriodOf(request.rule.recurring);
  if (period === null) return null;
  const read =
    period === 'all-time'
      ? allTime
      : deps.gateway.readUsage(request.accountSid, period, request.rule.usageCategory);
  return read.then((amount) => usageValue(amount, request.rule.triggerBy), orOnTwilioError(null));
}

export function rearmSpec(rule: Rule, triggerValue: string, until: number | null, domain: string) {
  const spec: TriggerSpec = {
    friendlyName: rearmName(rule, until),
    usageCategory: rule.usageCategory,
    triggerBy: rule.triggerBy,
    triggerValue,
    recurring: 'alltime',
    callbackUrl: callbackUrl(domain, 'trip'),
    callbackMethod: 'POST',
  };
  return spec;
}

/** What a re-arm will be, read but not yet made: its trigger, or why it cannot be made. */
export type PreparedRearm =
  | { ok: true; spec: TriggerSpec; rearm: Omit<Rearm, 'statement'> }
  /** `cause`: Twilio's refusal or failure (the reason there is no level), for a caller that retries. */
  | { ok: false; rearm: Rearm; cause: TwilioCallFailure | null };

const withStatement = (rearm: Omit<Rearm, 'statement'>): Rearm => ({
  ...rearm,
  statement: describeRearm(rearm),
});

/** Reads the usage and works out the trigger (no write): setup's plan mode shows it as it is. */
export async function prepareRearm(
  request: RearmRequest,
  deps: Omit<RearmDeps, 'gateway'> & { gateway: Pick<TwilioGateway, 'readUsage'> },
): Promise<PreparedRearm> {
  const { rule, headroom, accountSid } = request;
  const until = periodEnd(rule.recurring, deps.now);
  const allTime = deps.gateway.readUsage(accountSid, 'all-time', rule.usageCategory);
  const [allTimeRead, periodValue] = await Promise.all([
    allTime.then(
      (amount) => ({ amount, error: null as TwilioCallFailure | null }),
      (error: unknown) => {
        rethrowUnlessTwilio(error);
        return { amount: null, error };
      },
    ),
    readPeriod(request, deps, allTime),
  ]);
  const allTimeValue = allTimeRead.amount ? usageValue(allTimeRead.amount, rule.triggerBy) : null;
  const triggerValue =
    request.triggerValue ?? (allTimeValue === null ? null : addDecimal(allTimeValue, headroom));
  const firesAt =
    periodValue === null || allTimeValue === null || triggerValue === null
      ? null
      : Math.round((periodValue + Number(triggerValue) - allTimeValue) * 10_000) / 10_000;
  const rearm: Omit<Rearm, 'statement'> = {
    state: 'armed',
    ruleId: ruleId(rule),
    usageCategory: rule.usageCategory,
    triggerBy: rule.triggerBy,
    recurring: rule.recurring,
    headroom,
    periodValue,
    firesAt,
    triggerValue,
    triggerSid: null,
    until: until === null ? null : new Date(until).toISOString(),
    at: new Date(deps.now).toISOString(),
    unit: allTimeRead.amount?.priceUnit ?? null,
  };
  if (triggerValue === null) {
    const error = `reading its all-time usage failed: ${messageOf(allTimeRead.error)}`;
    const failed = withStatement({ ...rearm, state: 'failed', error });
    return { ok: false, rearm: failed, cause: allTimeRead.error };
  }
  return { ok: true, spec: rearmSpec(rule, triggerValue, until, deps.domainName), rearm };
}

/** The re-arm once its trigger was made (`triggerSid`) or failed to be (`error`). */
export function settleRearm(
  prepared: Omit<Rearm, 'statement'>,
  outcome: { triggerSid: string } | { error: unknown },
): Rearm {
  if ('triggerSid' in outcome)
    return withStatement({ ...prepared, triggerSid: outcome.triggerSid });
  const error = `creating the one-shot trigger failed: ${messageOf(outcome.error)}`;
  return withStatement({ ...prepared, state: 'failed', error });
}

export async function rearmAccount(request: RearmRequest, deps: RearmDeps): Promise<Rearm> {
  const prepared = await prepareRearm(request, deps);
  if (!prepared.ok) return prepared.rearm;
  try {
    const created = await deps.gateway.createTrigger(request.accountSid, prepared.spec);
    return settleRearm(prepared.rearm, { triggerSid: created.sid });
  } catch (error) {
    return settleRearm(prepared.rearm, { error });
  }
}

/** The re-arm of an account that needs none (exempt, or no trip rule). */
export function noRearm(reason: 'exempt' | 'no-trip-rule', now: number): Rearm {
  const rearm: Omit<Rearm, 'statement'> = {
    state: 'not-needed',
    reason,
    ruleId: null,
    usageCategory: null,
    triggerBy: null,
    recurring: null,
    headroom: null,
    periodValue: null,
    firesAt: null,
    triggerValue: null,
    triggerSid: null,
    until: null,
    at: new Date(now).toISOString(),
    unit: null,
  };
  return withStatement(rearm);
}
