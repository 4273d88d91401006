// Reads a burst's side effects back per account: `suspended` events, SMS and webhook alerts and
// suspend calls, each expected once per account. A `swept` event (a later copy finishing the call
// sweep its first copy could not) and the duplicate summaries are not side effects of a decision:
// they are counted apart, so a healed sweep does not look like a second suspension.
import type { AuditEvent } from '../../src/audit/audit-event';

export function tally(keys: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** Occurrences beyond the first, over all keys. */
export const beyondOne = (counts: Map<string, number>): number =>
  [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);

/** Keys of `expected` that `counts` never saw. */
export const missing = (counts: Map<string, number>, expected: Iterable<string>): number =>
  [...expected].filter((key) => !counts.has(key)).length;

export interface PerAccount {
  /** Account SIDs that appear in each kind of side effect, once per occurrence. */
  suspendedEvents: string[];
  sms: string[];
  webhooks: string[];
  suspendCalls: string[];
}

export interface SideEffectCount {
  total: number;
  /** Occurrences beyond one per account. */
  beyondOne: number;
  /** Accounts of the burst with none. */
  missing: number;
}

const count = (sids: string[], accounts: ReadonlySet<string>): SideEffectCount => {
  const counts = tally(sids.filter((sid) => accounts.has(sid)));
  return {
    total: [...counts.values()].reduce((a, b) => a + b, 0),
    beyondOne: beyondOne(counts),
    missing: missing(counts, accounts),
  };
};

export function tallySideEffects(perAccount: PerAccount, accounts: ReadonlySet<string>) {
  return {
    suspendedEvents: count(perAccount.suspendedEvents, accounts),
    sms: count(perAccount.sms, accounts),
    webhooks: count(perAccount.webhooks, accounts),
    suspendCalls: count(perAccount.suspendCalls, accounts),
  };
}

const about = (accounts: ReadonlySet<string>) => (e: AuditEvent) =>
  typeof e.accountSid === 'string' && accounts.has(e.accountSid);

export function tallyAuditEvents(events: AuditEvent[], accounts: ReadonlySet<string>) {
  const ours = events.filter(about(accounts));
  const suspended = ours.filter((e) => e.action === 'suspended');
  const swept = ours.filter((e) => e.action === 'swept');
  const duplicates = events.filter((e) => e.action === 'duplicate');
  const known = new Set(['suspended', 'swept', 'duplicate', 'rejected']);
  return {
    suspendedSids: suspended.map((e) => e.accountSid as string),
    /** Suspensions whose sweep did not finish in their own invocation (answered 500). */
    sweepIncomplete: suspended.filter((e) => !e.calls || e.calls.complete === false).length,
    alertsFailed: suspended.filter((e) => Object.values(e.alerts ?? {}).some((r) => r !== 'sent'))
      .length,
    swept: swept.length,
    sweptAccounts: new Set(swept.map((e) => e.accountSid)).size,
    sweptStillIncomplete: swept.filter((e) => e.calls?.complete === false).length,
    /** Per-delivery events about the burst's accounts other than suspended/swept (expected none). */
    otherEvents: tally(ours.filter((e) => !known.has(e.action)).map((e) => e.action)),
    duplicateSummaries: duplicates.length,
    summarizedCopies: duplicates.reduce((sum, e) => sum + (e.count ?? 0), 0),
  };
}
