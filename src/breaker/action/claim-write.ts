// Writing a claim's record without ever erasing one this copy does not hold. Sync Map Items carry a
// revision, and an update with If-Match lands only if nobody wrote since (Sync's conditional
// update: https://www.twilio.com/docs/sync/api/map-item-resource, the If-Match header). So a copy
// writes at the revision it read or created; if the record changed meanwhile it reads it again and
// writes only if the new record is still its own, or says less than it knows (a sweep left
// unfinished that this copy finished). A copy that never held the claim (Sync could not be asked)
// only ever creates the record, never replaces one.
import { CLAIMS_MAP } from '../../audit/sync-names';
import type { TwilioGateway } from '../../twilio/gateway';

export type SweepState = 'complete' | 'incomplete';

export interface ClaimRecord {
  owner: string;
  state: 'in-progress' | 'done';
  /** Epoch ms; past it, an in-progress claim is abandoned and may be taken over. */
  leaseUntil: number;
  action?: string;
  /** Set when the work included a call sweep. */
  sweep?: SweepState;
}

export type SyncClaims = Pick<
  TwilioGateway,
  | 'createMapItem'
  | 'createVersionedMapItem'
  | 'fetchVersionedMapItem'
  | 'updateMapItemIf'
  | 'deleteMapItem'
>;

/**
 * What a copy may write back: the revision it holds the record at, or null when it holds none
 * (then the record is only created, if absent).
 */
export interface Holding {
  owner: string;
  revision: string | null;
}

/** May `mine` replace `current`? Only its own in-progress record, or a sweep it knows more about. */
export function mayReplace(current: ClaimRecord, mine: ClaimRecord, owner: string): boolean {
  if (current.state === 'in-progress') return current.owner === owner;
  return current.sweep === 'incomplete' && mine.sweep === 'complete';
}

/** Resolves true once `record` is in Sync, false when another's record stands there. Throws Sync's errors. */
export async function writeClaim(
  gateway: SyncClaims,
  key: string,
  record: ClaimRecord,
  holding: Holding,
  ttlSeconds: number,
): Promise<boolean> {
  let revision = holding.revision;
  // Bounded: each pass either writes or finds a newer record than the one before.
  for (let pass = 0; pass < 4; pass += 1) {
    const written =
      revision === null
        ? await gateway.createVersionedMapItem(CLAIMS_MAP, key, record, ttlSeconds)
        : await gateway.updateMapItemIf(CLAIMS_MAP, key, record, revision, ttlSeconds);
    if (written !== 'exists' && written !== 'changed') return true;
    const current = await gateway.fetchVersionedMapItem<ClaimRecord>(CLAIMS_MAP, key);
    if (current === null) {
      revision = null; // gone (released, expired): create it
      continue;
    }
    const { data } = current;
    // Our own write whose answer was lost: it is there already.
    if (
      data.owner === holding.owner &&
      data.state === record.state &&
      data.sweep === record.sweep
    ) {
      return true;
    }
    if (!mayReplace(data, record, holding.owner)) return false;
    revision = current.revision;
  }
  return false;
}
