import { rfc2822 } from '../http/rfc2822';
import { formatValue, type TriggerBy } from './usage-ledger';
import type { Recurring } from './period-key';

export interface FiredTrigger {
  sid: string;
  accountSid: string;
  recurring: Recurring;
  usageCategory: string;
  triggerBy: TriggerBy;
  triggerValue: number;
}

export function usageRecordUri(accountSid: string, category: string): string {
  return `/2010-04-01/Accounts/${accountSid}/Usage/Records.json?Category=${encodeURIComponent(category)}`;
}

/**
 * The form parameters a Usage Trigger callback carries. Names as seen in independent production
 * handlers (Twilio's reference page documents the resource, not this payload); dates RFC 2822 like
 * the resource's date_fired; values as decimal strings like trigger_value/current_value.
 * IdempotencyToken is opaque to receivers; here it is unique per trigger and recurring period,
 * which is exactly what may fire once.
 */
export function triggerCallbackParams(
  trigger: FiredTrigger,
  currentValue: number,
  firedAt: Date,
  period: string,
): Record<string, string> {
  return {
    AccountSid: trigger.accountSid,
    UsageTriggerSid: trigger.sid,
    DateFired: rfc2822(firedAt),
    Recurring: trigger.recurring,
    UsageCategory: trigger.usageCategory,
    TriggerBy: trigger.triggerBy,
    TriggerValue: formatValue(trigger.triggerValue),
    CurrentValue: formatValue(currentValue),
    UsageRecordUri: usageRecordUri(trigger.accountSid, trigger.usageCategory),
    IdempotencyToken: `${trigger.sid}-${period.replace(':', '-')}`,
  };
}
