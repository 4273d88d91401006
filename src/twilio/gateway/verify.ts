// Twilio Verify v2, as the admin sign-in uses it: send a one-time code to the admin's phone, then
// check the code the admin typed. Verify keeps the code, its expiry (10 minutes) and its own limits
// (5 checks per verification, a few sends per phone); Twilio's answers become plain outcomes here,
// so the core never sees wire types or error codes.
import type { Twilio } from 'twilio';
import { callTwilio, TwilioError, TwilioNotFoundError } from '../twilio-errors';

export type VerifyChannel = 'sms';

export type StartOutcome = { status: 'sent'; sid: string } | { status: 'too-many-sends' };

/**
 * approved: the code is right (the verification is used up). wrong-code: not this code; the same
 * verification takes up to 4 more tries. expired: no pending verification for this number (it
 * expired, was approved already, or never existed). too-many-attempts: Verify locked it.
 */
export type CheckOutcome = 'approved' | 'wrong-code' | 'expired' | 'too-many-attempts';

export interface VerifyGateway {
  startVerification(serviceSid: string, to: string, channel: VerifyChannel): Promise<StartOutcome>;
  checkVerification(serviceSid: string, to: string, code: string): Promise<CheckOutcome>;
}

// https://www.twilio.com/docs/api/errors/60202 and /60203
const MAX_CHECK_ATTEMPTS = 60202;
const MAX_SEND_ATTEMPTS = 60203;

const hasCode = (error: unknown, code: number) =>
  error instanceof TwilioError && error.code === code;

// A check answers 200 with the verification's status; only 'pending' means "try another code".
function outcomeOf(status: string): CheckOutcome {
  if (status === 'approved') return 'approved';
  if (status === 'pending') return 'wrong-code';
  if (status === 'max_attempts_reached') return 'too-many-attempts';
  return 'expired'; // expired, canceled, deleted, failed
}

export function verifyGateway(client: Twilio): VerifyGateway {
  const service = (sid: string) => client.verify.v2.services(sid);
  return {
    async startVerification(serviceSid, to, channel) {
      try {
        const verification = await callTwilio('start a Verify verification', () =>
          service(serviceSid).verifications.create({ to, channel }),
        );
        return { status: 'sent', sid: verification.sid };
      } catch (error) {
        if (hasCode(error, MAX_SEND_ATTEMPTS)) return { status: 'too-many-sends' };
        throw error;
      }
    },

    async checkVerification(serviceSid, to, code) {
      try {
        const check = await callTwilio('check a Verify code', () =>
          service(serviceSid).verificationChecks.create({ to, code }),
        );
        return outcomeOf(check.status);
      } catch (error) {
        if (hasCode(error, MAX_CHECK_ATTEMPTS)) return 'too-many-attempts';
        if (error instanceof TwilioNotFoundError) return 'expired';
        throw error;
      }
    },
  };
}
