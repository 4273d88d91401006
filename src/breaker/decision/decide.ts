// What to do with an authenticated delivery. Pure: everything it needs is an argument, so it is
// tested over every combination of its inputs.
import type { Tier } from '../../domain/tier';

export interface DecisionInput {
  tier: Tier;
  isMainAccount: boolean;
  allowListed: boolean;
  dryRun: boolean;
  /** 'unknown' when the status could not be read: treated as active (fail closed). */
  accountStatus: 'active' | 'suspended' | 'closed' | 'unknown';
  /** DateFired, epoch ms; null when unreadable: then it is not known to predate a reactivation. */
  firedAt: number | null;
  /** When ops last reactivated the account (epoch ms), or null. */
  reactivatedAt: number | null;
}

export type Decision =
  | { action: 'suspend'; reason: 'trip'; alert: 'trip' }
  | { action: 'would-suspend'; reason: 'dry-run'; alert: 'trip' }
  | { action: 'alert'; reason: 'warn-tier'; alert: 'warn' }
  | { action: 'alert'; reason: 'main-account' | 'allow-listed'; alert: 'trip' }
  | { action: 'already-suspended'; reason: 'suspended' | 'closed'; alert: null }
  | { action: 'skip'; reason: 'fired-before-reactivation'; alert: null };

export function decide(input: DecisionInput): Decision {
  if (input.tier === 'warn') return { action: 'alert', reason: 'warn-tier', alert: 'warn' };
  // The main account cannot be suspended through the API, and must not be by us either.
  if (input.isMainAccount) return { action: 'alert', reason: 'main-account', alert: 'trip' };
  if (input.allowListed) return { action: 'alert', reason: 'allow-listed', alert: 'trip' };
  if (input.accountStatus === 'suspended' || input.accountStatus === 'closed') {
    return { action: 'already-suspended', reason: input.accountStatus, alert: null };
  }
  // Ops looked at this account after the trigger fired and put it back: an old delivery (late, or
  // retried) must not undo their decision. When the firing time is unknown, suspend (fail closed):
  // ops can reactivate again; not suspending a real trip cannot be undone.
  if (
    input.reactivatedAt !== null &&
    input.firedAt !== null &&
    input.firedAt < input.reactivatedAt
  ) {
    return { action: 'skip', reason: 'fired-before-reactivation', alert: null };
  }
  if (input.dryRun) return { action: 'would-suspend', reason: 'dry-run', alert: 'trip' };
  return { action: 'suspend', reason: 'trip', alert: 'trip' };
}
