// Builds the audit event and the alert of a verified delivery, so the orchestrator only decides
// the order of things. Only shape-checked values and our own words go in.
import { newEventId, safeFriendlyName, type AuditEvent } from '../../audit/audit-event';
import type { Alert } from '../../notify/format-alert';
import type { AlertKind } from '../../domain/alert-kind';
import type { Delivery } from '../delivery/parse-delivery';

export interface DeliveryFacts {
  delivery: Delivery;
  deliveryKey: string;
  friendlyName: string | null;
  degraded: string[];
  startedAt: number;
}

export function deliveryEvent(
  facts: DeliveryFacts,
  now: number,
  fields: Pick<AuditEvent, 'action' | 'reason' | 'outcome'> & Partial<AuditEvent>,
): AuditEvent {
  const { delivery } = facts;
  return {
    id: newEventId(),
    time: new Date(now).toISOString(),
    source: 'breaker',
    durationMs: now - facts.startedAt,
    accountSid: delivery.accountSid,
    friendlyName: safeFriendlyName(facts.friendlyName),
    triggerSid: delivery.usageTriggerSid,
    usageCategory: delivery.usageCategory,
    triggerValue: delivery.triggerValue,
    currentValue: delivery.currentValue,
    tier: delivery.tier,
    dateFired: delivery.dateFired,
    deliveryKey: facts.deliveryKey,
    idempotencyToken: delivery.idempotencyToken,
    ...(facts.degraded.length > 0 ? { degraded: facts.degraded } : {}),
    ...fields,
  };
}

export function deliveryAlert(
  facts: DeliveryFacts,
  kind: AlertKind,
  action: string,
  reason: string,
  error?: string,
): Alert {
  const { delivery } = facts;
  return {
    kind,
    action,
    reason,
    accountSid: delivery.accountSid,
    friendlyName: safeFriendlyName(facts.friendlyName),
    usageCategory: delivery.usageCategory,
    triggerBy: delivery.triggerBy,
    triggerValue: delivery.triggerValue,
    currentValue: delivery.currentValue,
    recurring: delivery.recurring,
    ...(error ? { error } : {}),
  };
}
