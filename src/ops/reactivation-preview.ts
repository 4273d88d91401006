// GET /admin-reactivate?accountSid=…: what the reactivation dialog shows before ops confirm — the
// account, the trip rule the re-arm stands in for, its default headroom (the rule's value) and the
// rule's usage so far this period, so the dialog can say "suspends again if it spends $100 more
// today (at $600)" as ops change the headroom. Reads only.
import { describeRearm } from '../rearm/describe-rearm';
import { noRearm } from '../rearm/rearm-account';
import { usageValue } from '../rearm/rearm';
import { rearmRule, usagePeriodOf } from '../rearm/rearm-rule';
import { periodWords } from '../twilio/recurring-period';
import { ruleId } from '../setup/rules';
import type { Recurring, TriggerBy, TwilioGateway } from '../twilio/gateway';
import { ownSubaccount } from '../admin/own-subaccount';
import type { RearmSettings } from './reactivate';
import { orOnTwilioError } from '../twilio/twilio-errors';

export interface ReactivationPreview {
  account: { sid: string; friendlyName: string; status: string };
  rearm:
    | { needed: false; reason: 'exempt' | 'no-trip-rule'; statement: string }
    | {
        needed: true;
        ruleId: string;
        usageCategory: string;
        triggerBy: TriggerBy;
        recurring: Recurring;
        /** The trip rule's value: the headroom unless ops choose another. */
        defaultHeadroom: string;
        /** The rule's usage so far this period; null when no record holds it or it failed. */
        periodValue: number | null;
        /** "today", "this month", …; '' for an alltime rule. */
        period: string;
        unit: string | null;
        /** With the default headroom. */
        statement: string;
      };
}

export async function previewReactivation(
  accountSid: string,
  deps: {
    gateway: Pick<TwilioGateway, 'fetchAccount' | 'readUsage'>;
    mainAccountSid: string;
    rearm: RearmSettings;
  },
): Promise<ReactivationPreview> {
  const account = await ownSubaccount(deps.gateway, deps.mainAccountSid, accountSid);
  const summary = { sid: account.sid, friendlyName: account.friendlyName, status: account.status };
  const override = await deps.rearm.overrides.get(accountSid).catch(orOnTwilioError(null));
  const choice = rearmRule(deps.rearm.rules, override);
  if (!choice.rule) {
    const none = noRearm(choice.reason, 0).statement;
    return { account: summary, rearm: { needed: false, reason: choice.reason, statement: none } };
  }
  const { rule } = choice;
  const period = usagePeriodOf(rule.recurring);
  const amount = period
    ? await deps.gateway
        .readUsage(accountSid, period, rule.usageCategory)
        .catch(orOnTwilioError(null))
    : null;
  const periodValue = amount ? usageValue(amount, rule.triggerBy) : null;
  const unit = amount?.priceUnit ?? null;
  const statement = describeRearm({
    state: 'armed',
    ruleId: ruleId(rule),
    usageCategory: rule.usageCategory,
    triggerBy: rule.triggerBy,
    recurring: rule.recurring,
    headroom: rule.value,
    periodValue,
    firesAt: periodValue === null ? null : periodValue + Number(rule.value),
    ...{ triggerValue: null, triggerSid: null, until: null, at: '', unit },
  });
  return {
    account: summary,
    rearm: {
      needed: true,
      ruleId: ruleId(rule),
      usageCategory: rule.usageCategory,
      triggerBy: rule.triggerBy,
      recurring: rule.recurring,
      defaultHeadroom: rule.value,
      periodValue,
      period: periodWords(rule.recurring),
      unit,
      statement,
    },
  };
}
