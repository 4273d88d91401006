// The act itself: suspend the subaccount, retrying 429/5xx until a deadline inside the Functions
// time limit. Its live calls are ended afterwards (sweep-calls.ts): a suspension leaves them running.
import type { TwilioGateway } from '../../twilio/gateway';
import { AccountSuspendedByTwilioError } from '../../twilio/twilio-errors';
import { withRetry, type RetryPolicy } from '../../retry/with-retry';

export type SuspendOutcome =
  | { status: 'suspended'; attempts: number }
  /** Twilio suspended it itself (error 21478): suspended already, and not ours to change. */
  | { status: 'suspended-by-twilio'; attempts: number }
  | { status: 'failed'; attempts: number; error: unknown };

export async function suspendAccount(
  gateway: Pick<TwilioGateway, 'updateAccountStatus'>,
  accountSid: string,
  policy: RetryPolicy,
): Promise<SuspendOutcome> {
  let attempts = 0;
  try {
    await withRetry(() => {
      attempts += 1;
      return gateway.updateAccountStatus(accountSid, 'suspended');
    }, policy);
    return { status: 'suspended', attempts };
  } catch (error) {
    if (error instanceof AccountSuspendedByTwilioError) {
      return { status: 'suspended-by-twilio', attempts };
    }
    return { status: 'failed', attempts, error };
  }
}
