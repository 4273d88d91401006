// Whether a delivery's decision can turn on the account's reactivation record, so that the breaker
// reads it only then (in a mass event every request counts against Twilio's cap).
//
// decide() consults the record in one case only: a trip, for a subaccount that is active (or whose
// status could not be read), not allow-listed, with a readable DateFired. And even then the record
// cannot matter if Twilio last changed the account before the trip fired: ops write the record
// before they set the account active (reactivations.ts), so a reactivation after the firing would
// have moved the account's date_updated past DateFired. Twilio gives date_updated to the second, so
// only an account last changed a whole second before DateFired is spared the read. (Twilio's docs
// say date_updated is "the date that this account was last updated", not in so many words that a
// status change updates it; if it did not, a trip fired before ops reactivated an account would
// suspend it again: ops reactivate again, as with an unreadable DateFired. Both dates are Twilio's
// own clock, where the record's is the operator's, so no clock skew enters this comparison.)
import type { Tier } from '../../domain/tier';
import type { CurrentStatus } from './current-status';

export interface ReactivationQuestion {
  tier: Tier;
  isMainAccount: boolean;
  allowListed: boolean;
  /** DateFired, epoch ms; null when unreadable (then the reactivation rule never applies). */
  firedAt: number | null;
  account: Pick<CurrentStatus, 'status' | 'dateUpdated'>;
}

const TWILIO_DATE_RESOLUTION_MS = 1000;

export function reactivationMatters(q: ReactivationQuestion): boolean {
  if (q.tier !== 'trip' || q.isMainAccount || q.allowListed || q.firedAt === null) return false;
  if (q.account.status === 'suspended' || q.account.status === 'closed') return false;
  const changed = q.account.dateUpdated;
  return changed === undefined || changed + TWILIO_DATE_RESOLUTION_MS > q.firedAt;
}
