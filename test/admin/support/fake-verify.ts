// Twilio Verify as the sign-in core sees it (src/twilio/gateway/verify.ts): one pending code per
// phone, 5 checks per code, approved codes used up. Codes are predictable on purpose.
import type { CheckOutcome, StartOutcome, VerifyGateway } from '../../../src/twilio/gateway';

export function fakeVerify(options: { code?: string; maxSends?: number } = {}) {
  const code = options.code ?? '424242';
  const pending = new Map<string, { code: string; checks: number }>();
  const sent: Array<{ serviceSid: string; to: string; channel: string }> = [];
  const checks: Array<{ to: string; code: string }> = [];
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
  };
  return { gateway, sent, checks, code };
}
