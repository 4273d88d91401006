// Exactly-once processing of a delivery across duplicates, retries and concurrent instances.
//
// The claim is a Sync Map Item keyed by the delivery key: creating it is atomic, so of any number of
// concurrent copies exactly one gets 'created'. The item carries a random owner id (so a create that
// failed ambiguously and was retried recognises itself) and a lease (so a claim left by an instance
// that was killed mid-way can be taken over, once: the takeover is itself an atomic create, keyed by
// the dead owner). A loser waits for the winner: 'done' → duplicate; released (the winner failed) →
// it claims and does the work itself. Memory only saves Sync calls within one warm instance.
// A done claim also says whether the call sweep finished: a copy that finds it unfinished gets the
// record back and sweeps again (handle-delivery.ts), so a later copy heals an interrupted sweep.
// If Sync cannot be asked at all, the claim is 'unavailable' and the caller proceeds: suspending
// twice is harmless, not suspending is not (fail closed).
// Every write after the create is conditional on the revision the copy holds (claim-write.ts): a
// copy never overwrites a claim it does not hold, so a record that says "sweep unfinished" stays
// until a copy that finished the sweep replaces it.
// `mark` creates a key as already done, for work claimed under another key: a readable delivery
// marks its trigger's day key so that an unreadable copy of it is a duplicate (delivery-key.ts).
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../runtime/clock';
import { CLAIMS_MAP } from '../../audit/sync-names';
import { OutOfTimeError } from '../../retry/out-of-time';
import {
  writeClaim,
  type ClaimRecord,
  type Holding,
  type SweepState,
  type SyncClaims,
} from './claim-write';
import { orOnTwilioError, rethrowUnlessTwilio } from '../../twilio/twilio-errors';

export type { ClaimRecord, Holding, SweepState } from './claim-write';

export type ClaimResult =
  /**
   * `tookOver`: the claim was taken from a previous copy whose lease ran out before it marked the
   * work done; what that copy did (a suspension, its call sweep) is not known. `revision`: the
   * record's, for the conditional write that completes it.
   */
  | { outcome: 'claimed'; owner: string; revision: string; tookOver?: true }
  | { outcome: 'unavailable'; owner: string }
  /** `record`, `revision`: the done claim as Sync holds it, when read from Sync (not from memory). */
  | { outcome: 'duplicate'; state: 'done'; record?: ClaimRecord; revision?: string }
  | { outcome: 'duplicate'; state: 'in-progress' };

/** What a claim result lets a copy write back (see claim-write.ts). */
export function holdingOf(claim: ClaimResult): Holding | null {
  if (claim.outcome === 'claimed') return { owner: claim.owner, revision: claim.revision };
  if (claim.outcome === 'unavailable') return { owner: claim.owner, revision: null };
  if (claim.state === 'done' && claim.record) {
    return { owner: claim.record.owner, revision: claim.revision ?? null };
  }
  return null;
}

export interface ClaimsOptions {
  clock: Clock;
  /** Longer than an invocation can live (10 s), so a live owner never loses its claim. */
  leaseMs?: number;
  ttlSeconds?: number;
  pollMs?: number;
  maxRemembered?: number;
  newOwner?: () => string;
}

/**
 * What this instance knows of a key without asking Sync: 'done' (a copy here finished it, or read
 * it finished), 'sweep-incomplete' (done, but the call sweep was left unfinished: a copy comes back
 * to finish it), or undefined (nothing: Sync must be asked).
 */
export type KnownClaim = 'done' | 'sweep-incomplete' | undefined;

