// Twilio Verify v2, as the admin sign-in uses it: send a one-time code to the admin's phone, then
// check the code the admin typed; or, with a TOTP factor, check the code of the admin's
// authenticator app through a challenge (and enrol that factor once). Verify keeps the codes, their
// expiry and its own limits (5 checks per verification or challenge, a few sends per phone);
// Twilio's answers become plain outcomes here, so the core never sees wire types or error codes.
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

/** A TOTP factor of one Verify entity (the admin's identity) in one Verify service. */
export interface TotpFactorRef {
  serviceSid: string;
  identity: string;
  factorSid: string;
}

/**
 * approved: the authenticator's code is right now. wrong-code: it is not (a new challenge takes the
 * next try). too-many-attempts: Verify's limit (60308). unknown-factor: no such service, entity or
 * factor for these credentials (404). unverified-factor: the factor was never verified (60318).
 */
export type TotpCheckOutcome =
  'approved' | 'wrong-code' | 'too-many-attempts' | 'unknown-factor' | 'unverified-factor';

/** What the authenticator app needs, returned once, when the factor is created (Twilio's binding). */
export interface NewTotpFactor {
  factorSid: string;
  /** Base32. */
  secret: string;
  /** otpauth://totp/…: the QR code / link an authenticator app reads. */
  uri: string;
}

/** verified: the first code was right, the factor can now answer challenges. */
export type TotpEnrolOutcome = 'verified' | 'wrong-code' | 'too-many-attempts';

export interface VerifyGateway {
  startVerification(serviceSid: string, to: string, channel: VerifyChannel): Promise<StartOutcome>;
  checkVerification(serviceSid: string, to: string, code: string): Promise<CheckOutcome>;
  /** One challenge carrying the code; nothing is sent anywhere. */
  checkTotp(factor: TotpFactorRef, code: string): Promise<TotpCheckOutcome>;
  /** A new, unverified TOTP factor; `friendlyName` is the account name the authenticator shows. */
  createTotpFactor(
    serviceSid: string,
    identity: string,
    friendlyName: string,
  ): Promise<NewTotpFactor>;
  verifyTotpFactor(factor: TotpFactorRef, code: string): Promise<TotpEnrolOutcome>;
}

// https://www.twilio.com/docs/api/errors/60202 and /60203
const MAX_CHECK_ATTEMPTS = 60202;
const MAX_SEND_ATTEMPTS = 60203;
// /60308 (a challenge's codes), /60310 (a factor's codes while verifying it), /60318
const MAX_CHALLENGE_ATTEMPTS = 60308;
const MAX_FACTOR_ATTEMPTS = 60310;
const FACTOR_UNVERIFIED = 60318;

const hasCode = (error: unknown, code: number) =>
  error instanceof TwilioError && error.code === code;

// A check answers 200 with the verification's status; only 'pending' means "try another code".
function outcomeOf(status: string): CheckOutcome {
  if (status === 'approved') return 'approved';
  if (status === 'pending') return 'wrong-code';
  if (status === 'max_attempts_reached') return 'too-many-attempts';
  return 'expired'; // expired, canceled, deleted, failed
}

// A challenge created with the code is answered at once: approved, or still pending (since the
// 2021 change a wrong TOTP code is no error). `denied` and `expired` cannot approve either.
const totpOutcomeOf = (status: string): TotpCheckOutcome =>
  status === 'approved' ? 'approved' : 'wrong-code';

export function verifyGateway(client: Twilio): VerifyGateway {
  const service = (sid: string) => client.verify.v2.services(sid);
  const entity = (ref: { serviceSid: string; identity: string }) =>
    service(ref.serviceSid).entities(ref.identity);
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

    async checkTotp(factor, code) {
      try {
        const challenge = await callTwilio('check a TOTP code', () =>
          entity(factor).challenges.create({ factorSid: factor.factorSid, authPayload: code }),
        );
        return totpOutcomeOf(challenge.status);
      } catch (error) {
        if (hasCode(error, MAX_CHALLENGE_ATTEMPTS) || hasCode(error, MAX_FACTOR_ATTEMPTS)) {
          return 'too-many-attempts';
        }
        if (hasCode(error, FACTOR_UNVERIFIED)) return 'unverified-factor';
        if (error instanceof TwilioNotFoundError) return 'unknown-factor';
        throw error;
      }
    },

    async createTotpFactor(serviceSid, identity, friendlyName) {
      const created = await callTwilio('create a TOTP factor', () =>
        entity({ serviceSid, identity }).newFactors.create({ friendlyName, factorType: 'totp' }),
      );
      const binding = (created.binding ?? {}) as { secret?: unknown; uri?: unknown };
      if (typeof binding.secret !== 'string' || typeof binding.uri !== 'string') {
        throw new Error('Verify created the factor without its binding (secret and uri)');
      }
      return { factorSid: created.sid, secret: binding.secret, uri: binding.uri };
    },

    async verifyTotpFactor(factor, code) {
      try {
        const updated = await callTwilio('verify a TOTP factor', () =>
          entity(factor).factors(factor.factorSid).update({ authPayload: code }),
        );
        return updated.status === 'verified' ? 'verified' : 'wrong-code';
      } catch (error) {
        if (hasCode(error, MAX_FACTOR_ATTEMPTS)) return 'too-many-attempts';
        throw error;
      }
    },
  };
}
