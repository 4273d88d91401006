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
// `mark` creates a key as already done, for work claimed under another key: a readable delivery
// marks its trigger's day key so that an unreadable copy of it is a duplicate (delivery-key.ts).
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../runtime/clock';
import type { TwilioGateway } from '../../twilio/gateway';
import { CLAIMS_MAP } from '../../audit/sync-names';
import { rethrowUnlessTwilio } from '../../twilio/twilio-errors';

export type SweepState = 'complete' | 'incomplete';

export type ClaimResult =
  /**
   * `tookOver`: the claim was taken from a previous copy whose lease ran out before it marked the
   * work done; what that copy did (a suspension, its call sweep) is not known.
   */
  | { outcome: 'claimed'; owner: string; tookOver?: true }
  | { outcome: 'unavailable'; owner: string }
  /** `record`: the done claim as Sync holds it, when read from Sync (not from memory). */
  | { outcome: 'duplicate'; state: 'done'; record?: ClaimRecord }
  | { outcome: 'duplicate'; state: 'in-progress' };

export interface ClaimRecord {
  owner: string;
  state: 'in-progress' | 'done';
  /** Epoch ms; past it, an in-progress claim is abandoned and may be taken over. */
  leaseUntil: number;
  action?: string;
  /** Set when the work included a call sweep. */
  sweep?: SweepState;
}

type SyncClaims = Pick<
  TwilioGateway,
  'createMapItem' | 'fetchMapItem' | 'putMapItem' | 'deleteMapItem'
>;

export interface ClaimsOptions {
  clock: Clock;
  /** Longer than an invocation can live (10 s), so a live owner never loses its claim. */
  leaseMs?: number;
  ttlSeconds?: number;
  pollMs?: number;
  maxRemembered?: number;
  newOwner?: () => string;
}

export interface Claims {
  /** `waitUntil`: how long a loser may wait for the winner before answering 'in-progress'. */
  claim(key: string, gateway: SyncClaims, waitUntil: number): Promise<ClaimResult>;
  /** Marks the work done: later copies are duplicates (that sweep again if `sweep` is incomplete). Never throws. */
  complete(
    key: string,
    owner: string,
    gateway: SyncClaims,
    action: string,
    sweep?: SweepState,
  ): Promise<boolean>;
  /** Gives the claim up after a failure, so Twilio's retry (or a waiting copy) can do the work. */
  release(key: string, result: ClaimResult, gateway: SyncClaims): Promise<boolean>;
  /** Creates `key` as done unless it exists (whoever holds it keeps it). Never throws. */
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
    for (let round = 0; round < 100; round++) {
      try {
        if ((await gateway.createMapItem(CLAIMS_MAP, key, record(), ttlSeconds)) === 'created') {
          return { outcome: 'claimed', owner };
        }
        const existing = await gateway.fetchMapItem<ClaimRecord>(CLAIMS_MAP, key);
        if (!existing) continue; // released between our create and fetch: try again
        if (existing.owner === owner) return { outcome: 'claimed', owner };
        if (existing.state === 'done') {
          return { outcome: 'duplicate', state: 'done', record: existing };
        }
        heldByAnother = true;
        if (existing.leaseUntil <= clock.now()) {
          const takeover = `${key}~${existing.owner}`;
          if (
            (await gateway.createMapItem(CLAIMS_MAP, takeover, { owner }, ttlSeconds)) === 'created'
          ) {
            // The atomic create made this copy the owner; the put only tells the others (if it
            // fails they keep waiting, and see 'done' when this copy completes).
            await gateway
              .putMapItem(CLAIMS_MAP, key, record(), ttlSeconds)
              .catch(rethrowUnlessTwilio);
            return { outcome: 'claimed', owner, tookOver: true };
          }
        }
      } catch (error) {
        rethrowUnlessTwilio(error);
        if (!heldByAnother) return { outcome: 'unavailable', owner };
      }
      if (clock.now() + pollMs > waitUntil) return { outcome: 'duplicate', state: 'in-progress' };
      await clock.sleep(pollMs);
    }
    return { outcome: 'duplicate', state: 'in-progress' };
  }

  return {
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
      const result = await claimInSync(key, gateway, waitUntil);
      if (result.outcome === 'duplicate') {
        finish(
          key,
          result.state === 'done',
          result.state === 'done' ? result.record?.sweep : undefined,
        );
      }
      return result;
    },

    async complete(key, owner, gateway, action, sweep) {
      finish(key, true, sweep);
      const record: ClaimRecord = {
        owner,
        state: 'done',
        leaseUntil: 0,
        action,
        ...(sweep ? { sweep } : {}),
      };
      try {
        await gateway.putMapItem(CLAIMS_MAP, key, record, ttlSeconds);
        return true;
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
        await gateway.deleteMapItem(CLAIMS_MAP, key);
        return true;
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
