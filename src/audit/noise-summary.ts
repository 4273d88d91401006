// Rejected requests, duplicate deliveries, held-back alerts and failed sign-ins are "noise": anyone
// (or any holder of an account's token) can cause them, in any number. Each prints its own console
// line (the durable record, kept 30 days), and the Sync List gets summary events counting them.
// They are written once the oldest count is a window old, by whichever invocation comes next (or
// on an explicit drain): so at most one write per window per warm instance, and none by a
// short-lived instance (a cold process that answers one replay writes nothing; its line is in the
// log). A burst cannot flood the list or spend a Twilio call per request, and the counts stay
// exact: each occurrence is counted in exactly one summary.
import { newEventId, type AuditEvent } from './audit-event';

export type NoiseAction = 'rejected' | 'duplicate' | 'alert-held' | 'sign-in';

const REFUSED: ReadonlySet<NoiseAction> = new Set(['rejected', 'sign-in']);

export interface NoiseSummary {
  add(action: NoiseAction, reason: string, accountSid: string | null, now: number): void;
  /** True when takeDue(now) would hand out summaries. */
  due(now: number): boolean;
  /**
   * The summary events to write now: empty unless something was counted and either the oldest
   * count is `windowMs` old or `force` (a drain: tests, benchmarks, a host that is shutting down).
   */
  takeDue(now: number, force?: boolean): AuditEvent[];
}

interface Tally {
  count: number;
  counts: Record<string, number>;
  accountSids: Set<string>;
}

const MAX_SIDS = 20;

export function createNoiseSummary(
  windowMs = 60_000,
  source: AuditEvent['source'] = 'breaker',
): NoiseSummary {
  const tallies = new Map<NoiseAction, Tally>();
  // When the oldest count not yet handed out was made.
  let oldest: number | null = null;

  return {
    add(action, reason, accountSid, now) {
      oldest ??= now;
      const tally = tallies.get(action) ?? { count: 0, counts: {}, accountSids: new Set() };
      tally.count += 1;
      tally.counts[reason] = (tally.counts[reason] ?? 0) + 1;
      if (accountSid && tally.accountSids.size < MAX_SIDS) tally.accountSids.add(accountSid);
      tallies.set(action, tally);
    },

    due: (now) => oldest !== null && now - oldest >= windowMs,

    takeDue(now, force = false) {
      if (oldest === null || (!force && now - oldest < windowMs)) return [];
      oldest = null;
      const events = [...tallies].map(([action, tally]): AuditEvent => ({
        id: newEventId(),
        time: new Date(now).toISOString(),
        source,
        action,
        reason: 'summary',
        outcome: REFUSED.has(action) ? 'refused' : 'ok',
        durationMs: 0,
        count: tally.count,
        counts: tally.counts,
        accountSids: [...tally.accountSids],
      }));
      tallies.clear();
      return events;
    },
  };
}
