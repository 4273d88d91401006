// A completed setup run as an audit event, so the audit list shows when triggers were (re)registered,
// what changed, and which subaccounts could not be reconciled. It goes through the audit sink like
// every event: printed to the log, appended to the Sync List, and if that fails kept for the next
// invocation's drain (audit-sink.ts); here the append is also retried within the invocation's budget.
//
// One summary per run, recognisably: its id is derived from the runId. Sync Lists have no
// conditional append, so a repeat cannot be ruled out (an append whose answer was lost and is
// retried, or a final answer lost and the command calling again with the previous cursor), but a
// repeat carries the same id, so it is told apart from a second run (and recoverFromLog skips it).
import type { AuditEvent } from '../audit/audit-event';
import { createAuditSink, type AuditAppend, type AuditSink } from '../audit/audit-sink';
import { systemClock } from '../runtime/clock';
import { withRetry } from '../retry/with-retry';
import { SETUP_RETRY } from './setup-types';
import type { RecordWithin, SetupDeps, SetupRunEvent } from './setup-types';

/** A summary that cannot be appended within the budget still gets this long for one attempt. */
export const SUMMARY_MIN_MS = 1000;

/** The summary's event id: the same for every attempt to record a run's summary. */
export const setupRunEventId = (runId: string): string => `ev-setup-${runId}`;

export function setupRunAuditEvent(
  run: SetupRunEvent,
  id: string = setupRunEventId(run.runId),
): AuditEvent {
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

/**
 * SetupDeps.recordRun over the project's audit sink: true once the summary is in the list, false
 * when it waits for a later drain. Transient failures are retried until `within.deadlineAt`, or for
 * at least `floor()` (default SUMMARY_MIN_MS from now) when the budget is already spent.
 */
export function recordRunWith(sink: AuditSink, gateway: AuditAppend, floor?: () => number) {
  return async (run: SetupRunEvent, within?: RecordWithin): Promise<boolean> => {
    const clock = within?.clock ?? systemClock;
    const least = floor ? floor() : clock.now() + SUMMARY_MIN_MS;
    const deadlineAt = Math.max(within?.deadlineAt ?? 0, least);
    const retrying: AuditAppend = {
      appendListItem: (list, data) =>
        withRetry(() => gateway.appendListItem(list, data), {
          ...SETUP_RETRY,
          clock,
          deadlineAt,
          random: within?.random,
        }),
    };
    return (await sink.record(setupRunAuditEvent(run), retrying, deadlineAt)) === 'written';
  };
}

/** Most batches one invocation drains: a backlog goes out over a few invocations, not one. */
const DRAIN_BATCHES = 5;

/** SetupDeps.drainAudit over the sink: events earlier invocations of this instance kept back. */
export function drainAuditWith(sink: AuditSink, gateway: AuditAppend) {
  return async (deadlineAt: number): Promise<number> => {
    let appended = 0;
    for (let batch = 0; batch < DRAIN_BATCHES && sink.pendingCount() > 0; batch += 1) {
      const flushed = await sink.drain(gateway, deadlineAt);
      appended += flushed;
      if (flushed === 0) break; // Sync still failing: keep them for the next invocation
    }
    return appended;
  };
}

/**
 * The audit side of a warm instance's setup invocations: one sink per instance, so a summary that
 * could not reach Sync waits here (and in the log) until the next invocation drains it.
 */
export function instanceSetupAudit(log: (line: string) => void = (line) => console.log(line)) {
  const sink = createAuditSink({ clock: systemClock, log });
  return (gateway: AuditAppend): Pick<SetupDeps, 'recordRun' | 'drainAudit'> => ({
    recordRun: recordRunWith(sink, gateway),
    drainAudit: drainAuditWith(sink, gateway),
  });
}
