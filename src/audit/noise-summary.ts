// Rejected requests and duplicate deliveries are "noise": anyone can send the first, Twilio and
// replayers the second, in any number. Each prints its own console line, but the Sync List gets
// summary events counting them, written at most once per window by noise itself (or with the next
// verified delivery): so noise cannot flood the list or spend a Twilio call per request, and every
// occurrence is still accounted for.
import { newEventId, type AuditEvent } from './audit-event';

export type NoiseAction = 'rejected' | 'duplicate';

export interface NoiseSummary {
  add(action: NoiseAction, reason: string, accountSid: string | null): void;
  /**
   * The summary events to write now: empty unless something was counted and either the window
   * elapsed or `force` (a verified delivery, which is not noise, pays for the write).
   */
  takeDue(now: number, force?: boolean): AuditEvent[];
}

interface Tally {
  count: number;
  counts: Record<string, number>;
  accountSids: Set<string>;
}

const MAX_SIDS = 20;

export function createNoiseSummary(windowMs = 60_000): NoiseSummary {
  const tallies = new Map<NoiseAction, Tally>();
  let lastTaken = -Infinity;

  return {
    add(action, reason, accountSid) {
      const tally = tallies.get(action) ?? { count: 0, counts: {}, accountSids: new Set() };
      tally.count += 1;
      tally.counts[reason] = (tally.counts[reason] ?? 0) + 1;
      if (accountSid && tally.accountSids.size < MAX_SIDS) tally.accountSids.add(accountSid);
      tallies.set(action, tally);
    },

    takeDue(now, force = false) {
      if (tallies.size === 0 || (!force && now - lastTaken < windowMs)) return [];
      lastTaken = now;
      const events = [...tallies].map(([action, tally]): AuditEvent => ({
        id: newEventId(),
        time: new Date(now).toISOString(),
        source: 'breaker',
        action,
        reason: 'summary',
        outcome: action === 'rejected' ? 'refused' : 'ok',
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
