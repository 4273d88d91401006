// Everything the admin surface's authentication reads from the environment, validated at once and
// failing closed: a half-configured second factor is an error, never a silent password-only mode.
// Pure: the caller hands in the variables; no value ever appears in an error message.
import { createSecretKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from '../config/load-config';
import { parseEnv } from '../config/parse-env';
import type { AdminScope } from './admin-access';
import { loadAdminCredentials, type AdminCredentials } from './admin-auth';

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
  ADMIN_TOKEN_SETUP: apiToken.optional(),
  ADMIN_TOKEN_READ: apiToken.optional(),
});

export const ADMIN_AUTH_ENV_VARIABLES = Object.keys(adminAuthEnvSchema.shape);

export interface TwoFactorConfig {
  kind: 'sms';
  /** The Verify service that sends and checks the codes. */
  serviceSid: string;
  /** Where the codes go: the one admin's phone. */
  phone: string;
}

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

function crossChecks(e: z.infer<typeof adminAuthEnvSchema>, password: string): Problem[] {
  const problems: Problem[] = [];
  if (e.VERIFY_SERVICE_SID && !e.ADMIN_PHONE) {
    problems.push({ variable: 'ADMIN_PHONE', problem: 'must be set when VERIFY_SERVICE_SID is' });
  }
  if (e.ADMIN_PHONE && !e.VERIFY_SERVICE_SID) {
    const problem = 'must be set when ADMIN_PHONE is (or clear ADMIN_PHONE)';
    problems.push({ variable: 'VERIFY_SERVICE_SID', problem });
  }
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
    twoFactor:
      e.VERIFY_SERVICE_SID && e.ADMIN_PHONE
        ? { kind: 'sms', serviceSid: e.VERIFY_SERVICE_SID, phone: e.ADMIN_PHONE }
        : null,
    tokens,
  };
}
