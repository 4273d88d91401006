// The account's status as it is now. Verification may have fetched it a moment ago (cold cache);
// otherwise the cached copy is stale by nature, so it is read again, in parallel with the claim.
// Unreadable → 'unknown', which the decision treats as active (fail closed).
import type { AccountStatus, TwilioGateway } from '../../twilio/gateway';
import { rethrowUnlessTwilio } from '../../twilio/twilio-errors';
import type { AccountTokenCache } from '../delivery/account-token-cache';
import type { Signer } from '../delivery/verify-delivery';

export interface CurrentStatus {
  status: AccountStatus | 'unknown';
  friendlyName: string | null;
}

export async function currentStatus(
  signer: Signer,
  gateway: Pick<TwilioGateway, 'fetchAccount'>,
  tokens: AccountTokenCache,
  now: () => number,
): Promise<CurrentStatus> {
  if (signer.kind === 'main') return { status: 'active', friendlyName: null };
  if (signer.fetchedNow) return signer.account;
  try {
    const record = await gateway.fetchAccount(signer.account.sid);
    if (record) {
      tokens.remember(record, now());
      return { status: record.status, friendlyName: record.friendlyName };
    }
  } catch (error) {
    rethrowUnlessTwilio(error); // Twilio did not answer: unknown
  }
  return { status: 'unknown', friendlyName: signer.account.friendlyName };
}
