// The act itself: suspend the subaccount, retrying 429/5xx until a deadline inside the Functions
// time limit. Its live calls are ended afterwards (sweep-calls.ts): a suspension leaves them running.
import type { TwilioGateway } from '../../twilio/gateway';
import { AccountSuspendedByTwilioError } from '../../twilio/twilio-errors';
import { withRetry, type RetryPolicy } from '../../retry/with-retry';
import { markOverload, OverloadedError } from '../../retry/overload';

export type SuspendOutcome =
  | { status: 'suspended'; attempts: number }
  /** Twilio suspended it itself (error 21478): suspended already, and not ours to change. */
  | { status: 'suspended-by-twilio'; attempts: number }
  /** `overloaded`: every attempt was a 429 or found no turn at the cap in time (overload.ts). */
  | { status: 'failed'; attempts: number; error: unknown; overloaded: boolean };

export async function suspendAccount(
  gateway: Pick<TwilioGateway, 'updateAccountStatus'>,
  accountSid: string,
  policy: RetryPolicy,
): Promise<SuspendOutcome> {
  let attempts = 0;
  try {
    await markOverload((onRetry) =>
      withRetry(
        () => {
          attempts += 1;
          return gateway.updateAccountStatus(accountSid, 'suspended');
        },
        {
          ...policy,
          onRetry: (error, attempt, delay) => {
            onRetry(error);
            policy.onRetry?.(error, attempt, delay);
          },
        },
      ),
    );
    return { status: 'suspended', attempts };
  } catch (error) {
    if (error instanceof AccountSuspendedByTwilioError) {
      return { status: 'suspended-by-twilio', attempts };
    }
    if (error instanceof OverloadedError) {
      return { status: 'failed', attempts, error: error.cause, overloaded: true };
    }
    return { status: 'failed', attempts, error, overloaded: false };
  }
}
