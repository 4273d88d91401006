// Ends the live calls of a suspended account (a suspension leaves them running, and they keep
// costing). Every Twilio request is retried on its own — each call state's listing, each hang-up —
// until one deadline, so a single timeout or 5xx costs a retry, not the sweep. What could not be
// done by then is counted, never thrown: the caller answers 5xx so a copy of the delivery sweeps
// again (see handle-delivery.ts).
import pLimit from 'p-limit';
import { LIVE_CALL_STATUSES, type TwilioGateway } from '../../twilio/gateway';
import { settleBy, type Settled } from '../../retry/settle-by';
import { withRetry, type RetryPolicy } from '../../retry/with-retry';
import type { CallSweep } from '../../domain/call-sweep';

export async function sweepLiveCalls(
  gateway: Pick<TwilioGateway, 'listLiveCalls' | 'endCall'>,
  accountSid: string,
  policy: RetryPolicy,
  concurrency = 8,
): Promise<CallSweep> {
  const { clock, deadlineAt } = policy;
  // A request still running at the deadline is abandoned (and counted as not done), so the sweep
  // hands the rest of the invocation back in time for the alert and the audit event.
  const bounded = async <T>(run: () => Promise<T>): Promise<Settled<T>> =>
    clock.now() >= deadlineAt
      ? { status: 'timeout' }
      : settleBy(withRetry(run, policy), deadlineAt, clock);

  const listings = await Promise.all(
    LIVE_CALL_STATUSES.map((status) => bounded(() => gateway.listLiveCalls(accountSid, [status]))),
  );
  // A call that moves from ringing to in-progress between two queries shows up twice.
  const calls = [
    ...new Set(listings.flatMap((listing) => (listing.status === 'done' ? listing.value : []))),
  ];
  const limit = pLimit(concurrency);
  const ends = await Promise.all(
    calls.map((callSid) => limit(() => bounded(() => gateway.endCall(accountSid, callSid)))),
  );
  const ended = ends.filter((end) => end.status === 'done').length;
  const listed = listings.every((listing) => listing.status === 'done');
  const failed = calls.length - ended;
  return { found: calls.length, ended, failed, listed, complete: listed && failed === 0 };
}
