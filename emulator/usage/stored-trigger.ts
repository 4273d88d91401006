import { rfc2822 } from '../http/rfc2822';
import { usageRecordUri } from './trigger-callback';
import type { TriggerSettings } from './trigger-input';
import { formatValue } from './usage-ledger';

/** A Usage Trigger as the emulator keeps it; `toTriggerResource` turns it into Twilio's JSON. */
export interface StoredTrigger extends TriggerSettings {
  sid: string;
  accountSid: string;
  /** The threshold, resolved at creation (a `+N` value counts from the usage then). */
  triggerValue: number;
  dateCreated: Date;
  dateUpdated: Date;
  dateFired: Date | null;
  /** The recurring periods (period-key.ts) it fired in: it fires at most once in each. */
  firedPeriods: Set<string>;
}

/** The spec's api.v2010.account.usage.usage_trigger; `currentValue` is read live by the caller. */
export function toTriggerResource(t: StoredTrigger, currentValue: number) {
  return {
    account_sid: t.accountSid,
    api_version: '2010-04-01',
    callback_method: t.callbackMethod,
    callback_url: t.callbackUrl,
    current_value: formatValue(currentValue),
    date_created: rfc2822(t.dateCreated),
    date_fired: t.dateFired ? rfc2822(t.dateFired) : null,
    date_updated: rfc2822(t.dateUpdated),
    friendly_name: t.friendlyName,
    recurring: t.recurring,
    sid: t.sid,
    trigger_by: t.triggerBy,
    trigger_value: formatValue(t.triggerValue),
    uri: `/2010-04-01/Accounts/${t.accountSid}/Usage/Triggers/${t.sid}.json`,
    usage_category: t.usageCategory,
    usage_record_uri: usageRecordUri(t.accountSid, t.usageCategory),
  };
}
