import { TwilioApiError } from '../http/twilio-error';
import type { AccountStatus, EmulatedAccount } from '../types';

const STATUSES: readonly string[] = ['active', 'suspended', 'closed'];

export interface StatusChange {
  /** The account whose credentials made the request. */
  actorSid: string;
  target: EmulatedAccount;
  requested: string;
  /** Twilio itself suspended the target: only Twilio support can change it. */
  suspendedByTwilio: boolean;
}

/**
 * Twilio's rules for POST /Accounts/{Sid}.json Status=…, as a pure decision: the error Twilio
 * answers with, or the new status. Codes from twilio.com/docs/api/errors (214xx family).
 */
export function decideStatusChange(c: StatusChange): TwilioApiError | AccountStatus {
  if (!STATUSES.includes(c.requested)) {
    return new TwilioApiError(400, 21475, 'Unable to update Status, invalid Status.');
  }
  const isMain = c.target.owner_account_sid === c.target.sid;
  if (isMain) {
    return new TwilioApiError(
      400,
      21477,
      'Unable to update Status for parent accounts, status updates restricted to subaccounts only',
    );
  }
  if (c.actorSid !== c.target.owner_account_sid) {
    // Assumed: Twilio's exact answer to a subaccount changing its own status is undocumented.
    return new TwilioApiError(
      403,
      20003,
      "Permission Denied: a subaccount's Status can only be changed with its parent account's credentials",
    );
  }
  if (c.suspendedByTwilio) {
    return new TwilioApiError(
      400,
      21478,
      'Unable to update Status for subaccount, subaccount has been suspended by Twilio',
    );
  }
  if (c.target.status === 'closed') {
    return new TwilioApiError(
      400,
      21479,
      'Unable to update Status for subaccount, subaccount is closed and can not be re-opened.',
    );
  }
  return c.requested as AccountStatus;
}
