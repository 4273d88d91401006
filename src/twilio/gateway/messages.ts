import type { Twilio } from 'twilio';
import type { SmsMessage } from '../gateway-types';
import { callTwilio } from '../twilio-errors';

export function messagesGateway(client: Twilio) {
  return {
    /** Resolves once Twilio has accepted (queued) the message; delivery is not awaited. */
    async sendSms(message: SmsMessage): Promise<void> {
      await callTwilio('send an SMS alert', () =>
        client.messages.create({ to: message.to, from: message.from, body: message.body }),
      );
    },
  };
}
