// The account's status as it is now. Verification may have fetched it a moment ago (cold cache);
// otherwise the cached copy is stale by nature, so it is read again, in parallel with the claim.
// Unreadable → 'unknown', which the decision treats as active (fail closed). A read that never got
// its turn at Twilio's cap before the suspension's deadline throws OutOfTimeError instead: the
// delivery is then handed back to Twilio (handle-delivery.ts), since it could not suspend in time.
import type { AccountStatus, TwilioGateway } from '../../twilio/gateway';
import type { AccountTokenCache } from '../delivery/account-token-cache';
import type { Signer } from '../delivery/verify-delivery';
import { OutOfTimeError } from '../../retry/out-of-time';
import { rethrowUnlessTwilio } from '../../twilio/twilio-errors';

export interface CurrentStatus {
  status: AccountStatus | 'unknown';
  friendlyName: string | null;
  /** When Twilio last changed the account (epoch ms): known only with a status just read. */
  dateUpdated?: number;
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
      const { status, friendlyName, dateUpdated } = record;
      return { status, friendlyName, ...(dateUpdated !== undefined ? { dateUpdated } : {}) };
    }
  } catch (error) {
    // Never sent: the reads' time ran out at Twilio's cap. Not a status to fail closed on.
    if (error instanceof OutOfTimeError) throw error;
    rethrowUnlessTwilio(error); // Twilio did not answer: unknown
  }
  return { status: 'unknown', friendlyName: signer.account.friendlyName };
}
