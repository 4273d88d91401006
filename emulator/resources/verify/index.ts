import type { EmulatorDeps, ResourceModule } from '../../types';
import { challengeRoutes } from './challenges';
import { factorRoutes } from './factors';
import { serviceRoutes } from './services';
import { VerifyStore, type VerificationStatus } from './store';
import { base32Decode, totp } from './totp';
import { verificationCheckRoutes } from './verification-checks';
import { verificationRoutes } from './verifications';

/** One code Verify "sent" (the emulator sends nothing): what a user would have received. */
export interface VerifyCodeRecord {
  to: string;
  code: string;
  channel: string;
  /** The Verify Service SID (VA…). */
  service: string;
  accountSid: string;
  verificationSid: string;
  /** The verification's status now: pending, approved, canceled, max_attempts_reached, expired. */
  status: VerificationStatus;
  /** ISO 8601, emulator clock. */
  time: string;
}

export interface VerifyModule extends ResourceModule {
  /** Every code sent so far (a resend repeats the code), oldest first; only those to `to` if given. */
  codes(to?: string): VerifyCodeRecord[];
  /** The TOTP code a TOTP factor's authenticator shows now (emulator clock); undefined if unknown. */
  totpCode(factorSid: string): string | undefined;
}

/**
 * Twilio Verify v2 on host verify.twilio.com: Services, Verifications, Verification Checks, and
 * TOTP Factors and Challenges. Everything belongs to the account whose credentials created it.
 */
export function createVerify(deps: EmulatorDeps): VerifyModule {
  const store = new VerifyStore(deps);
  return {
    routes: [
      ...serviceRoutes(store),
      ...verificationRoutes(store),
      ...verificationCheckRoutes(store),
      ...factorRoutes(store),
      ...challengeRoutes(store),
    ],
    codes: (to) =>
      store.outbox
        .filter((sent) => to === undefined || sent.verification.to === to)
        .map(({ verification: v, channel, time }) => ({
          to: v.to,
          code: v.code,
          channel,
          service: v.serviceSid,
          accountSid: v.accountSid,
          verificationSid: v.sid,
          status: store.statusOf(v),
          time: time.toISOString(),
        })),
    totpCode(factorSid) {
      const factor = store.factors.get(factorSid);
      const key = factor && base32Decode(factor.secret);
      return key && totp(key, deps.now().getTime(), factor.config);
    },
  };
}
