// A refused request: answered with our own words, printed as one console line, and counted in the
// next rejected-summary audit event. The summary is written only by requests that cost no Twilio
// call so far, so garbage never costs more than one call per request.
import { newEventId, type AuditEvent } from '../audit/audit-event';
import { jsonResponse, type ResponseValue } from '../runtime/response-value';
import type { TwilioGateway } from '../twilio/gateway';
import type { BreakerDeps } from './handle-delivery';
import type { Rejection } from './verify-delivery';

export async function rejectRequest(
  rejection: Rejection,
  deps: Pick<BreakerDeps, 'audit' | 'noise' | 'clock'>,
  gateway: TwilioGateway,
  startedAt: number,
  deadline: number,
): Promise<ResponseValue> {
  const now = deps.clock.now();
  const event: AuditEvent = {
    id: newEventId(),
    time: new Date(now).toISOString(),
    source: 'breaker',
    action: 'rejected',
    reason: rejection.reason,
    outcome: 'refused',
    durationMs: now - startedAt,
    accountSid: rejection.accountSid,
  };
  deps.audit.logOnly(event);
  deps.noise.add('rejected', rejection.reason, rejection.accountSid);
  if (rejection.twilioCalls === 0) {
    await Promise.all(
      deps.noise.takeDue(now).map((summary) => deps.audit.record(summary, gateway, deadline)),
    );
  }
  const headers: Record<string, string> = rejection.status === 405 ? { Allow: 'POST' } : {};
  if (rejection.status === 503) headers['Retry-After'] = '10';
  return jsonResponse(
    rejection.status,
    { error: rejection.reason, message: rejection.problem },
    headers,
  );
}
