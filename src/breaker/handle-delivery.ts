// The breaker: one Usage Trigger delivery in, one response value out.
//
// Order of work, chosen so the suspension happens as early as possible (≤ 2 sequential Twilio round
// trips with a warm token cache, ≤ 3 cold) and nothing is left running when we answer:
//   verify (cold: fetch the account's token, which carries its status) → [claim ∥ current status
//   (warm only) ∥ reactivation (only when it can matter)] → decide
//   (a readable delivery's day mark, delivery-key.ts, goes out with the claim, as a follow-up)
//   → the claim holder carries it out (carry-out.ts); a copy answers as a duplicate
//   (answer-duplicate.ts), and finishes an interrupted call sweep.
// At Twilio's cap, the requests queue by lane (request-lanes.ts): suspensions, then the reads that
// lead to them, then call sweeps and claim bookkeeping, then alerts, then audit writes.
import type { ResponseValue } from '../runtime/response-value';
import type { RuntimeRequest } from '../runtime/runtime-request';
import { answerDuplicate } from './action/answer-duplicate';
import { DEFAULT_TIMING, type BreakerDeps, type Invocation } from './breaker-deps';
import { carryOut } from './action/carry-out';
import { currentStatus, type CurrentStatus } from './decision/current-status';
import { decide } from './decision/decide';
import { deliveryKey } from './delivery/delivery-key';
import { reactivatedAtMs, readReactivation } from './decision/reactivations';
import { reactivationMatters } from './decision/reactivation-matters';
import { rejectRequest } from './delivery/reject-request';
import { reportUnverifiable } from './delivery/report-unverifiable';
import { retryingGateway } from '../retry/retrying-gateway';
import type { Lane } from './request-lanes';
import { verifyDelivery } from './delivery/verify-delivery';
import { deferUnderLoad } from './action/defer-under-load';
import { OutOfTimeError } from '../retry/out-of-time';
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
  const suspendBy = start + timing.suspendMs;
  const sweepBy = deadline - timing.sweepReserveMs;
  const lane = deps.requestLanes.open();
  // A read is retried until readsMs; waiting for a slot behind other deliveries' reads it may start
  // later, but never after the suspension's deadline, when it could no longer lead to one.
  const readsIn = (name: Lane) =>
    retryingGateway(lane(name, suspendBy), { ...retry, deadlineAt: start + timing.readsMs });
  const afterwards = (name: Lane) =>
    retryingGateway(
      lane(name, deadline),
      { ...retry, deadlineAt: deadline },
      timing.followUpCallMs,
    );
  const alerting = afterwards('alert');
  const recording = afterwards('record');
  const bookkeeping = afterwards('finish');
  const lanes = { suspend: lane('suspend', suspendBy), sweep: lane('finish', sweepBy) };

  const verification = await verifyDelivery(request, deps.tokens, start);
  if (!verification.ok) {
    const { rejection } = verification;
    const notifier = deps.notifier(alerting);
    await reportUnverifiable(rejection, deps, notifier, recording, start, deadline);
    return rejectRequest(rejection, deps, recording, start, deadline);
  }
  const { delivery, signer } = verification;
  const sid = delivery.accountSid;
  const { key, marks } = deliveryKey(delivery, start);
  if (delivery.firedAt === null) warnUnreadableDate(deps, sid, delivery.dateFired);
  // Sent with the claim, so it is in Sync as early as the claim; awaited only before answering, so
  // it never delays the suspension. It throws only for a bug in our code, surfaced then (settleWith);
  // until that moment its rejection must not count as unhandled.
  const marked = marks ? deps.claims.mark(marks, recording) : Promise.resolve(true);
  marked.catch(() => undefined);

  // What this instance already knows of the claim spares reads: a delivery finished here needs none
  // (its answer is "duplicate"), and a copy back only to finish a sweep needs no reactivation and
  // waits behind the reads of copies that can still lead to a suspension.
  const known = deps.claims.known(key);
  const reads = readsIn(known === 'sweep-incomplete' ? 'finish' : 'reads');
  const question = {
    tier: delivery.tier,
    isMainAccount: signer.kind === 'main',
    allowListed: config.allowList.includes(sid),
    firedAt: delivery.firedAt,
  };
  const cachedName = signer.kind === 'main' ? null : signer.account.friendlyName;
  const status: Promise<CurrentStatus | null> =
    known === 'done'
      ? Promise.resolve(null)
      : currentStatus(signer, reads, deps.tokens, () => clock.now());
  const reactivationRead = () =>
    readReactivation(reads, sid).then(
      (found) => ({ known: true, at: reactivatedAtMs(found) }),
      (error: unknown) => {
        if (error instanceof OutOfTimeError) throw error;
        rethrowUnlessTwilio(error);
        return { known: false, at: null };
      },
    );
  const notNeeded = { known: true, at: null };
  // Read alongside the claim when the account as last seen says it may matter (always when Twilio
  // gives no date_updated); otherwise only once the status just read says so (reactivation-matters.ts).
  const lastSeen = signer.kind === 'main' ? { status: 'active' as const } : signer.account;
  const reactivation =
    known === undefined && reactivationMatters({ ...question, account: lastSeen })
      ? reactivationRead()
      : status.then((now) =>
          now && reactivationMatters({ ...question, account: now })
            ? reactivationRead()
            : notNeeded,
        );

  const [claimed, read, readReactivated] = await Promise.allSettled([
    deps.claims.claim(key, reads, start + timing.claimWaitMs),
    status,
    reactivation,
  ]);
  const claim = claimed.status === 'fulfilled' ? claimed.value : null;
  const account = read.status === 'fulfilled' ? read.value : null;
  const reactivated =
    readReactivated.status === 'fulfilled' ? readReactivated.value : { known: true, at: null };
  const inv: Invocation = {
    deps,
    timing,
    start,
    deadline,
    alerting,
    recording,
    lanes,
    bookkeeping,
    retry,
    key,
    facts: {
      delivery,
      deliveryKey: key,
      friendlyName: account ? account.friendlyName : cachedName,
      accountStatus: account?.status ?? 'unknown',
      reactivatedAt: reactivated.at,
      startedAt: start,
      degraded: [
        ...(delivery.firedAt === null ? ['date-fired-unreadable'] : []),
        ...(account?.status === 'unknown' ? ['status-unknown'] : []),
        ...(reactivated.known ? [] : ['reactivation-unknown']),
        ...(claim?.outcome === 'unavailable' ? ['claim-unavailable'] : []),
      ],
    },
  };
  // Each read throws only when it never got its turn at Twilio's cap in time (OutOfTimeError): too
  // late to suspend now, so the delivery goes back to Twilio.
  const failures = [claimed, read, readReactivated].flatMap((r) =>
    r.status === 'rejected' ? [r.reason as unknown] : [],
  );
  if (failures.length > 0 || !claim) {
    if (failures.every((error) => error instanceof OutOfTimeError)) {
      return settleWith(deferUnderLoad(inv, claim), marked);
    }
    throw failures[0];
  }
  if (claim.outcome === 'duplicate') {
    return settleWith(answerDuplicate(inv, claim, account?.status ?? 'unknown'), marked);
  }

  const decision = decide({
    ...question,
    dryRun: config.dryRun,
    accountStatus: account?.status ?? 'unknown',
    reactivatedAt: reactivated.at,
  });
  return settleWith(carryOut(inv, decision, claim), marked);
}

/** The answer, once the day mark sent beside the claim has settled too (nothing left pending). */
async function settleWith(answer: Promise<ResponseValue>, marked: Promise<boolean>) {
  const [value] = await Promise.all([answer, marked]);
  return value;
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
