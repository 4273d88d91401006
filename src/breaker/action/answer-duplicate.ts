// A copy of a delivery another copy has claimed (a Twilio retry, a replay, a concurrent copy).
// Usually nothing to do but say so. One exception: the claim is done but its call sweep did not
// finish (the first copy answered 500 for that reason). Then this copy sweeps again — only the
// sweep: the suspension, its audit event and its alert happened once and are not repeated. The
// sweep is redone only while the account is still suspended: after ops reactivated it, a late copy
// must not hang up the customer's calls.
import type { ClaimResult } from './claim';
import type { Invocation } from '../breaker-deps';
import type { CurrentStatus } from '../decision/current-status';
import { deliveryEvent } from './delivery-event';
import { sweepAgain } from './sweep-again';
import { jsonResponse, type ResponseValue } from '../../runtime/response-value';

type Duplicate = Extract<ClaimResult, { outcome: 'duplicate' }>;

const RETRY_LATER = { 'Retry-After': '10' };

export async function answerDuplicate(
  inv: Invocation,
  claim: Duplicate,
  status: CurrentStatus['status'],
): Promise<ResponseValue> {
  const record = claim.state === 'done' ? claim.record : undefined;
  if (record?.sweep === 'incomplete' && status === 'suspended') {
    return sweepAgain(inv, record.owner, record.action ?? 'suspended');
  }
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
