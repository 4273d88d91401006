import type { Twilio } from 'twilio';
import type { TriggerInstance } from 'twilio/lib/rest/api/v2010/account/usage/trigger';
import type { Recurring, TriggerBy, TriggerRecord, TriggerSpec } from '../gateway-types';
import { callTwilio, TwilioNotFoundError } from '../twilio-errors';
import { requireSid, sidForMessage } from './require-sid';

// Twilio's maximum: one request lists the ~1,000 triggers an account can hold.
const MAX_PAGE_SIZE = 1000;

const toRecord = (t: TriggerInstance): TriggerRecord => ({
  sid: t.sid,
  accountSid: t.accountSid,
  friendlyName: t.friendlyName,
  usageCategory: t.usageCategory,
  triggerBy: t.triggerBy as TriggerBy,
  triggerValue: t.triggerValue,
  recurring: t.recurring as Recurring,
  callbackUrl: t.callbackUrl,
  callbackMethod: t.callbackMethod.toUpperCase() === 'GET' ? 'GET' : 'POST',
  dateFired: isoDate(t.dateFired),
});

/** twilio-node parses date_fired into a Date (Invalid Date or null when Twilio sent none). */
function isoDate(value: Date | null | undefined): string | null {
  return value instanceof Date && Number.isFinite(value.getTime()) ? value.toISOString() : null;
}

export function triggersGateway(client: Twilio) {
  const triggers = (accountSid: string) => client.api.v2010.accounts(accountSid).usage.triggers;
  const where = (accountSid: string, triggerSid?: string) =>
    `${triggerSid ? `trigger ${sidForMessage('UT', triggerSid)} of ` : 'triggers of '}` +
    sidForMessage('AC', accountSid);

  return {
    async listTriggers(accountSid: string): Promise<TriggerRecord[]> {
      const operation = `list ${where(accountSid)}`;
      requireSid('AC', accountSid, operation);
      const list = await callTwilio(operation, () =>
        triggers(accountSid).list({ pageSize: MAX_PAGE_SIZE }),
      );
      return list.map(toRecord);
    },

    async createTrigger(accountSid: string, spec: TriggerSpec): Promise<TriggerRecord> {
      const operation = `create a trigger on ${sidForMessage('AC', accountSid)}`;
      requireSid('AC', accountSid, operation);
      const created = await callTwilio(operation, () =>
        triggers(accountSid).create({
          friendlyName: spec.friendlyName,
          usageCategory: spec.usageCategory,
          triggerBy: spec.triggerBy,
          triggerValue: spec.triggerValue,
          recurring: spec.recurring,
          callbackUrl: spec.callbackUrl,
          callbackMethod: spec.callbackMethod,
        }),
      );
      return toRecord(created);
    },

    async updateTrigger(
      accountSid: string,
      triggerSid: string,
      changes: Pick<TriggerSpec, 'callbackUrl' | 'friendlyName'>,
    ): Promise<TriggerRecord> {
      const operation = `update ${where(accountSid, triggerSid)}`;
      requireSid('AC', accountSid, operation);
      requireSid('UT', triggerSid, operation);
      const updated = await callTwilio(operation, () =>
        triggers(accountSid)(triggerSid).update({
          callbackUrl: changes.callbackUrl,
          // The breaker only takes POSTs: this also repairs a trigger someone set to GET.
          callbackMethod: 'POST',
          friendlyName: changes.friendlyName,
        }),
      );
      return toRecord(updated);
    },

    /** Idempotent: a trigger that is already gone counts as deleted. */
    async deleteTrigger(accountSid: string, triggerSid: string): Promise<void> {
      const operation = `delete ${where(accountSid, triggerSid)}`;
      requireSid('AC', accountSid, operation);
      requireSid('UT', triggerSid, operation);
      try {
        await callTwilio(operation, () => triggers(accountSid)(triggerSid).remove());
      } catch (error) {
        if (!(error instanceof TwilioNotFoundError)) throw error;
      }
    },
  };
}
