// The alert step's one question, asked after the suspension and the call sweep: does this
// delivery's alert go out (src/notify/alert-gate.ts)? And what becomes of its audit event when not:
// a decision that only alerts (a warn, a trip on the main or an allow-listed account, a dry run)
// has nothing else to record, and anyone holding the account's token can make as many of those as
// it likes, so its event goes to the log line and the next `alert-held` summary, never one item
// each. A suspension is recorded as always, saying why it was not alerted (`alertHeld`).
import type { AuditAction, AuditEvent } from '../../audit/audit-event';
import { recordWithSummaries } from '../../audit/record-with-summaries';
import type { AlertKind } from '../../domain/alert-kind';
import { settleBy } from '../../retry/settle-by';
import type { Invocation } from '../breaker-deps';

/** The gate answers within this, or the alert goes out unchecked (the alert step has ~2.5 s). */
export const ALERT_GATE_BUDGET_MS = 1000;

const ALERT_ONLY: ReadonlySet<AuditAction> = new Set(['alerted', 'would-suspend']);

export interface AlertAdmission {
  /** The alert to send, or null. */
  alert: AlertKind | null;
  /** For the delivery's event: why its alert was held, or what could not be checked. */
  fields: Pick<AuditEvent, 'alertHeld' | 'alertUnchecked'>;
  /** Records the delivery's event: in the list, or as a count in the next summary. */
  record(event: AuditEvent): Promise<void>;
}

export async function admitAlert(
  inv: Invocation,
  alert: AlertKind | null,
  action: AuditAction,
): Promise<AlertAdmission> {
  const { deps, facts, alerting, recording, deadline } = inv;
  const recorded: AlertAdmission['record'] = (event) =>
    recordWithSummaries(event, deps, recording, deadline);
  if (alert === null || alert === 'failed') return { alert, fields: {}, record: recorded };
  const { delivery } = facts;
  const candidate = {
    accountSid: delivery.accountSid,
    triggerSid: delivery.usageTriggerSid,
    tier: delivery.tier,
    accountStatus: facts.accountStatus,
    reactivatedAt: facts.degraded.includes('reactivation-unknown')
      ? undefined
      : facts.reactivatedAt,
  };
  const { clock } = deps;
  const settled = await settleBy(
    deps.alertGate.admit(candidate, alerting, () => clock.now()),
    clock.now() + ALERT_GATE_BUDGET_MS,
    clock,
  );
  if (settled.status !== 'done') {
    return { alert, fields: { alertUnchecked: ['alert-gate'] }, record: recorded };
  }
  const admission = settled.value;
  if (admission.send) {
    const fields = admission.unchecked.length > 0 ? { alertUnchecked: admission.unchecked } : {};
    return { alert, fields, record: recorded };
  }
  const held = { alertHeld: admission.reason };
  if (!ALERT_ONLY.has(action)) return { alert: null, fields: held, record: recorded };
  return {
    alert: null,
    fields: held,
    async record(event) {
      const now = clock.now();
      deps.audit.logOnly(event);
      deps.noise.add('alert-held', admission.reason, delivery.accountSid, now);
      await Promise.all(
        deps.noise.takeDue(now).map((e) => deps.audit.record(e, recording, deadline)),
      );
    },
  };
}
