// Failed sign-ins that prove nothing — a wrong password, a locked window, a sign-in token that is
// not ours — can be sent by anyone, in any number, and each used to be one item in the audit list:
// an outsider could grow it without limit (Sync bills per write) and bury real suspensions past
// the events API's scan window. Now each prints its console line (kept 30 days) and is counted;
// the list gets summaries (action sign-in, reason summary, count, counts per reason) like the
// breaker's rejections: one per minute per warm instance at most, and at most
// SUMMARY_WRITES_PER_HOUR in all per hour across instances (a Sync slot each,
// src/limits/sync-slots.ts). Past that, counts carry over to the next summary: each failed attempt
// is counted in exactly one summary, as long as its instance lives (a short-lived one may die with
// up to a minute of counts; their lines remain).
import type { AuditEvent } from '../audit/audit-event';
import type { AuditAppend, AuditSink } from '../audit/audit-sink';
import { createNoiseSummary } from '../audit/noise-summary';
import { LIMITS_MAP } from '../audit/sync-names';
import {
  createSyncSlots,
  fixedWindow,
  nullIfUnavailable,
  type SlotStore,
} from '../limits/sync-slots';

export const SIGN_IN_SUMMARY_WINDOW_MS = 60_000;
export const SUMMARY_WRITES_PER_HOUR = 12;
const HOUR_MS = 3_600_000;

export type SummaryStore = SlotStore & AuditAppend;

export interface SignInSummary {
  /** Prints a failed attempt's event, counts it, and writes the summary when due and allowed. */
  add(
    event: AuditEvent,
    sink: AuditSink,
    store: () => SummaryStore,
    now: () => number,
    deadlineAt: number,
  ): Promise<void>;
}

/** One per Function instance. */
export function createSignInSummary(): SignInSummary {
  const noise = createNoiseSummary(SIGN_IN_SUMMARY_WINDOW_MS, 'ops');
  const slots = createSyncSlots(LIMITS_MAP);
  let writing = false;
  return {
    async add(event, sink, store, now, deadlineAt) {
      sink.logOnly(event);
      noise.add('sign-in', event.reason, null, now());
      if (writing || !noise.due(now())) return;
      writing = true;
      try {
        const hour = fixedWindow(now(), HOUR_MS);
        const slot = await slots
          .take('sign-in-summary', SUMMARY_WRITES_PER_HOUR, hour, store(), now)
          .catch(nullIfUnavailable); // Sync down: the counts wait; the lines are in the log
        if (!slot?.ok) return;
        const due = noise.takeDue(now());
        await Promise.all(due.map((summary) => sink.record(summary, store(), deadlineAt)));
      } finally {
        writing = false;
      }
    },
  };
}
