// The breaker: one Usage Trigger delivery in, one response value out.
//
// Order of work, chosen so the suspension happens as early as possible (≤ 2 sequential Twilio round
// trips with a warm token cache, ≤ 3 cold) and nothing is left running when we answer:
//   verify (cold: fetch the account's token) → [claim ∥ current status ∥ reactivation] → suspend
//   → [end live calls ∥ alerts ∥ drain kept audit events] → [audit event ∥ mark the claim done].
import type { TwilioGateway } from '../twilio/gateway';
import type { Clock } from '../runtime/clock';
import { jsonResponse, type ResponseValue } from '../runtime/response-value';
import type { RuntimeRequest } from '../runtime/runtime-request';
import type { BreakerConfig } from '../config/load-config';
import type { AuditAction } from '../audit/audit-event';
import type { AuditSink } from '../audit/audit-sink';
import type { NoiseSummary } from '../audit/noise-summary';
import { createNotifier, type AlertChannel } from '../notify/notifier';
import type { AccountTokenCache } from './account-token-cache';
import type { Claims } from './claim';
import { currentStatus } from './current-status';
import { decide, type Decision } from './decide';
import { deliveryKey } from './delivery-key';
import { deliveryAlert, deliveryEvent, describeError, type DeliveryFacts } from './delivery-event';
import { reactivatedAtMs, readReactivation } from './reactivations';
import { recordWithSummaries, rejectRequest } from './reject-request';
import { retryingGateway } from './retrying-gateway';
import { settleBy } from './settle-by';
import { endLiveCalls, suspendAccount } from './suspend';
import { verifyDelivery } from './verify-delivery';

export interface BreakerTiming {
  /** Reads before the suspension (claim, status, reactivation) stop retrying after this. */
  readsMs: number;
  /** After the suspension, each call (sweep, alert, audit write) retries for at most this long. */
  followUpCallMs: number;
  /** A duplicate waits this long for the copy that holds the claim. */
  claimWaitMs: number;
  /** The suspension is retried until this. */
  suspendMs: number;
  /** Everything is done (or abandoned) by this; Functions kill an invocation at 10 s. */
  budgetMs: number;
}

export const DEFAULT_TIMING: BreakerTiming = {
  readsMs: 1500,
  followUpCallMs: 1500,
  claimWaitMs: 4000,
  suspendMs: 6500,
  budgetMs: 9000,
};

export interface BreakerDeps {
  config: BreakerConfig;
  /** Without retries: each step adds its own, bounded by its deadline. */
  gateway: TwilioGateway;
  clock: Clock;
  tokens: AccountTokenCache;
  claims: Claims;
  audit: AuditSink;
  noise: NoiseSummary;
  alertChannels: (gateway: TwilioGateway) => AlertChannel[];
  timing?: Partial<BreakerTiming>;
  random?: () => number;
}

const AUDIT_ACTION: Record<Decision['action'], AuditAction> = {
  suspend: 'suspended',
  'would-suspend': 'would-suspend',
  alert: 'alerted',
  'already-suspended': 'already-suspended',
  skip: 'skipped',
};

export async function handleDelivery(
  request: RuntimeRequest,
  deps: BreakerDeps,
): Promise<ResponseValue> {
  const { clock, config, claims, audit } = deps;
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
  if (!verification.ok) return rejectRequest(verification.rejection, deps, later, start, deadline);
  const { delivery, signer } = verification;
  const sid = delivery.accountSid;
  const key = deliveryKey(delivery);

  const [claim, account, reactivation] = await Promise.all([
    claims.claim(key, reads, start + timing.claimWaitMs),
    currentStatus(signer, reads, deps.tokens, () => clock.now()),
    signer.kind === 'main'
      ? { known: true, at: null }
      : readReactivation(reads, sid).then(
          (found) => ({ known: true, at: reactivatedAtMs(found) }),
          () => ({ known: false, at: null }),
        ),
  ]);
  const facts: DeliveryFacts = {
    delivery,
    deliveryKey: key,
    friendlyName: account.friendlyName,
    startedAt: start,
    degraded: [
      ...(account.status === 'unknown' ? ['status-unknown'] : []),
      ...(reactivation.known ? [] : ['reactivation-unknown']),
      ...(claim.outcome === 'unavailable' ? ['claim-unavailable'] : []),
    ],
  };

  if (claim.outcome === 'duplicate') {
    audit.logOnly(
      deliveryEvent(facts, clock.now(), {
        action: 'duplicate',
        reason: claim.state,
        outcome: 'ok',
      }),
    );
    deps.noise.add('duplicate', claim.state, sid);
    return claim.state === 'done'
      ? jsonResponse(200, { action: 'duplicate' })
      : jsonResponse(503, { action: 'duplicate', state: 'in-progress' }, { 'Retry-After': '10' });
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
  const notifier = createNotifier(deps.alertChannels(later), clock);
  const drained = audit.drain(later, deadline);
  let action = AUDIT_ACTION[decision.action];
  let reason: string = decision.reason;
  let suspendedAfterMs: number | undefined;

  if (decision.action === 'suspend') {
    const suspension = await suspendAccount(deps.gateway, sid, {
      ...retry,
      deadlineAt: start + timing.suspendMs,
    });
    if (suspension.status === 'failed') {
      const error = describeError(suspension.error);
      const [alerts] = await Promise.all([
        notifier.notify(
          deliveryAlert(facts, 'failed', 'failed', 'suspend-failed', error),
          deadline,
        ),
        claims.release(key, claim, later),
        drained,
      ]);
      const event = deliveryEvent(facts, clock.now(), {
        action: 'failed',
        reason: 'suspend-failed',
        outcome: 'error',
        error,
        alerts,
      });
      await recordWithSummaries(event, deps, later, deadline);
      return jsonResponse(500, { action: 'failed', error: 'the suspension failed; retry' });
    }
    suspendedAfterMs = clock.now() - start;
    if (suspension.status === 'suspended-by-twilio') {
      action = 'already-suspended';
      reason = 'suspended-by-twilio';
    }
  }

  const suspended = action === 'suspended';
  const alert = action === 'already-suspended' ? null : decision.alert;
  const [sweep, alerts] = await Promise.all([
    suspended ? settleBy(endLiveCalls(later, sid), deadline, clock) : null,
    alert ? notifier.notify(deliveryAlert(facts, alert, action, reason), deadline) : undefined,
    drained,
  ]);
  const calls = sweep?.status === 'done' ? sweep.value : null;
  const followUpFailed =
    (sweep !== null && (calls === null || calls.failed > 0)) ||
    Object.values(alerts ?? {}).some((result) => result !== 'sent');
  const event = deliveryEvent(facts, clock.now(), {
    action,
    reason,
    outcome: followUpFailed ? 'partial' : 'ok',
    ...(suspendedAfterMs !== undefined ? { suspendedAfterMs } : {}),
    ...(suspended ? { calls } : {}),
    ...(alerts ? { alerts } : {}),
  });
  await Promise.all([
    recordWithSummaries(event, deps, later, deadline),
    claims.complete(key, claim.owner, later, action),
  ]);
  return jsonResponse(200, { action, reason, eventId: event.id });
}
