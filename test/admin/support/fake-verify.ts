// Twilio Verify as the sign-in core sees it (src/twilio/gateway/verify.ts): one pending code per
// phone, 5 checks per code, approved codes used up; and TOTP factors whose authenticator shows
// `totpCode`, with a limit of wrong codes after which Verify answers 60308. Codes are predictable
// on purpose.
import type {
  CheckOutcome,
  StartOutcome,
  TotpCheckOutcome,
  VerifyGateway,
} from '../../../src/twilio/gateway';

export const FACTOR_SID = 'YF' + 'f'.repeat(32);
export const TOTP_IDENTITY = 'fake-admin-identity-0001';

export function fakeVerify(
  options: {
    code?: string;
    maxSends?: number;
    totpCode?: string;
    /** Wrong TOTP codes before Verify refuses with 60308 (too-many-attempts). */
    maxTotpFailures?: number;
    /** 'unverified': the factor exists but was never verified (60318). */
    factor?: 'verified' | 'unverified' | 'missing';
  } = {},
) {
  const code = options.code ?? '424242';
  const totpCode = options.totpCode ?? '135790';
  const pending = new Map<string, { code: string; checks: number }>();
  const sent: Array<{ serviceSid: string; to: string; channel: string }> = [];
  const checks: Array<{ to: string; code: string }> = [];
  const challenges: Array<{
    serviceSid: string;
    identity: string;
    factorSid: string;
    code: string;
  }> = [];
  let totpFailures = 0;
  const gateway: VerifyGateway = {
    async startVerification(serviceSid, to, channel): Promise<StartOutcome> {
      if (sent.length >= (options.maxSends ?? 5)) return { status: 'too-many-sends' };
      sent.push({ serviceSid, to, channel });
      pending.set(to, { code, checks: 0 });
      return { status: 'sent', sid: `VE${String(sent.length).padStart(32, '0')}` };
    },
    async checkVerification(_serviceSid, to, given): Promise<CheckOutcome> {
      checks.push({ to, code: given });
      const verification = pending.get(to);
      if (!verification) return 'expired';
      if (verification.checks >= 5) return 'too-many-attempts';
      verification.checks += 1;
      if (given !== verification.code) return 'wrong-code';
      pending.delete(to);
      return 'approved';
    },
    async checkTotp(factor, given): Promise<TotpCheckOutcome> {
      challenges.push({ ...factor, code: given });
      const state = options.factor ?? 'verified';
      if (state === 'missing' || factor.factorSid !== FACTOR_SID) return 'unknown-factor';
      if (state === 'unverified') return 'unverified-factor';
      if (totpFailures >= (options.maxTotpFailures ?? Infinity)) return 'too-many-attempts';
      if (given === totpCode) return 'approved';
      totpFailures += 1;
      return 'wrong-code';
    },
    async createTotpFactor() {
      throw new Error('the sign-in never creates factors');
    },
    async verifyTotpFactor() {
      throw new Error('the sign-in never verifies factors');
    },
  };
  return { gateway, sent, checks, challenges, code, totpCode };
}
