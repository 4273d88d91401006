// One evaluation of Usage Triggers, as Twilio runs about once a minute (evaluation-tick.ts decides
// when). A trigger fires when the usage of its category (children included, category-tree.ts) over
// its period reaches its value, at most once per period: "A trigger will only fire once during each
// period. Recurring times are in GMT", and an empty Recurring (`alltime`) is non-recurring, its
// period all time (twilio-oai, usage_trigger_enum_recurring). So a non-recurring trigger fires once
// ever; Twilio does not say what becomes of it afterwards: here it stays, with its date_fired.
import type { CallbackResult, EmulatorDeps, UsageTriggerDelivery } from '../types';
import type { GmtDay } from './gmt-days';
import { periodKey, periodRange, type Recurring } from './period-key';
import type { StoredTrigger } from './stored-trigger';
import { triggerCallbackParams } from './trigger-callback';
import type { UsageLedger } from './usage-ledger';

export interface TriggerEvaluation {
  /** Usage was recorded on `accountSid` on `day`: its triggers are evaluated next time. */
  usageRecorded(accountSid: string, day: GmtDay): void;
  /** Something else changed on `accountSid` (a trigger created past its value). */
  accountChanged(accountSid: string): void;
  /** Evaluates what changed since the last evaluation; resolves once every callback was answered. */
  evaluate(): Promise<UsageTriggerDelivery[]>;
  /** Every callback made so far, oldest first. */
  deliveries(): UsageTriggerDelivery[];
}

/**
 * The periods worth a look: those of the days that got usage since the last evaluation (usage at
 * 23:59:30 evaluated at 00:00:00 still counts for its own day) and the current one, oldest first.
 */
function periodsToCheck(recurring: Recurring, days: Set<GmtDay>, now: Date) {
  const instants = [...days].sort().map((day) => new Date(`${day}T12:00:00Z`));
  const periods = new Map<string, ReturnType<typeof periodRange>>();
  for (const at of [...instants, now])
    periods.set(periodKey(recurring, at), periodRange(recurring, at));
  return periods;
}

export function createTriggerEvaluation(
  deps: EmulatorDeps,
  ledger: UsageLedger,
  triggersOf: (accountSid: string) => Iterable<StoredTrigger>,
): TriggerEvaluation {
  // Per account, the days that got usage since the last evaluation.
  const changed = new Map<string, Set<GmtDay>>();
  const delivered: UsageTriggerDelivery[] = [];

  async function deliver(trigger: StoredTrigger, params: Record<string, string>, firedAt: Date) {
    // Signed with the token of the account that owns the trigger, read at firing time so a rotated
    // token is used from then on (a subaccount's trigger is never signed with the parent's token).
    const signingToken = deps.accounts.get(trigger.accountSid)?.auth_token ?? '';
    const method = trigger.callbackMethod;
    let result: CallbackResult;
    try {
      result = await deps.deliverCallback({
        url: trigger.callbackUrl,
        method,
        params,
        signingToken,
      });
    } catch (error) {
      result = { url: trigger.callbackUrl, status: 'network-error', signature: '', params };
      result.error = error instanceof Error ? error.message : String(error);
    }
    const delivery: UsageTriggerDelivery = {
      ...result,
      method,
      accountSid: trigger.accountSid,
      triggerSid: trigger.sid,
      firedAt: firedAt.toISOString(),
    };
    delivered.push(delivery);
    return delivery;
  }

  function changes(accountSid: string): Set<GmtDay> {
    let days = changed.get(accountSid);
    if (!days) changed.set(accountSid, (days = new Set()));
    return days;
  }

  return {
    usageRecorded: (accountSid, day) => void changes(accountSid).add(day),
    accountChanged: (accountSid) => void changes(accountSid),

    evaluate() {
      const now = deps.now();
      const work = [...changed];
      changed.clear();
      const firing: Promise<UsageTriggerDelivery>[] = [];
      for (const [accountSid, days] of work) {
        // A closed account's triggers are gone with it; a suspended account's still fire (the
        // breaker must treat such a delivery as "already suspended").
        const status = deps.accounts.get(accountSid)?.status;
        if (status === undefined || status === 'closed') continue;
        for (const trigger of triggersOf(accountSid)) {
          for (const [period, range] of periodsToCheck(trigger.recurring, days, now)) {
            if (trigger.firedPeriods.has(period)) continue;
            const totals = ledger.totals([accountSid], trigger.usageCategory, range);
            const value = totals[trigger.triggerBy];
            if (value < trigger.triggerValue) continue;
            // Marked before any await: a later evaluation cannot fire it again for this period.
            trigger.firedPeriods.add(period);
            trigger.dateFired = now;
            const params = triggerCallbackParams(trigger, value, now, period);
            firing.push(deliver(trigger, params, now));
          }
        }
      }
      return Promise.all(firing);
    },

    deliveries: () => [...delivered],
  };
}
