// A delivery that could not be verified because Twilio kept failing to return the account's auth
// token. It is answered 503 (so Twilio may retry) like any refusal, but unlike garbage it may be a
// real trip about to be lost if Twilio does not retry: so it also gets a `failed` audit event and a
// `failed` alert. The request is unauthenticated, so both are throttled per account and overall
// (src/notify/alert-throttle.ts), and nothing of the request is recorded but what is shape-checked:
// the SID (only SID-shaped ones get this far) and the tier named by the URL.
import { newEventId, type AuditEvent } from '../../audit/audit-event';
import type { AuditSink } from '../../audit/audit-sink';
import type { AlertThrottle } from '../../notify/alert-throttle';
import type { Notifier } from '../../notify/notifier';
import type { Clock } from '../../runtime/clock';
import type { TwilioGateway } from '../../twilio/gateway';
import type { Rejection } from './verify-delivery';

export interface UnverifiableDeps {
  audit: AuditSink;
  clock: Clock;
  failureAlerts: AlertThrottle;
}

/** Returns the event written, or null when this rejection is not reported (or held back). */
export async function reportUnverifiable(
  rejection: Rejection,
  deps: UnverifiableDeps,
  notifier: Notifier,
  gateway: TwilioGateway,
  startedAt: number,
  deadline: number,
): Promise<AuditEvent | null> {
  const sid = rejection.accountSid;
  if (rejection.reason !== 'token-unavailable' || !sid) return null;
  if (!deps.failureAlerts.allow(sid, deps.clock.now())) return null;
  const alerts = await notifier.notify(
    {
      kind: 'failed',
      action: 'failed',
      reason: 'token-unavailable',
      accountSid: sid,
      friendlyName: null,
      usageCategory: null,
      triggerBy: null,
      triggerValue: null,
      currentValue: null,
      recurring: null,
    },
    deadline,
  );
  const now = deps.clock.now();
  const event: AuditEvent = {
    id: newEventId(),
    time: new Date(now).toISOString(),
    source: 'breaker',
    action: 'failed',
    reason: 'token-unavailable',
    outcome: 'error',
    durationMs: now - startedAt,
    accountSid: sid,
    tier: rejection.tier ?? null,
    alerts,
    error: "Twilio did not return the account's auth token: the delivery could not be verified",
  };
  await deps.audit.record(event, gateway, deadline);
  return event;
}
