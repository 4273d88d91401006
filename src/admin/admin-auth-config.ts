// Everything the admin surface's authentication reads from the environment, validated at once and
// failing closed: a half-configured second factor (or two of them) is an error, never a silent
// password-only mode. The second factor is SMS (ADMIN_PHONE) or TOTP (ADMIN_TOTP_*), one at a time.
// Pure: the caller hands in the variables; no value ever appears in an error message.
import { createSecretKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from '../config/load-config';
import { parseEnv } from '../config/parse-env';
import type { AdminScope } from './admin-access';
import { loadAdminCredentials, type AdminCredentials } from './password-check';

export const MIN_SECRET_LENGTH = 32;
export const DEFAULT_SESSION_TTL_SECONDS = 3600;

/** What Bearer tokens may hold (RFC 6750's token68), so a token travels in a header unchanged. */
const TOKEN_CHARS = /^[A-Za-z0-9._~+/-]+=*$/;

const secret = (what: string) =>
  z
    .string()
    .min(MIN_SECRET_LENGTH, { error: `must be at least ${MIN_SECRET_LENGTH} characters ${what}` })
    .max(450, { error: 'must fit in 450 bytes (Twilio limit)' });

const apiToken = secret('(e.g. `openssl rand -base64 32`)').regex(TOKEN_CHARS, {
  error: 'may hold only letters, digits and . _ ~ + / - = (no spaces)',
});

export const adminAuthEnvSchema = z.object({
  SESSION_SECRET: secret('of random text (e.g. `openssl rand -base64 48`)').optional(),
  SESSION_TTL_SECONDS: z.coerce
    .number({ error: 'must be a whole number of seconds' })
    .int({ error: 'must be a whole number of seconds' })
    .min(300, { error: 'must be between 300 and 43200' })
    .max(43200, { error: 'must be between 300 and 43200' })
    .default(DEFAULT_SESSION_TTL_SECONDS),
  VERIFY_SERVICE_SID: z
    .string()
    .regex(/^VA[0-9a-fA-F]{32}$/, { error: 'must be a Verify service SID (VA…)' })
    .optional(),
  ADMIN_PHONE: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, {
      error: 'must be a phone number in E.164 form, e.g. +15551234567',
    })
    .optional(),
  // Verify's rule for an entity identity; `npm run enrol-totp` makes a random one (no PII).
  ADMIN_TOTP_IDENTITY: z
    .string()
    .regex(/^(?=.{8,64}$)[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/, {
      error:
        'must be 8-64 letters and digits, dashes between them (as `npm run enrol-totp` prints)',
    })
    .optional(),
  ADMIN_TOTP_FACTOR_SID: z
    .string()
    .regex(/^YF[0-9a-fA-F]{32}$/, { error: 'must be a Verify TOTP factor SID (YF…)' })
    .optional(),
  ADMIN_TOKEN_SETUP: apiToken.optional(),
  ADMIN_TOKEN_READ: apiToken.optional(),
});

export const ADMIN_AUTH_ENV_VARIABLES = Object.keys(adminAuthEnvSchema.shape);

/** The admin's second factor: exactly one is configured, or none (then twoFactor is null). */
export type TwoFactorConfig =
  | {
      kind: 'sms';
      /** The Verify service that sends and checks the codes. */
      serviceSid: string;
      /** Where the codes go: the one admin's phone. */
      phone: string;
    }
  | {
      kind: 'totp';
      /** The Verify service that holds the factor and checks the codes. */
      serviceSid: string;
      /** The Verify entity the factor belongs to. */
      identity: string;
      /** A verified TOTP factor: the admin's authenticator app. */
      factorSid: string;
    };

export interface ApiToken {
  scope: Exclude<AdminScope, 'admin'>;
  token: string;
}

export interface AdminAuthConfig {
  credentials: AdminCredentials;
  /** Signs sessions; null: no sessions, people use the password on every request (2FA off only). */
  sessionKey: KeyObject | null;
  /** Kept to derive the credential fingerprint sessions carry (see session-token.ts). */
  sessionSecret: string | null;
  sessionTtlSeconds: number;
  /** null: two-factor sign-in is off, and the dashboard and the setup command say so. */
  twoFactor: TwoFactorConfig | null;
  tokens: ApiToken[];
}

type Problem = { variable: string; problem: string };

type Env = z.infer<typeof adminAuthEnvSchema>;

const SMS_HINT = 'ADMIN_PHONE (codes by SMS)';
const TOTP_HINT = 'ADMIN_TOTP_IDENTITY and ADMIN_TOTP_FACTOR_SID (an authenticator app)';

/** Exactly one second factor, whole, with its Verify service: anything else names what to fix. */
function secondFactorChecks(e: Env): Problem[] {
  const problems: Problem[] = [];
  const totp = Boolean(e.ADMIN_TOTP_IDENTITY || e.ADMIN_TOTP_FACTOR_SID);
  if (e.ADMIN_PHONE && totp) {
    const problem = `is set, and so is the TOTP factor: keep one second factor, ${SMS_HINT} or ${TOTP_HINT}, and empty the other`;
    problems.push({ variable: 'ADMIN_PHONE', problem });
    for (const variable of ['ADMIN_TOTP_IDENTITY', 'ADMIN_TOTP_FACTOR_SID'] as const) {
      if (e[variable])
        problems.push({ variable, problem: 'is set, and so is ADMIN_PHONE (see it)' });
    }
    return problems;
  }
  if (e.ADMIN_TOTP_IDENTITY && !e.ADMIN_TOTP_FACTOR_SID) {
    const problem = 'must be set when ADMIN_TOTP_IDENTITY is (`npm run enrol-totp` prints both)';
    problems.push({ variable: 'ADMIN_TOTP_FACTOR_SID', problem });
  }
  if (e.ADMIN_TOTP_FACTOR_SID && !e.ADMIN_TOTP_IDENTITY) {
    const problem = 'must be set when ADMIN_TOTP_FACTOR_SID is (`npm run enrol-totp` prints both)';
    problems.push({ variable: 'ADMIN_TOTP_IDENTITY', problem });
  }
  if (e.VERIFY_SERVICE_SID && !e.ADMIN_PHONE && !totp) {
    const problem = `must be set when VERIFY_SERVICE_SID is (or, instead, ${TOTP_HINT})`;
    problems.push({ variable: 'ADMIN_PHONE', problem });
  }
  if (!e.VERIFY_SERVICE_SID && (e.ADMIN_PHONE || totp)) {
    const what = e.ADMIN_PHONE ? 'ADMIN_PHONE' : 'the ADMIN_TOTP_ variables';
    const problem = `must be set when ${what} is (or clear ${what})`;
    problems.push({ variable: 'VERIFY_SERVICE_SID', problem });
  }
  return problems;
}

function crossChecks(e: Env, password: string): Problem[] {
  const problems = secondFactorChecks(e);
  if (e.VERIFY_SERVICE_SID && !e.SESSION_SECRET) {
    const problem = 'must be set when two-factor sign-in is on (VERIFY_SERVICE_SID)';
    problems.push({ variable: 'SESSION_SECRET', problem });
  }
  const secrets: Array<[string, string | undefined]> = [
    ['ADMIN_TOKEN_SETUP', e.ADMIN_TOKEN_SETUP],
    ['ADMIN_TOKEN_READ', e.ADMIN_TOKEN_READ],
    ['SESSION_SECRET', e.SESSION_SECRET],
  ];
  const seen = new Set<string>([password]);
  for (const [variable, value] of secrets) {
    if (value === undefined) continue;
    if (seen.has(value)) {
      const problem = 'must differ from ADMIN_PASSWORD and the other admin secrets';
      problems.push({ variable, problem });
    }
    seen.add(value);
  }
  return problems;
}

/** Throws a ConfigError naming every variable to fix; never shows a value. */
export function loadAdminAuthConfig(env: Record<string, unknown>): AdminAuthConfig {
  const credentials = loadAdminCredentials(env);
  const e = parseEnv(adminAuthEnvSchema, env);
  const problems = crossChecks(e, credentials.password);
  if (problems.length > 0) throw new ConfigError(problems);
  const tokens: ApiToken[] = [];
  if (e.ADMIN_TOKEN_SETUP) tokens.push({ scope: 'setup', token: e.ADMIN_TOKEN_SETUP });
  if (e.ADMIN_TOKEN_READ) tokens.push({ scope: 'read', token: e.ADMIN_TOKEN_READ });
  return {
    credentials,
    sessionKey: e.SESSION_SECRET ? createSecretKey(Buffer.from(e.SESSION_SECRET, 'utf8')) : null,
    sessionSecret: e.SESSION_SECRET ?? null,
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    twoFactor: twoFactorOf(e),
    tokens,
  };
}

/** Called once the cross-checks passed: at most one factor is set, and whole. */
function twoFactorOf(e: Env): TwoFactorConfig | null {
  const serviceSid = e.VERIFY_SERVICE_SID;
  if (!serviceSid) return null;
  if (e.ADMIN_PHONE) return { kind: 'sms', serviceSid, phone: e.ADMIN_PHONE };
  if (e.ADMIN_TOTP_IDENTITY && e.ADMIN_TOTP_FACTOR_SID) {
    const { ADMIN_TOTP_IDENTITY: identity, ADMIN_TOTP_FACTOR_SID: factorSid } = e;
    return { kind: 'totp', serviceSid, identity, factorSid };
  }
  return null;
}
