// What setup does about re-arms on one account, decided from its triggers alone (pure):
// - a re-arm that fired has done its work, and one whose period rolled over is no longer needed
//   (the rule's own trigger is armed again): both are deleted;
// - an active account whose trip fired this period (its trip trigger, or a re-arm) and that has no
//   live re-arm is unarmed since that firing: setup re-arms it when ops reactivated it after the
//   firing (the reactivation record says so), which repairs a re-arm that failed or was deleted.
import { isOwnTrigger, markerTier } from '../setup/desired-triggers';
import type { AccountStatus, TriggerRecord } from '../twilio/gateway';
import { firedThisPeriod } from '../twilio/recurring-period';
import { isRearmTrigger, rearmUntil } from './rearm-marker';

export type RearmDeleteReason = 'rearm-fired' | 'rearm-expired';

export interface RearmUpkeep {
  deletes: Array<{ triggerSid: string; friendlyName: string; reason: RearmDeleteReason }>;
  /** Epoch ms of the latest trip firing this period that no live re-arm covers; null if none. */
  unarmedSince: number | null;
  /** A re-arm that has not fired and is still needed exists. */
  liveRearm: boolean;
}

const firedAt = (t: TriggerRecord): number | null => {
  const ms = t.dateFired ? Date.parse(t.dateFired) : NaN;
  return Number.isFinite(ms) ? ms : null;
};

/** Is a re-arm trigger still needed at `now`? An unreadable marker is not: setup cannot tell. */
export function rearmNeeded(trigger: TriggerRecord, now: number): boolean {
  const until = rearmUntil(trigger.friendlyName);
  return until === null || (until !== undefined && now < until);
}

/** The latest firing this period of an own trip trigger or an unexpired re-arm; null if none. */
export function lastTripFiring(triggers: readonly TriggerRecord[], now: number): number | null {
  let latest: number | null = null;
  for (const trigger of triggers) {
    const at = firedAt(trigger);
    if (at === null) continue;
    const trip =
      (isOwnTrigger(trigger.friendlyName) &&
        markerTier(trigger.friendlyName) === 'trip' &&
        firedThisPeriod(trigger.recurring, at, now)) ||
      (isRearmTrigger(trigger.friendlyName) && rearmNeeded(trigger, now));
    if (trip && (latest === null || at > latest)) latest = at;
  }
  return latest;
}

export function rearmUpkeep(
  triggers: readonly TriggerRecord[],
  status: AccountStatus,
  now: number,
): RearmUpkeep {
  const deletes: RearmUpkeep['deletes'] = [];
  let liveRearm = false;
  for (const trigger of triggers) {
    if (!isRearmTrigger(trigger.friendlyName)) continue;
    const { sid: triggerSid, friendlyName } = trigger;
    if (firedAt(trigger) !== null)
      deletes.push({ triggerSid, friendlyName, reason: 'rearm-fired' });
    else if (!rearmNeeded(trigger, now))
      deletes.push({ triggerSid, friendlyName, reason: 'rearm-expired' });
    else liveRearm = true;
  }
  const last = lastTripFiring(triggers, now);
  const unarmedSince = status === 'active' && !liveRearm ? last : null;
  return { deletes, unarmedSince, liveRearm };
}
