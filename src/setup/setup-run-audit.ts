// A completed setup run as an audit event, so the audit list shows when triggers were (re)registered,
// what changed, and which subaccounts could not be reconciled.
import { newEventId, type AuditEvent } from '../audit/audit-event';
import type { AuditAppend, AuditSink } from '../audit/audit-sink';
import type { SetupRunEvent } from './run-setup';

export function setupRunAuditEvent(run: SetupRunEvent, id: string = newEventId()): AuditEvent {
  const { totals, failures } = run;
  const failed = totals.failed > 0;
  return {
    id,
    time: run.finishedAt,
    source: 'setup',
    action: 'setup-run',
    reason: 'completed',
    outcome: failed ? 'partial' : 'ok',
    durationMs: Date.parse(run.finishedAt) - Date.parse(run.startedAt),
    count: totals.seen,
    accountSids: failures.map((f) => f.accountSid),
    ...(failed
      ? { error: `${totals.failed} subaccount(s) failed; first: ${failures[0]?.error}` }
      : {}),
    detail: { runId: run.runId, startedAt: run.startedAt, invocations: run.invocations, ...totals },
  };
}

/** SetupDeps.recordRun over the project's audit sink: false when the event waits for a later drain. */
export function recordRunWith(sink: AuditSink, gateway: AuditAppend, deadlineMs: () => number) {
  return async (run: SetupRunEvent): Promise<boolean> =>
    (await sink.record(setupRunAuditEvent(run), gateway, deadlineMs())) === 'written';
}
