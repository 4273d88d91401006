// A refused request: answered with our own words, printed as one console line, and counted in the
// next rejected-summary audit event. A summary is written (once its window is due) only by a
// request that cost no Twilio call so far, so garbage never costs more than one call per request.
import { newEventId, type AuditEvent } from '../../audit/audit-event';
import type { SummarisedAudit } from '../../audit/record-with-summaries';
import { jsonResponse, type ResponseValue } from '../../runtime/response-value';
import type { TwilioGateway } from '../../twilio/gateway';
import type { Rejection } from './verify-delivery';

export async function rejectRequest(
  rejection: Rejection,
  deps: SummarisedAudit,
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
  deps.noise.add('rejected', rejection.reason, rejection.accountSid, now);
  if (rejection.twilioCalls === 0) {
    const due = deps.noise.takeDue(now);
    await Promise.all(due.map((summary) => deps.audit.record(summary, gateway, deadline)));
  }
  const headers: Record<string, string> = {};
  if (rejection.status === 405) headers.Allow = 'POST';
  if (rejection.status === 503) headers['Retry-After'] = '10';
  return jsonResponse(
    rejection.status,
    { error: rejection.reason, message: rejection.problem },
    headers,
  );
}
