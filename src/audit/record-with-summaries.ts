// Recording an event together with the noise summaries that are due, so a burst of deliveries
// adds at most one write of summaries per window per instance, however many copies come.
import type { Clock } from '../runtime/clock';
import type { TwilioGateway } from '../twilio/gateway';
import type { AuditEvent } from './audit-event';
import type { AuditSink } from './audit-sink';
import type { NoiseSummary } from './noise-summary';

export interface SummarisedAudit {
  audit: AuditSink;
  noise: NoiseSummary;
  clock: Clock;
}

/**
 * Records the event, plus the noise summaries if their window is due: at most one write of them
 * per window per instance, however many deliveries come (a burst of copies must not flood the list).
 */
export async function recordWithSummaries(
  event: AuditEvent,
  deps: SummarisedAudit,
  gateway: TwilioGateway,
  deadline: number,
): Promise<void> {
  const events = [event, ...deps.noise.takeDue(deps.clock.now())];
  await Promise.all(events.map((e) => deps.audit.record(e, gateway, deadline)));
}
