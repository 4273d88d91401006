// Which auth token signed a delivery: the parent's for the main account's own triggers, the
// subaccount's own for a subaccount's (fetched with the parent's credentials). Kept per warm
// instance so a warm delivery needs no Twilio call before the signature check.
//
// Cost bounds: an account that is not ours is remembered briefly (negative cache), so garbage
// naming one costs one fetch per minute; a mismatching signature refetches (to follow a token
// rotation) only when the cached token is older than a few seconds, so forged requests naming a
// real subaccount cost at most one fetch per few seconds.
import type { AccountRecord, AccountStatus } from '../../twilio/gateway';

export interface AccountSummary {
  sid: string;
  friendlyName: string;
  status: AccountStatus;
}

/** `fetchedNow`: this lookup called Twilio (so a subaccount's status is current). */
export type TokenLookup =
  | { kind: 'main'; token: string; fetchedNow: false }
  | { kind: 'subaccount'; token: string; account: AccountSummary; fetchedNow: boolean }
  | { kind: 'not-ours'; why: 'not-found' | 'other-owner'; fetchedNow: boolean };

export interface AccountTokenCacheOptions {
  mainAccountSid: string;
  mainAuthToken: string;
  /** The parent's fetch (gateway.fetchAccount): null when Twilio answers 404. Errors propagate. */
  fetchAccount: (sid: string) => Promise<AccountRecord | null>;
  ttlMs: number;
  negativeTtlMs?: number;
  minRefetchAgeMs?: number;
  maxEntries?: number;
}

export interface AccountTokenCache {
  lookup(sid: string, now: number): Promise<TokenLookup>;
  /**
   * After a signature mismatch: fetch the account again to follow a token rotation. null when the
   * cached token is too young for a rotation to explain the mismatch (nothing fetched).
   */
  refetch(sid: string, now: number): Promise<TokenLookup | null>;
  /** Keeps a record fetched elsewhere (e.g. a fresh status read). */
  remember(record: AccountRecord, now: number): void;
}

interface Entry {
  result: Exclude<TokenLookup, { kind: 'main' }>;
  fetchedAt: number;
  expiresAt: number;
}

export function createAccountTokenCache(options: AccountTokenCacheOptions): AccountTokenCache {
  const { mainAccountSid, mainAuthToken, fetchAccount, ttlMs } = options;
  const negativeTtlMs = options.negativeTtlMs ?? 60_000;
  const minRefetchAgeMs = options.minRefetchAgeMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Entry>>();

  function store(sid: string, entry: Entry): Entry {
    entries.delete(sid); // re-insert: Map order doubles as least-recently-stored order
    entries.set(sid, entry);
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    return entry;
  }

  const notOurs = (why: 'not-found' | 'other-owner', now: number): Entry => ({
    result: { kind: 'not-ours', why, fetchedNow: false },
    fetchedAt: now,
    expiresAt: now + negativeTtlMs,
  });

  function entryFor(record: AccountRecord | null, now: number): Entry {
    if (!record || !record.authToken) {
      return notOurs('not-found', now);
    }
    if (record.ownerAccountSid !== mainAccountSid || record.sid === mainAccountSid) {
      return notOurs('other-owner', now);
    }
    const account = { sid: record.sid, friendlyName: record.friendlyName, status: record.status };
    return {
      result: { kind: 'subaccount', token: record.authToken, account, fetchedNow: false },
      fetchedAt: now,
      expiresAt: now + ttlMs,
    };
  }

  // Concurrent lookups of one account (a burst of duplicates) share a single fetch.
  function fetchEntry(sid: string, now: number): Promise<Entry> {
    let pending = inFlight.get(sid);
    if (!pending) {
      pending = fetchAccount(sid)
        .then((record) => store(sid, entryFor(record, now)))
        .finally(() => inFlight.delete(sid));
      inFlight.set(sid, pending);
    }
    return pending;
  }

  const fresh = (entry: Entry): TokenLookup => ({ ...entry.result, fetchedNow: true });

  return {
    async lookup(sid, now) {
      if (sid === mainAccountSid) return { kind: 'main', token: mainAuthToken, fetchedNow: false };
      const cached = entries.get(sid);
      if (cached && cached.expiresAt > now) return cached.result;
      return fresh(await fetchEntry(sid, now));
    },

    async refetch(sid, now) {
      const cached = entries.get(sid);
      if (sid === mainAccountSid || (cached && now - cached.fetchedAt < minRefetchAgeMs)) {
        return null;
      }
      return fresh(await fetchEntry(sid, now));
    },

    remember(record, now) {
      if (record.authToken) store(record.sid, entryFor(record, now));
    },
  };
}