export interface Claims {
  /** Local knowledge only (no Sync call): lets a copy skip reads its answer cannot need. */
  known(key: string): KnownClaim;
  /**
   * `waitUntil`: how long a loser may wait for the winner before answering 'in-progress'. Throws
   * OutOfTimeError when Sync could not even be asked in time (Twilio's cap): nothing is held then.
   */
  claim(key: string, gateway: SyncClaims, waitUntil: number): Promise<ClaimResult>;
  /**
   * Marks the work done: later copies are duplicates (that sweep again if `sweep` is incomplete).
   * Written only over a record `holding` allows (claim-write.ts). Never throws.
   */
  complete(
    key: string,
    holding: Holding,
    gateway: SyncClaims,
    action: string,
    sweep?: SweepState,
  ): Promise<boolean>;
  /** Gives the claim up after a failure, so Twilio's retry (or a waiting copy) can do the work. */
  release(key: string, result: ClaimResult, gateway: SyncClaims): Promise<boolean>;
  /** Creates `key` as done unless it exists (whoever holds it keeps it). Throws only for a bug. */
  mark(key: string, gateway: SyncClaims): Promise<boolean>;
}

export function createClaims(options: ClaimsOptions): Claims {
  const { clock, leaseMs = 12_000, ttlSeconds = 7 * 24 * 3600, pollMs = 250 } = options;
  const maxRemembered = options.maxRemembered ?? 10_000;
  const newOwner = options.newOwner ?? (() => randomBytes(8).toString('hex'));
  // Done keys, and whether their sweep is known to be unfinished (then Sync is asked again).
  const done = new Map<string, SweepState | undefined>();
  // In this instance: copies at work, so a local duplicate waits for them instead of polling Sync.
  const running = new Map<string, { settled: Promise<void>; settle: () => void; since: number }>();

  function finish(key: string, completed: boolean, sweep?: SweepState) {
    if (completed) {
      done.delete(key); // re-insert: Map order doubles as least-recently-done order
      done.set(key, sweep);
      if (done.size > maxRemembered) done.delete(done.keys().next().value as string);
    }
    running.get(key)?.settle();
    running.delete(key);
  }

  async function claimInSync(
    key: string,
    gateway: SyncClaims,
    waitUntil: number,
  ): Promise<ClaimResult> {
    const owner = newOwner();
    const record = (): ClaimRecord => ({
      owner,
      state: 'in-progress',
      leaseUntil: clock.now() + leaseMs,
    });
    // Once another copy is known to hold the claim, a failed Sync call is a blip while waiting for
    // it, not "Sync cannot be asked": acting then would repeat the winner's side effects.
    let heldByAnother = false;
    // A key known done with its sweep unfinished is there to be read, not created: one request, not
    // two. (If it is gone after all, the loop below creates it.)
    if (done.get(key) === 'incomplete') {
      const found = await gateway
        .fetchVersionedMapItem<ClaimRecord>(CLAIMS_MAP, key)
        .catch(orOnTwilioError(null));
      if (found?.data.state === 'done') {
        return {
          outcome: 'duplicate',
          state: 'done',
          record: found.data,
          revision: found.revision,
        };
      }
    }
    for (let round = 0; round < 100; round++) {
      try {
        // A create that fails says nothing of whether another copy holds the claim: Sync may refuse
        // writes and still answer reads. So look before acting alone (fail closed only when nobody
        // can be seen holding it): that keeps a second suspension and alert to when Sync is down.
        const created = await gateway
          .createVersionedMapItem(CLAIMS_MAP, key, record(), ttlSeconds)
          .catch((error: unknown) => {
            // Never sent (no turn at Twilio's cap in time): nothing is known, and nothing can be
            // done in time either. The caller hands the delivery back to Twilio.
            rethrowUnlessTwilio(error);
            if (error instanceof OutOfTimeError && !heldByAnother) throw error;
            return 'failed' as const;
          });
        if (created !== 'exists' && created !== 'failed') {
          return { outcome: 'claimed', owner, revision: created.revision };
        }
        const existing = await gateway.fetchVersionedMapItem<ClaimRecord>(CLAIMS_MAP, key);
        if (!existing && created === 'failed' && !heldByAnother) {
          return { outcome: 'unavailable', owner };
        }
        if (!existing) continue; // released between our create and fetch: try again
        const { data, revision } = existing;
        if (data.owner === owner) return { outcome: 'claimed', owner, revision };
        if (data.state === 'done')
          return { outcome: 'duplicate', state: 'done', record: data, revision };
        heldByAnother = true;
        if (data.leaseUntil <= clock.now()) {
          const takeover = `${key}~${data.owner}`;
          if (
            (await gateway.createMapItem(CLAIMS_MAP, takeover, { owner }, ttlSeconds)) === 'created'
          ) {
            // The atomic create made this copy the owner; the update only tells the others. If it
            // fails they keep waiting and see 'done' when this copy completes, from the dead owner's
            // revision (or, if the update landed after all, from this copy's own record).
            const told = await gateway
              .updateMapItemIf(CLAIMS_MAP, key, record(), revision, ttlSeconds)
              .catch(orOnTwilioError('changed' as const));
            const held = told === 'changed' ? revision : told.revision;
            return { outcome: 'claimed', owner, revision: held, tookOver: true };
          }
        }
      } catch (error) {
        rethrowUnlessTwilio(error);
        if (error instanceof OutOfTimeError && !heldByAnother) throw error;
        if (!heldByAnother) return { outcome: 'unavailable', owner };
      }
      if (clock.now() + pollMs > waitUntil) return { outcome: 'duplicate', state: 'in-progress' };
      await clock.sleep(pollMs);
    }
    return { outcome: 'duplicate', state: 'in-progress' };
  }

  return {
    known(key) {
      if (!done.has(key)) return undefined;
      return done.get(key) === 'incomplete' ? 'sweep-incomplete' : 'done';
    },

    async claim(key, gateway, waitUntil) {
      const settledHere = () => done.has(key) && done.get(key) !== 'incomplete';
      if (settledHere()) return { outcome: 'duplicate', state: 'done' };
      const local = running.get(key);
      // An entry older than the lease belongs to an invocation that died (the lease covers that).
      if (local && clock.now() - local.since < leaseMs) {
        const stop = new AbortController();
        await Promise.race([local.settled, clock.sleep(waitUntil - clock.now(), stop.signal)]);
        stop.abort();
        if (settledHere()) return { outcome: 'duplicate', state: 'done' };
        if (running.has(key)) return { outcome: 'duplicate', state: 'in-progress' };
      }
      let settle = () => {};
      const settled = new Promise<void>((resolve) => (settle = resolve));
      running.set(key, { settled, settle, since: clock.now() });
      const result = await claimInSync(key, gateway, waitUntil).catch((error: unknown) => {
        finish(key, false);
        throw error;
      });
      if (result.outcome === 'duplicate') {
        finish(
          key,
          result.state === 'done',
          result.state === 'done' ? result.record?.sweep : undefined,
        );
      }
      return result;
    },

    async complete(key, holding, gateway, action, sweep) {
      finish(key, true, sweep);
      const record: ClaimRecord = {
        owner: holding.owner,
        state: 'done',
        leaseUntil: 0,
        action,
        ...(sweep ? { sweep } : {}),
      };
      try {
        return await writeClaim(gateway, key, record, holding, ttlSeconds);
      } catch (error) {
        rethrowUnlessTwilio(error);
        return false;
      }
    },

    async release(key, result, gateway) {
      finish(key, false);
      // After 'unavailable' we cannot know whose item (if any) is there: leave it to the lease.
      if (result.outcome !== 'claimed') return false;
      try {
        // Only the revision this copy holds: a copy that took the claim over since keeps it.
        return (await gateway.deleteMapItem(CLAIMS_MAP, key, result.revision)) !== 'changed';
      } catch (error) {
        rethrowUnlessTwilio(error);
        return false;
      }
    },

    async mark(key, gateway) {
      if (done.has(key)) return true;
      const record: ClaimRecord = { owner: 'mark', state: 'done', leaseUntil: 0, action: 'mark' };
      try {
        await gateway.createMapItem(CLAIMS_MAP, key, record, ttlSeconds);
      } catch (error) {
        rethrowUnlessTwilio(error);
        return false; // Sync down: as for a claim, copies may then act (fail closed)
      }
      // Created, or held already: either way taken. A copy at work on it here keeps its own claim.
      if (!running.has(key)) finish(key, true);
      return true;
    },
  };
}
