// Reads an audit list back as side effects per account: how many events each delivery left, which
// accounts lack their "suspended" event, and what the suspended events say about follow-ups.
import type { AuditEvent } from '../../src/audit/audit-event';

export function tally(keys: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** Occurrences beyond the first, over all keys. */
export const beyondOne = (counts: Map<string, number>): number =>
  [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);

// Duplicates and rejections are summarised (count + accountSids), not recorded one by one.
const isSummary = (e: AuditEvent) => e.action === 'duplicate' || e.action === 'rejected';

export function tallyAuditEvents(events: AuditEvent[], accountSids: ReadonlySet<string>) {
  const perDelivery = events.filter(
    (e) => !isSummary(e) && typeof e.accountSid === 'string' && accountSids.has(e.accountSid),
  );
  const suspended = perDelivery.filter((e) => e.action === 'suspended');
  const withSuspendedEvent = new Set(suspended.map((e) => e.accountSid));
  const summaries = events.filter(isSummary);
  return {
    perDelivery: perDelivery.length,
    beyondOnePerAccount: beyondOne(tally(perDelivery.map((e) => e.accountSid as string))),
    withoutSuspendedEvent: [...accountSids].filter((sid) => !withSuspendedEvent.has(sid)).length,
    sweepFailed: suspended.filter((e) => !e.calls || e.calls.failed > 0).length,
    alertsFailed: suspended.filter((e) => Object.values(e.alerts ?? {}).some((r) => r !== 'sent'))
      .length,
    summaries: summaries.length,
    summarizedCopies: summaries.reduce((sum, e) => sum + (e.count ?? 0), 0),
  };
}
