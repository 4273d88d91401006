// The act itself: suspend the subaccount (retrying 429/5xx until a deadline inside the Functions
// time limit), then end its live calls, which a suspension leaves running.
import pLimit from 'p-limit';
import type { TwilioGateway } from '../twilio/gateway';
import { AccountSuspendedByTwilioError } from '../twilio/twilio-errors';
import { withRetry, type RetryPolicy } from './with-retry';

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

export interface CallSweep {
  /** Live (queued, ringing, in-progress) calls found. */
  found: number;
  ended: number;
  failed: number;
}

/** Ends every live call of the account; failures are counted, never thrown (list errors are). */
export async function endLiveCalls(
  gateway: Pick<TwilioGateway, 'listLiveCalls' | 'endCall'>,
  accountSid: string,
  concurrency = 8,
): Promise<CallSweep> {
  const calls = await gateway.listLiveCalls(accountSid);
  const limit = pLimit(concurrency);
  const results = await Promise.allSettled(
    calls.map((callSid) => limit(() => gateway.endCall(accountSid, callSid))),
  );
  const ended = results.filter((r) => r.status === 'fulfilled').length;
  return { found: calls.length, ended, failed: calls.length - ended };
}
