// When ops last reactivated a subaccount. The breaker reads it so that a delivery fired before that
// moment (late, or retried by Twilio) never suspends the account again.
//
// For the ops API: call recordReactivation BEFORE setting the account active. If the status update
// then fails, the record only stops old deliveries from suspending an account that is suspended
// anyway; the other order leaves a window in which an old delivery undoes the reactivation.
import type { TwilioGateway } from '../../twilio/gateway';
import { REACTIVATIONS_MAP } from '../../audit/sync-names';
import type { Rearm } from '../../rearm/rearm';

export interface Reactivation {
  accountSid: string;
  /** ISO 8601. */
  reactivatedAt: string;
  operator: string;
  reason: string;
  /** What protects the account after it (src/rearm/): absent in records made before re-arming. */
  rearm?: Rearm;
}

/** Map item key: the account SID. */
export const reactivationKey = (accountSid: string): string => accountSid;

export async function readReactivation(
  gateway: Pick<TwilioGateway, 'fetchMapItem'>,
  accountSid: string,
): Promise<Reactivation | null> {
  return gateway.fetchMapItem<Reactivation>(REACTIVATIONS_MAP, reactivationKey(accountSid));
}

export async function recordReactivation(
  gateway: Pick<TwilioGateway, 'putMapItem'>,
  reactivation: Reactivation,
): Promise<void> {
  await gateway.putMapItem(
    REACTIVATIONS_MAP,
    reactivationKey(reactivation.accountSid),
    reactivation,
  );
}

/** Epoch ms of the reactivation, or null when there is none (or its date is unreadable). */
export function reactivatedAtMs(reactivation: Reactivation | null): number | null {
  if (!reactivation) return null;
  const ms = Date.parse(reactivation.reactivatedAt);
  return Number.isFinite(ms) ? ms : null;
}
