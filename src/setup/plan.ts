// The diff between the triggers an account has and the ones it should have. Pure: the same inputs
// always give the same actions, and actual == desired gives none, which is what makes setup safe to
// re-run and to redo after a crash.
import type { TriggerRecord, TriggerSpec } from '../twilio/gateway';
import { isOwnTrigger, markerTier, type DesiredTrigger } from './desired-triggers';
import { ruleId } from './rules';

/** stale/duplicate: setup's own rule triggers; rearm-*: a reactivation's one-shot (src/rearm/). */
export type DeleteReason = 'stale' | 'duplicate' | 'rearm-fired' | 'rearm-expired';

export type TriggerAction =
  | { kind: 'create'; ruleId: string; spec: TriggerSpec }
  /** Twilio cannot change a trigger's value (or category, period, method): create anew, then delete. */
  | { kind: 'replace'; ruleId: string; triggerSid: string; fromValue: string; spec: TriggerSpec }
  | {
      kind: 'update';
      ruleId: string;
      triggerSid: string;
      changes: Pick<TriggerSpec, 'callbackUrl' | 'friendlyName'>;
    }
  | { kind: 'delete'; triggerSid: string; friendlyName: string; reason: DeleteReason };

/** Twilio calls a trigger's write count this many REST calls. */
export function actionWrites(action: TriggerAction): number {
  return action.kind === 'replace' ? 2 : 1;
}

/** Which rule an own trigger implements, read from the trigger itself rather than trusting its name. */
function ownKey(trigger: TriggerRecord): string | null {
  const tier = markerTier(trigger.friendlyName);
  return tier && ruleId({ tier, ...trigger });
}

/** Values are decimals as strings; Twilio may echo "100" back as "100.0". */
function sameValue(a: string, b: string): boolean {
  return Number(a) === Number(b);
}

function inPlace(actual: TriggerRecord, spec: TriggerSpec): boolean {
  return (
    sameValue(actual.triggerValue, spec.triggerValue) &&
    actual.callbackMethod === spec.callbackMethod
  );
}

export function plan(
  actual: readonly TriggerRecord[],
  desired: readonly DesiredTrigger[],
): TriggerAction[] {
  const byKey = new Map<string, TriggerRecord[]>();
  const unusable: TriggerRecord[] = [];
  for (const trigger of actual) {
    if (!isOwnTrigger(trigger.friendlyName)) continue; // someone else's: never touched
    const key = ownKey(trigger);
    if (key === null) unusable.push(trigger);
    else byKey.set(key, [...(byKey.get(key) ?? []), trigger]);
  }

  const actions: TriggerAction[] = [];
  const remove = (trigger: TriggerRecord, reason: DeleteReason) =>
    actions.push({
      kind: 'delete',
      triggerSid: trigger.sid,
      friendlyName: trigger.friendlyName,
      reason,
    });

  for (const { ruleId: id, spec } of desired) {
    const candidates = byKey.get(id) ?? [];
    byKey.delete(id);
    const keep = candidates.find((c) => inPlace(c, spec));
    if (keep) {
      if (keep.callbackUrl !== spec.callbackUrl || keep.friendlyName !== spec.friendlyName) {
        const changes = { callbackUrl: spec.callbackUrl, friendlyName: spec.friendlyName };
        actions.push({ kind: 'update', ruleId: id, triggerSid: keep.sid, changes });
      }
    } else if (candidates.length > 0) {
      const old = candidates[0];
      actions.push({
        kind: 'replace',
        ruleId: id,
        triggerSid: old.sid,
        fromValue: old.triggerValue,
        spec,
      });
    } else {
      actions.push({ kind: 'create', ruleId: id, spec });
    }
    // Two setup runs racing, or a crash between create and delete, can leave extra copies.
    const replaced = keep ?? candidates[0];
    for (const extra of candidates) if (extra !== replaced) remove(extra, 'duplicate');
  }
  for (const leftovers of byKey.values()) for (const trigger of leftovers) remove(trigger, 'stale');
  for (const trigger of unusable) remove(trigger, 'stale');
  return actions;
}
