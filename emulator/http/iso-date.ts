/** Twilio's v1 and v2 APIs (Sync, Verify) write ISO-8601 in UTC without milliseconds. */
export const isoDate = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
