// The breaker: one Usage Trigger delivery in, one response value out.
//
// Order of work, chosen so the suspension happens as early as possible (≤ 2 sequential Twilio round
// trips with a warm token cache, ≤ 3 cold) and nothing is left running when we answer:
//   verify (cold: fetch the account's token) → [claim ∥ current status ∥ reactivation] → decide
//   (a readable delivery's day mark, delivery-key.ts, goes out with the claim)
//   → the claim holder carries it out (carry-out.ts); a copy answers as a duplicate
//   (answer-duplicate.ts), and finishes an interrupted call sweep.
import { createNotifier } from '../notify/notifier';
import type { ResponseValue } from '../runtime/response-value';
import type { RuntimeRequest } from '../runtime/runtime-request';
import { answerDuplicate } from './action/answer-duplicate';
import { DEFAULT_TIMING, type BreakerDeps, type Invocation } from './breaker-deps';
import { carryOut } from './action/carry-out';
import { currentStatus } from './decision/current-status';
import { decide } from './decision/decide';
import { deliveryKey } from './delivery/delivery-key';
import { reactivatedAtMs, readReactivation } from './decision/reactivations';
import { rejectRequest } from './delivery/reject-request';
import { reportUnverifiable } from './delivery/report-unverifiable';
import { retryingGateway } from '../retry/retrying-gateway';
import { verifyDelivery } from './delivery/verify-delivery';
import { rethrowUnlessTwilio } from '../twilio/twilio-errors';

export { DEFAULT_TIMING, type BreakerDeps, type BreakerTiming } from './breaker-deps';

export async function handleDelivery(
  request: RuntimeRequest,
  deps: BreakerDeps,
): Promise<ResponseValue> {
  const { clock, config } = deps;
  const timing = { ...DEFAULT_TIMING, ...deps.timing };
  const start = clock.now();
  const deadline = start + timing.budgetMs;
  const retry = { clock, random: deps.random };
  const reads = retryingGateway(deps.gateway, { ...retry, deadlineAt: start + timing.readsMs });
  const later = retryingGateway(
    deps.gateway,
    { ...retry, deadlineAt: deadline },
    timing.followUpCallMs,
  );

  const verification = await verifyDelivery(request, deps.tokens, start);
  if (!verification.ok) {
    const { rejection } = verification;
    const notifier = createNotifier(deps.alertChannels(later), clock);
    await reportUnverifiable(rejection, deps, notifier, later, start, deadline);
    return rejectRequest(rejection, deps, later, start, deadline);
  }
  const { delivery, signer } = verification;
  const sid = delivery.accountSid;
  const { key, marks } = deliveryKey(delivery, start);
  if (delivery.firedAt === null) warnUnreadableDate(deps, sid, delivery.dateFired);
  // Sent with the claim, so it is in Sync as early as the claim; awaited only before answering, so
  // it never delays the suspension. Twilio's failures are a `false`; a bug rejects, and is held
  // (not an unhandled rejection meanwhile) until that await surfaces it.
  const marked = marks ? deps.claims.mark(marks, reads) : Promise.resolve(true);
  marked.catch(() => undefined);

  const [claim, account, reactivation] = await Promise.all([
    deps.claims.claim(key, reads, start + timing.claimWaitMs),
    currentStatus(signer, reads, deps.tokens, () => clock.now()),
    signer.kind === 'main'
      ? { known: true, at: null }
      : readReactivation(reads, sid).then(
          (found) => ({ known: true, at: reactivatedAtMs(found) }),
          (error: unknown) => {
            rethrowUnlessTwilio(error);
            return { known: false, at: null };
          },
        ),
  ]);
  const inv: Invocation = {
    deps,
    timing,
    start,
    deadline,
    later,
    retry,
    key,
    facts: {
      delivery,
      deliveryKey: key,
      friendlyName: account.friendlyName,
      startedAt: start,
      degraded: [
        ...(delivery.firedAt === null ? ['date-fired-unreadable'] : []),
        ...(account.status === 'unknown' ? ['status-unknown'] : []),
        ...(reactivation.known ? [] : ['reactivation-unknown']),
        ...(claim.outcome === 'unavailable' ? ['claim-unavailable'] : []),
      ],
    },
  };
  if (claim.outcome === 'duplicate') {
    const [answer] = await Promise.all([answerDuplicate(inv, claim, account.status), marked]);
    return answer;
  }

  const decision = decide({
    tier: delivery.tier,
    isMainAccount: signer.kind === 'main',
    allowListed: config.allowList.includes(sid),
    dryRun: config.dryRun,
    accountStatus: account.status,
    firedAt: delivery.firedAt,
    reactivatedAt: reactivation.at,
  });
  const [answer] = await Promise.all([carryOut(inv, decision, claim), marked]);
  return answer;
}

/**
 * Loud, because it means Twilio writes DateFired in a form date-fired.ts does not know: every
 * delivery is then acted on with a weaker identity (one action per trigger per day) and without the
 * reactivation rule. Printed before the audit line, which stays the invocation's last.
 */
function warnUnreadableDate(deps: BreakerDeps, accountSid: string, dateFired: string) {
  deps.log(
    JSON.stringify({
      breaker: 'warning',
      problem: 'date-fired-unreadable',
      accountSid,
      dateFired,
      message:
        'DateFired is in a form the breaker does not read; acted on anyway (one action per trigger ' +
        'per day, reactivations not honoured). Add the form to src/breaker/delivery/date-fired.ts.',
    }),
  );
}
