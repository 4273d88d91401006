import type { Twilio } from 'twilio';
import { callTwilio, TwilioNotFoundError, TwilioPermanentError } from '../twilio-errors';
import { LIVE_CALL_STATUSES, type LiveCallStatus } from '../gateway-types';
import { requireSid, sidForMessage } from './require-sid';

const MAX_PAGE_SIZE = 1000;
// "Call is not in a valid state": the call ended between listing and updating. *Unverified* code:
// if Twilio uses another one, endCall throws and the caller reports the call as not ended.
const CODE_CALL_NOT_LIVE = 21220;

export function callsGateway(client: Twilio) {
  const calls = (accountSid: string) => client.api.v2010.accounts(accountSid).calls;
  return {
    async listLiveCalls(
      accountSid: string,
      statuses: readonly LiveCallStatus[] = LIVE_CALL_STATUSES,
    ): Promise<string[]> {
      requireSid('AC', accountSid, 'list live calls');
      const lists = await Promise.all(
        statuses.map((status) =>
          callTwilio(`list ${status} calls of ${accountSid}`, () =>
            calls(accountSid).list({ status, pageSize: MAX_PAGE_SIZE }),
          ),
        ),
      );
      // A call that moves from ringing to in-progress between two queries shows up twice.
      return [...new Set(lists.flat().map((call) => call.sid))];
    },

    // Always Status=completed: Twilio hangs up a call in any live state with it, while `canceled`
    // leaves in-progress calls untouched. One request per call, and no race between reading a
    // call's state and acting on it.
    async endCall(accountSid: string, callSid: string): Promise<void> {
      const operation = `end call ${sidForMessage('CA', callSid)} of ${sidForMessage('AC', accountSid)}`;
      requireSid('AC', accountSid, operation);
      requireSid('CA', callSid, operation);
      try {
        await callTwilio(operation, () =>
          calls(accountSid)(callSid).update({ status: 'completed' }),
        );
      } catch (error) {
        if (error instanceof TwilioNotFoundError) return;
        if (error instanceof TwilioPermanentError && error.code === CODE_CALL_NOT_LIVE) return;
        throw error;
      }
    },
  };
}
