// Alerts by SMS, one message per configured recipient, through the Messages API (gateway.sendSms).
import type { SmsMessage } from '../twilio/gateway';
import type { AlertChannel } from './notifier';

const MAX_SMS_BODY = 1600;

/** The recipient as it may appear in logs and the audit trail: its last four digits. */
export const maskedNumber = (number: string): string => `***${number.slice(-4)}`;

export function smsChannels(
  sendSms: (message: SmsMessage) => Promise<unknown>,
  from: string | null,
  to: readonly string[],
): AlertChannel[] {
  if (!from) return [];
  return to.map((recipient) => ({
    name: `sms:${maskedNumber(recipient)}`,
    send: async (text: string) => {
      await sendSms({ from, to: recipient, body: text.slice(0, MAX_SMS_BODY) });
    },
  }));
}
