// The sandbox's two-factor sign-in against the emulator: a Verify service there, the admin phone
// (SMS) or a TOTP factor enrolled as `npm run enrol-totp` would, and a session secret. Answers the
// env to add and the banner's lines.
import twilio from 'twilio';
import type { Emulator } from '../emulator';
import { createVerifyGateway, type VerifyGateway } from '../src/twilio/gateway';
import { twilioHttpClient } from '../src/twilio/http-client';
import { randomBytes } from 'node:crypto';
import { emulatorEnv } from './emulator-env';

export interface TwoFactorOptions {
  /** No two-factor sign-in: shows the dashboard's warning. */
  passwordOnly: boolean;
  /** A TOTP factor (an authenticator app) as the second factor instead of SMS. */
  totp: boolean;
}

/** A fictional number (555-01xx): the emulator's Verify "texts" it and keeps the code. */
export const SANDBOX_ADMIN_PHONE = '+15555550100';

/**
 * Two-factor sign-in against the emulator: a Verify service there, the admin phone, a session
 * secret. A VERIFY_SERVICE_SID from .env names a real service the emulator does not have, so the
 * emulator's own replaces it. Returns the env to add and the banner's lines.
 */
export async function sandboxTwoFactor(
  emulator: Emulator,
  settings: Record<string, string>,
  options: TwoFactorOptions,
): Promise<{ env: Record<string, string>; lines: string[] }> {
  // A second factor from .env names real Twilio resources: always replaced here.
  const env: Record<string, string> = {
    SESSION_SECRET: settings.SESSION_SECRET ?? randomBytes(36).toString('base64url'),
    VERIFY_SERVICE_SID: '',
    ADMIN_PHONE: '',
    ADMIN_TOTP_IDENTITY: '',
    ADMIN_TOTP_FACTOR_SID: '',
  };
  if (options.passwordOnly) {
    return { env, lines: ['  two-factor sign-in is OFF (--password-only): the dashboard warns'] };
  }
  const client = twilio(emulator.mainAccount.sid, emulator.mainAccount.authToken, {
    httpClient: twilioHttpClient(emulatorEnv(emulator)),
  });
  const service = await client.verify.v2.services.create({ friendlyName: 'Breaker admin' });
  if (options.totp) return sandboxTotp(emulator, createVerifyGateway(client), service.sid, env);
  const phone = settings.ADMIN_PHONE ?? SANDBOX_ADMIN_PHONE;
  env.VERIFY_SERVICE_SID = service.sid;
  env.ADMIN_PHONE = phone;
  const codes = `${emulator.url}/__emulator/verify/codes?to=${encodeURIComponent(phone)}`;
  return {
    env,
    lines: [
      `  then a one-time code: the emulator's Verify "texts" it to ${phone}; read it with`,
      `    curl -s '${codes}'`,
    ],
  };
}

/** The admin's "authenticator app" is the emulator: a factor enrolled as enrol-totp would. */
async function sandboxTotp(
  emulator: Emulator,
  verify: VerifyGateway,
  serviceSid: string,
  env: Record<string, string>,
): Promise<{ env: Record<string, string>; lines: string[] }> {
  const identity = 'breaker-sandbox-admin';
  const { factorSid } = await verify.createTotpFactor(serviceSid, identity, 'admin');
  const factor = { serviceSid, identity, factorSid };
  const enrolled = await verify.verifyTotpFactor(factor, emulator.verify.totpCode(factorSid) ?? '');
  if (enrolled !== 'verified')
    throw new Error('The emulator did not verify the sandbox TOTP factor');
  const code = `${emulator.url}/__emulator/verify/totp/${factorSid}`;
  return {
    env: {
      ...env,
      VERIFY_SERVICE_SID: serviceSid,
      ADMIN_TOTP_IDENTITY: identity,
      ADMIN_TOTP_FACTOR_SID: factorSid,
    },
    lines: [
      "  then the code of the admin's authenticator app (TOTP, --totp): the emulator shows it with",
      `    curl -s '${code}'`,
    ],
  };
}
