// A verified delivery that Twilio's rate limit kept from being carried out in time: its reads, or
// its suspension, never got a turn at the account's cap before the suspension's deadline (or got
// only 429s). Nothing failed — there was more work than the cap lets through — so it gets no alert
// and no `failed` event: it gives up any claim it took (so that Twilio's next copy does the work),
// prints its line, counts in the rejected summary as `overloaded`, and is answered 503 for Twilio to
// send it again. (docs/BREAKER.md, "At Twilio's cap", says what this costs if Twilio never does.)
import type { ResponseValue } from '../../runtime/response-value';
import type { Invocation } from '../breaker-deps';
import { rejectRequest } from '../delivery/reject-request';
import type { ClaimResult } from './claim';

export async function deferUnderLoad(
  inv: Invocation,
  claim: ClaimResult | null,
): Promise<ResponseValue> {
  const { deps, facts } = inv;
  if (claim && claim.outcome !== 'duplicate') {
    await deps.claims.release(inv.key, claim, inv.bookkeeping);
  }
  const rejection = {
    reason: 'overloaded' as const,
    status: 503,
    problem: 'Twilio is too busy to act on this delivery now; retry',
    accountSid: facts.delivery.accountSid,
    // Not 0: a delivery that already spent Twilio calls never pays for a summary write.
    twilioCalls: 1,
    tier: facts.delivery.tier,
  };
  return rejectRequest(rejection, deps, inv.recording, inv.start, inv.deadline);
}
