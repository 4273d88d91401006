// Twilio SIDs are a two-letter type prefix and 32 hex digits (the OpenAPI spec's patterns accept
// either case). Checking the shape before a request keeps garbage (from a forged webhook, a typo in
// config) from costing a Twilio API call and keeps it out of URL paths.

const SID_BODY = '[0-9a-fA-F]{32}';

export type SidPrefix = 'AC' | 'CA' | 'UT' | 'SM' | 'MM' | 'IS' | 'MP' | 'ES' | 'IT';

const patterns = new Map<string, RegExp>();

/** True when `value` is `prefix` followed by 32 hex digits. */
export function isSid(prefix: SidPrefix, value: unknown): value is string {
  let pattern = patterns.get(prefix);
  if (!pattern) {
    pattern = new RegExp(`^${prefix}${SID_BODY}$`);
    patterns.set(prefix, pattern);
  }
  return typeof value === 'string' && pattern.test(value);
}

export const isAccountSid = (value: unknown): value is string => isSid('AC', value);
export const isCallSid = (value: unknown): value is string => isSid('CA', value);
export const isUsageTriggerSid = (value: unknown): value is string => isSid('UT', value);
/** Messages are SM (SMS) or MM (MMS). */
export const isMessageSid = (value: unknown): value is string =>
  isSid('SM', value) || isSid('MM', value);
/** A Sync service: its SID, or the `default` alias Twilio Functions use. */
export const isSyncServiceSid = (value: unknown): value is string =>
  value === 'default' || isSid('IS', value);
