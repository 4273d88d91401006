// Sweeps the live calls of an account that is suspended but whose sweep is not known to have
// finished — and does nothing else: the suspension, its audit event and its alert happened once and
// are not repeated. Hanging up is idempotent, so sweeping an account whose calls already ended costs
// three listings. Used by a duplicate that finds the done claim's sweep unfinished
// (answer-duplicate.ts), and by any copy whose trip finds the account suspended already, claim or
// no claim (carry-out.ts): an earlier copy may have suspended it and not finished its sweep.
import type { Invocation } from '../breaker-deps';
import type { Holding } from './claim';
import { deliveryEvent } from './delivery-event';
import { recordWithSummaries } from '../../audit/record-with-summaries';
import { settleBy } from '../../retry/settle-by';
import { sweepLiveCalls } from './sweep-calls';
import { jsonResponse, type ResponseValue } from '../../runtime/response-value';

/** What the sweep is recorded as: a later copy finishing a sweep, or a trip finding it suspended. */
export type SweepEvent =
  { action: 'swept'; reason: 'sweep-retry' } | { action: 'already-suspended'; reason: 'suspended' };

export const SWEEP_RETRY: SweepEvent = { action: 'swept', reason: 'sweep-retry' };

/**
 * `holding` and `claimAction`: what the claim is marked done with once the sweep has run (written
 * only over a record the holding allows, claim-write.ts); `recorded`: the audit event's action.
 */
export async function sweepAgain(
  inv: Invocation,
  holding: Holding | null,
  claimAction: string,
  recorded: SweepEvent = SWEEP_RETRY,
): Promise<ResponseValue> {
  const { deps, facts, recording, deadline } = inv;
  const sid = facts.delivery.accountSid;
  const [sweep] = await Promise.all([
    sweepLiveCalls(inv.lanes.sweep, sid, {
      ...inv.retry,
      deadlineAt: deadline - inv.timing.sweepReserveMs,
    }),
    deps.audit.drain(recording, deadline),
  ]);
  const event = deliveryEvent(facts, deps.clock.now(), {
    ...recorded,
    outcome: sweep.complete ? 'ok' : 'partial',
    calls: sweep,
  });
  const done = holding
    ? deps.claims.complete(
        inv.key,
        holding,
        inv.bookkeeping,
        claimAction,
        sweep.complete ? 'complete' : 'incomplete',
      )
    : Promise.resolve(false);
  await Promise.all([
    recordWithSummaries(event, deps, recording, deadline),
    settleBy(done, deadline, deps.clock),
  ]);
  const answer = { ...recorded, calls: sweep, eventId: event.id };
  return sweep.complete
    ? jsonResponse(200, answer)
    : jsonResponse(500, { ...answer, error: 'the call sweep did not finish; retry' });
}
