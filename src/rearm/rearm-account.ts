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
import { redactSecrets } from '../twilio/twilio-errors';
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
  deps: RearmDeps,
  allTime: Promise<UsageAmount>,
): Promise<number | null> {
  const period = usagePeriodOf(request.rule.recurring);
  if (period === null) return null;
  const read =
    period === 'all-time'
      ? allTime
      : deps.gateway.readUsage(request.accountSid, period, request.rule.usageCategory);
  return read.then(
    (amount) => usageValue(amount, request.rule.triggerBy),
    () => null,
  );
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

export async function rearmAccount(request: RearmRequest, deps: RearmDeps): Promise<Rearm> {
  const { rule, headroom, accountSid } = request;
  const until = periodEnd(rule.recurring, deps.now);
  const allTime = deps.gateway.readUsage(accountSid, 'all-time', rule.usageCategory);
  const [allTimeRead, periodValue] = await Promise.all([
    allTime.then(
      (amount) => ({ amount, error: null }),
      (error: unknown) => ({ amount: null, error: messageOf(error) }),
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
  const base: Omit<Rearm, 'statement'> = {
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
  const failed = (error: string): Rearm => {
    const rearm = { ...base, state: 'failed' as const, error };
    return { ...rearm, statement: describeRearm(rearm) };
  };
  if (triggerValue === null)
    return failed(`reading its all-time usage failed: ${allTimeRead.error}`);
  try {
    const created = await deps.gateway.createTrigger(
      accountSid,
      rearmSpec(rule, triggerValue, until, deps.domainName),
    );
    const rearm = { ...base, triggerSid: created.sid };
    return { ...rearm, statement: describeRearm(rearm) };
  } catch (error) {
    return failed(`creating the one-shot trigger failed: ${messageOf(error)}`);
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
  return { ...rearm, statement: describeRearm(rearm) };
}
