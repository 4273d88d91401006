// A copy of a delivery another copy has claimed (a Twilio retry, a replay, a concurrent copy).
// Usually nothing to do but say so. One exception: the claim is done but its call sweep did not
// finish (the first copy answered 500 for that reason). Then this copy sweeps again — only the
// sweep: the suspension, its audit event and its alert happened once and are not repeated. The
// sweep is redone only while the account is still suspended: after ops reactivated it, a late copy
// must not hang up the customer's calls.
import type { ClaimRecord, ClaimResult } from './claim';
import type { Invocation } from './breaker-deps';
import type { CurrentStatus } from './current-status';
import { deliveryEvent } from './delivery-event';
import { recordWithSummaries } from './reject-request';
import { settleBy } from './settle-by';
import { sweepLiveCalls } from './sweep-calls';
import { jsonResponse, type ResponseValue } from '../runtime/response-value';

type Duplicate = Extract<ClaimResult, { outcome: 'duplicate' }>;

const RETRY_LATER = { 'Retry-After': '10' };

export async function answerDuplicate(
  inv: Invocation,
  claim: Duplicate,
  status: CurrentStatus['status'],
): Promise<ResponseValue> {
  const record = claim.state === 'done' ? claim.record : undefined;
  if (record?.sweep === 'incomplete' && status === 'suspended') return sweepAgain(inv, record);
  // Unknown status: whether the sweep is still ours to finish cannot be told; ask for a retry.
  const waiting =
    claim.state === 'in-progress' || (record?.sweep === 'incomplete' && status === 'unknown');
  const reason = claim.state === 'in-progress' ? 'in-progress' : waiting ? 'sweep-pending' : 'done';
  const { deps, facts } = inv;
  const now = deps.clock.now();
  deps.audit.logOnly(deliveryEvent(facts, now, { action: 'duplicate', reason, outcome: 'ok' }));
  deps.noise.add('duplicate', reason, facts.delivery.accountSid, now);
  // Noise pays for its own summaries, at most once per window per instance (noise-summary.ts).
  await Promise.all(
    deps.noise.takeDue(now).map((summary) => deps.audit.record(summary, inv.later, inv.deadline)),
  );
  return waiting
    ? jsonResponse(503, { action: 'duplicate', state: reason }, RETRY_LATER)
    : jsonResponse(200, { action: 'duplicate' });
}

async function sweepAgain(inv: Invocation, record: ClaimRecord): Promise<ResponseValue> {
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
    record.owner,
    later,
    record.action ?? 'suspended',
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
