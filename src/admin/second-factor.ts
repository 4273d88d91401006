// The admin's second factor at the two steps of the sign-in, whichever factor is configured:
//   sms:  the password step has Verify text a code to ADMIN_PHONE; the code step is a verification
//         check (Verify keeps the code 10 minutes and allows 5 checks of it).
//   totp: the password step sends nothing (the code is in the admin's authenticator app); the code
//         step is a Verify challenge carrying the code, approved or not at once. A fresh challenge
//         per code, so a code can never approve a challenge an earlier sign-in left behind.
// One set of outcomes and wordings for the sign-in core (session-endpoint.ts).
import { ConfigError } from '../config/config-error';
import type { VerifyGateway } from '../twilio/gateway';
import type { TwoFactorConfig } from './admin-auth-config';

export type FactorKind = TwoFactorConfig['kind'];

/** code-sent: Verify texted it. code-required: nothing to send, ask for it. */
export type StartResult = 'code-sent' | 'code-required' | 'too-many-sends';

export type CodeResult = 'approved' | 'wrong-code' | 'expired' | 'too-many-attempts';

export async function startSecondFactor(
  factor: TwoFactorConfig,
  verify: () => VerifyGateway,
): Promise<StartResult> {
  if (factor.kind === 'totp') return 'code-required';
  const sent = await verify().startVerification(factor.serviceSid, factor.phone, 'sms');
  return sent.status === 'sent' ? 'code-sent' : 'too-many-sends';
}

const ENROL = 'enrol one with `npm run enrol-totp` (docs/OPERATIONS.md, "Admin sign-in")';

/** A factor Verify does not know, or never verified, is a configuration to fix, not a wrong code. */
function unusableFactor(outcome: 'unknown-factor' | 'unverified-factor'): ConfigError {
  const problem =
    outcome === 'unknown-factor'
      ? `names no TOTP factor of ADMIN_TOTP_IDENTITY in VERIFY_SERVICE_SID (for this account): ${ENROL}`
      : `names a TOTP factor that was never verified with a first code: ${ENROL}`;
  return new ConfigError([{ variable: 'ADMIN_TOTP_FACTOR_SID', problem }]);
}

export async function checkSecondFactor(
  factor: TwoFactorConfig,
  verify: () => VerifyGateway,
  code: string,
): Promise<CodeResult> {
  if (factor.kind === 'sms') {
    return verify().checkVerification(factor.serviceSid, factor.phone, code);
  }
  const { serviceSid, identity, factorSid } = factor;
  const outcome = await verify().checkTotp({ serviceSid, identity, factorSid }, code);
  if (outcome === 'unknown-factor' || outcome === 'unverified-factor') {
    throw unusableFactor(outcome);
  }
  return outcome;
}

/** Verify's code lengths: 4-10 digits by SMS (CodeLength), 3-8 for TOTP (Config.CodeLength). */
export const CODE_FORMAT: Record<FactorKind, RegExp> = {
  sms: /^\d{4,10}$/,
  totp: /^\d{3,8}$/,
};

/** What the person is told, per factor: each says where the code comes from. */
export const FACTOR_TEXT: Record<FactorKind, { format: string; wrong: string; tooMany: string }> = {
  sms: {
    format: 'code: the digits of the text message',
    wrong: 'That code is not right: check the latest text message and try again.',
    tooMany: 'Too many wrong codes: start again for a new one.',
  },
  totp: {
    format: 'code: the digits your authenticator app shows',
    wrong:
      'That code is not right: type the code your authenticator app shows now ' +
      '(it changes every 30 seconds) and try again.',
    tooMany: 'Too many wrong codes: wait a few minutes, then sign in again.',
  },
};
