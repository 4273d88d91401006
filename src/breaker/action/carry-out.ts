// Carries out a decision for the copy that holds the claim:
//   suspend (retried until suspendMs) → [end live calls (the rest of the budget but a reserve) ∥
//   ask the alert gate (admit-alert.ts)] → [the alert, if admitted ∥ mark the claim done, with
//   whether the sweep finished] → audit event.
// The alert waits for the sweep so that it states what was done, not what is under way.
// A sweep that did not finish is answered 500: the suspension stands, and Twilio's retry (a
// duplicate, see answer-duplicate.ts) sweeps again without repeating anything else.
// Any copy whose trip finds the account suspended already sweeps its calls (sweep-again.ts) instead
// of a plain no-op, claim or no claim: an earlier copy may have suspended it without finishing its
// sweep (and, when Sync failed, without a record saying so). Only then is a 200 sure to mean
// "suspended, no call left running".
import type { AuditAction } from '../../audit/audit-event';
import { jsonResponse, type ResponseValue } from '../../runtime/response-value';
import type { Invocation } from '../breaker-deps';
import { holdingOf, type ClaimResult } from './claim';
import type { Decision } from '../decision/decide';
import { describeError } from '../../twilio/twilio-errors';
import { deliveryAlert, deliveryEvent } from './delivery-event';
import { recordWithSummaries } from '../../audit/record-with-summaries';
import { settleBy } from '../../retry/settle-by';
import { suspendAccount } from './suspend';
import { deferUnderLoad } from './defer-under-load';
import { sweepAgain, SWEEP_RETRY, type SweepEvent } from './sweep-again';
import { admitAlert } from './admit-alert';
import { sweepLiveCalls } from './sweep-calls';
import { type CallSweep } from '../../domain/call-sweep';

const AUDIT_ACTION: Record<Decision['action'], AuditAction> = {
  suspend: 'suspended',
  'would-suspend': 'would-suspend',
  alert: 'alerted',
  'already-suspended': 'already-suspended',
  skip: 'skipped',
};

type Held = Extract<ClaimResult, { outcome: 'claimed' | 'unavailable' }>;

export async function carryOut(
  inv: Invocation,
  decision: Decision,
  claim: Held,
): Promise<ResponseValue> {
  const { deps, facts, alerting, recording, deadline, start, timing } = inv;
  const { clock, claims } = deps;
  if (sweepsSuspendedAccount(inv, decision)) {
    // A claim taken over from a copy that died: finishing its sweep. Otherwise: found suspended.
    const recorded: SweepEvent =
      claim.outcome === 'claimed' && claim.tookOver
        ? SWEEP_RETRY
        : { action: 'already-suspended', reason: 'suspended' };
    return sweepAgain(inv, holdingOf(claim), AUDIT_ACTION[decision.action], recorded);
  }
  const sid = facts.delivery.accountSid;
  const notifier = deps.notifier(alerting);
  const drained = deps.audit.drain(recording, deadline);
  let action = AUDIT_ACTION[decision.action];
  let reason: string = decision.reason;
  let suspendedAfterMs: number | undefined;

  if (decision.action === 'suspend') {
    const deadlineAt = start + timing.suspendMs;
    const suspension = await suspendAccount(inv.lanes.suspend, sid, { ...inv.retry, deadlineAt });
    // Load alone (429s, no turn at the cap in time) is not a failed suspension: Twilio sends it again.
    if (suspension.status === 'failed' && suspension.overloaded) return deferUnderLoad(inv, claim);
    if (suspension.status === 'failed') {
      const error = describeError(suspension.error);
      const [alerts] = await Promise.all([
        notifier.notify(
          deliveryAlert(facts, 'failed', 'failed', 'suspend-failed', error),
          deadline,
        ),
        claims.release(inv.key, claim, inv.bookkeeping),
        drained,
      ]);
      const event = deliveryEvent(facts, clock.now(), {
        action: 'failed',
        reason: 'suspend-failed',
        outcome: 'error',
        error,
        alerts,
      });
      await recordWithSummaries(event, deps, recording, deadline);
      return jsonResponse(500, { action: 'failed', error: 'the suspension failed; retry' });
    }
    suspendedAfterMs = clock.now() - start;
    if (suspension.status === 'suspended-by-twilio') {
      action = 'already-suspended';
      reason = 'suspended-by-twilio';
    }
  }

  const suspended = action === 'suspended';
  // The alert gate's reads run beside the sweep (whose requests go first at Twilio's cap): the
  // account is suspended already, and the alert then leaves as soon as the sweep says what it did.
  const admission = admitAlert(inv, action === 'already-suspended' ? null : decision.alert, action);
  let calls: CallSweep | null = null;
  if (suspended) {
    const deadlineAt = deadline - timing.sweepReserveMs;
    calls = await sweepLiveCalls(inv.lanes.sweep, sid, { ...inv.retry, deadlineAt });
  }
  const admitted = await admission;
  const { alert } = admitted;
  const sweep = calls ? (calls.complete ? 'complete' : 'incomplete') : undefined;
  // Marking the claim done needs nothing from the alerts, so it runs beside them; the audit event
  // records the alerts' results, so it waits for them.
  const [alerts] = await Promise.all([
    alert
      ? notifier.notify({ ...deliveryAlert(facts, alert, action, reason), calls }, deadline)
      : undefined,
    drained,
    settleBy(
      claims.complete(inv.key, holdingOf(claim)!, inv.bookkeeping, action, sweep),
      deadline,
      clock,
    ),
  ]);
  const followUpFailed =
    (calls !== null && !calls.complete) ||
    Object.values(alerts ?? {}).some((result) => result !== 'sent');
  const event = deliveryEvent(facts, clock.now(), {
    action,
    reason,
    outcome: followUpFailed ? 'partial' : 'ok',
    ...(suspendedAfterMs !== undefined ? { suspendedAfterMs } : {}),
    ...(suspended ? { calls } : {}),
    ...(alerts ? { alerts } : {}),
    ...admitted.fields,
  });
  await admitted.record(event);
  const answer = { action, reason, eventId: event.id, ...(calls ? { calls } : {}) };
  return calls && !calls.complete
    ? jsonResponse(500, { ...answer, error: 'the call sweep did not finish; retry' })
    : jsonResponse(200, answer);
}

/**
 * A trip for an account that is suspended (not closed, not a dry run): whoever suspended it, its
 * calls may still run — a copy of this delivery may have suspended it and been cut short before its
 * sweep finished, with no record of that if Sync failed. Hanging up is idempotent, so sweep.
 */
function sweepsSuspendedAccount(inv: Invocation, decision: Decision): boolean {
  return (
    decision.action === 'already-suspended' &&
    decision.reason === 'suspended' &&
    !inv.deps.config.dryRun
  );
}
