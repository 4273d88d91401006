// Carries out a decision for the copy that holds the claim:
//   suspend (retried until suspendMs) → end live calls (the rest of the budget but a reserve)
//   → [alerts ∥ mark the claim done, with whether the sweep finished] → audit event.
// The alert waits for the sweep so that it states what was done, not what is under way.
// A sweep that did not finish is answered 500: the suspension stands, and Twilio's retry (a
// duplicate, see answer-duplicate.ts) sweeps again without repeating anything else.
// When that copy could not mark the claim done either, the retry takes the stale claim over and
// finds the account suspended: it sweeps (sweep-again.ts) instead of the plain no-op.
import type { AuditAction } from '../../audit/audit-event';
import { createNotifier } from '../../notify/notifier';
import { jsonResponse, type ResponseValue } from '../../runtime/response-value';
import type { Invocation } from '../breaker-deps';
import type { ClaimResult } from './claim';
import type { Decision } from '../decision/decide';
import { describeError } from '../../twilio/twilio-errors';
import { deliveryAlert, deliveryEvent } from './delivery-event';
import { recordWithSummaries } from '../../audit/record-with-summaries';
import { settleBy } from '../../retry/settle-by';
import { suspendAccount } from './suspend';
import { sweepAgain } from './sweep-again';
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
  const { deps, facts, later, deadline, start, timing } = inv;
  const { clock, claims } = deps;
  if (finishesAbandonedSweep(inv, decision, claim)) {
    return sweepAgain(inv, claim.owner, AUDIT_ACTION[decision.action]);
  }
  const sid = facts.delivery.accountSid;
  const notifier = createNotifier(deps.alertChannels(later), clock);
  const drained = deps.audit.drain(later, deadline);
  let action = AUDIT_ACTION[decision.action];
  let reason: string = decision.reason;
  let suspendedAfterMs: number | undefined;

  if (decision.action === 'suspend') {
    const deadlineAt = start + timing.suspendMs;
    const suspension = await suspendAccount(deps.gateway, sid, { ...inv.retry, deadlineAt });
    if (suspension.status === 'failed') {
      const error = describeError(suspension.error);
      const [alerts] = await Promise.all([
        notifier.notify(
          deliveryAlert(facts, 'failed', 'failed', 'suspend-failed', error),
          deadline,
        ),
        claims.release(inv.key, claim, later),
        drained,
      ]);
      const event = deliveryEvent(facts, clock.now(), {
        action: 'failed',
        reason: 'suspend-failed',
        outcome: 'error',
        error,
        alerts,
      });
      await recordWithSummaries(event, deps, later, deadline);
      return jsonResponse(500, { action: 'failed', error: 'the suspension failed; retry' });
    }
    suspendedAfterMs = clock.now() - start;
    if (suspension.status === 'suspended-by-twilio') {
      action = 'already-suspended';
      reason = 'suspended-by-twilio';
    }
  }

  const suspended = action === 'suspended';
  let calls: CallSweep | null = null;
  if (suspended) {
    const deadlineAt = deadline - timing.sweepReserveMs;
    calls = await sweepLiveCalls(deps.gateway, sid, { ...inv.retry, deadlineAt });
  }
  const alert = action === 'already-suspended' ? null : decision.alert;
  const sweep = calls ? (calls.complete ? 'complete' : 'incomplete') : undefined;
  // Marking the claim done needs nothing from the alerts, so it runs beside them; the audit event
  // records the alerts' results, so it waits for them.
  const [alerts] = await Promise.all([
    alert
      ? notifier.notify({ ...deliveryAlert(facts, alert, action, reason), calls }, deadline)
      : undefined,
    drained,
    settleBy(claims.complete(inv.key, claim.owner, later, action, sweep), deadline, clock),
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
  });
  await recordWithSummaries(event, deps, later, deadline);
  const answer = { action, reason, eventId: event.id, ...(calls ? { calls } : {}) };
  return calls && !calls.complete
    ? jsonResponse(500, { ...answer, error: 'the call sweep did not finish; retry' })
    : jsonResponse(200, answer);
}

/**
 * A claim taken over from a copy that never marked it done, for an account now suspended: that copy
 * may have suspended it and died (or failed to mark the claim) before its call sweep finished, and
 * nothing else would sweep. Hanging up is idempotent, so sweep; only a trip decides
 * `already-suspended`, and a dry run never acts. Without a takeover an already-suspended account
 * is left alone: its own delivery's copy did the sweep.
 */
function finishesAbandonedSweep(inv: Invocation, decision: Decision, claim: Held): boolean {
  return (
    claim.outcome === 'claimed' &&
    claim.tookOver === true &&
    decision.action === 'already-suspended' &&
    decision.reason === 'suspended' &&
    !inv.deps.config.dryRun
  );
}
