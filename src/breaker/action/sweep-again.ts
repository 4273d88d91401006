// Sweeps the live calls of an account that a previous copy of the delivery suspended but whose
// sweep is not known to have finished — and does nothing else: the suspension, its audit event and
// its alert happened once and are not repeated. Hanging up is idempotent, so sweeping an account
// whose calls already ended costs two listings. Used by a duplicate that finds the done claim's
// sweep unfinished (answer-duplicate.ts) and by a copy that took over a claim its previous holder
// never marked done (carry-out.ts).
import type { Invocation } from '../breaker-deps';
import { deliveryEvent } from './delivery-event';
import { recordWithSummaries } from '../../audit/record-with-summaries';
import { settleBy } from '../../retry/settle-by';
import { sweepLiveCalls } from './sweep-calls';
import { jsonResponse, type ResponseValue } from '../../runtime/response-value';

/** `owner` and `action`: what the claim is marked done with once the sweep has run. */
export async function sweepAgain(
  inv: Invocation,
  owner: string,
  action: string,
): Promise<ResponseValue> {
  const { deps, facts, later, deadline } = inv;
  const sid = facts.delivery.accountSid;
  const [sweep] = await Promise.all([
    sweepLiveCalls(deps.gateway, sid, {
      ...inv.retry,
      deadlineAt: deadline - inv.timing.sweepReserveMs,
    }),
    deps.audit.drain(later, deadline),
  ]);
  const event = deliveryEvent(facts, deps.clock.now(), {
    action: 'swept',
    reason: 'sweep-retry',
    outcome: sweep.complete ? 'ok' : 'partial',
    calls: sweep,
  });
  const done = deps.claims.complete(
    inv.key,
    owner,
    later,
    action,
    sweep.complete ? 'complete' : 'incomplete',
  );
  await Promise.all([
    recordWithSummaries(event, deps, later, deadline),
    settleBy(done, deadline, deps.clock),
  ]);
  const answer = { action: 'swept', calls: sweep, eventId: event.id };
  return sweep.complete
    ? jsonResponse(200, answer)
    : jsonResponse(500, { ...answer, error: 'the call sweep did not finish; retry' });
}
