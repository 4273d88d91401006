// The Usage Trigger that schedules the reconcile: on the MAIN account, recurring daily, at the
// smallest spend (SETUP_RECONCILE_VALUE of totalprice). Twilio fires it once a day, soon after the
// main account's spend passes that value, and its signed callback (/reconcile) runs a setup pass.
// Setup keeps it, like the subaccounts' triggers: created at the start of every run, its callback
// moved with the domain, a changed value replaced, deleted when SETUP_RECONCILE=off. Its name is
// not setup's rule marker ("breaker:"), so the rule diff never touches it.
import { publicOrigin } from '../runtime/public-origin';
import type { TriggerAction } from '../setup/plan';
import type { TriggerRecord, TriggerSpec, TwilioGateway } from '../twilio/gateway';

export const RECONCILE_TRIGGER_NAME = 'breaker-reconcile:daily';
/** Path of the reconcile Function (functions/reconcile.ts). */
export const RECONCILE_PATH = '/reconcile';

/** e.g. https://breaker-1234-dev.twil.io/reconcile */
export function reconcileUrl(domainName: string): string {
  return `${publicOrigin(domainName, undefined)}${RECONCILE_PATH}`;
}

export function reconcileTriggerSpec(domainName: string, value: string): TriggerSpec {
  return {
    friendlyName: RECONCILE_TRIGGER_NAME,
    usageCategory: 'totalprice',
    triggerBy: 'price',
    triggerValue: value,
    recurring: 'daily',
    callbackUrl: reconcileUrl(domainName),
    callbackMethod: 'POST',
  };
}

const RULE_ID = 'reconcile:daily:price:totalprice';

const inPlace = (t: TriggerRecord, spec: TriggerSpec) =>
  Number(t.triggerValue) === Number(spec.triggerValue) &&
  t.usageCategory === spec.usageCategory &&
  t.triggerBy === spec.triggerBy &&
  t.recurring === spec.recurring &&
  t.callbackMethod === 'POST';

/** The writes that bring the main account's reconcile trigger in line (pure). */
export function planReconcileTrigger(
  actual: readonly TriggerRecord[],
  desired: TriggerSpec | null,
): TriggerAction[] {
  const own = actual.filter((t) => t.friendlyName === RECONCILE_TRIGGER_NAME);
  const remove = (t: TriggerRecord, reason: 'stale' | 'duplicate'): TriggerAction => ({
    kind: 'delete',
    triggerSid: t.sid,
    friendlyName: t.friendlyName,
    reason,
  });
  if (!desired) return own.map((t) => remove(t, 'stale'));
  const keep = own.find((t) => inPlace(t, desired));
  const actions: TriggerAction[] = [];
  if (keep && keep.callbackUrl !== desired.callbackUrl) {
    const changes = { callbackUrl: desired.callbackUrl, friendlyName: desired.friendlyName };
    actions.push({ kind: 'update', ruleId: RULE_ID, triggerSid: keep.sid, changes });
  }
  if (!keep && own.length > 0) {
    const old = own[0];
    const replace = { triggerSid: old.sid, fromValue: old.triggerValue, spec: desired };
    actions.push({ kind: 'replace', ruleId: RULE_ID, ...replace });
  }
  if (!keep && own.length === 0) actions.push({ kind: 'create', ruleId: RULE_ID, spec: desired });
  const kept = keep ?? own[0];
  for (const extra of own) if (extra !== kept) actions.push(remove(extra, 'duplicate'));
  return actions;
}

/** Lists the main account's triggers and, in apply mode, makes the writes; returns the actions. */
export async function keepReconcileTrigger(
  gateway: Pick<
    TwilioGateway,
    'listTriggers' | 'createTrigger' | 'updateTrigger' | 'deleteTrigger'
  >,
  mainAccountSid: string,
  desired: TriggerSpec | null,
  apply: boolean,
): Promise<TriggerAction[]> {
  const actions = planReconcileTrigger(await gateway.listTriggers(mainAccountSid), desired);
  if (!apply) return actions;
  for (const action of actions) {
    if (action.kind === 'create') await gateway.createTrigger(mainAccountSid, action.spec);
    if (action.kind === 'replace') {
      await gateway.createTrigger(mainAccountSid, action.spec);
      await gateway.deleteTrigger(mainAccountSid, action.triggerSid);
    }
    if (action.kind === 'update') {
      await gateway.updateTrigger(mainAccountSid, action.triggerSid, action.changes);
    }
    if (action.kind === 'delete') await gateway.deleteTrigger(mainAccountSid, action.triggerSid);
  }
  return actions;
}
