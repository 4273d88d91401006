// Who is calling an admin endpoint, from its Authorization header — the one decision every admin
// endpoint shares (src/admin/admin-endpoint.ts applies it):
//   Bearer <API token>   → that token's one scope (constant-time compare against every token)
//   Bearer <session JWT> → the signed-in admin, every scope (session-token.ts checks it)
//   Basic user:password  → the admin, every scope — only while two-factor sign-in is OFF; with it
//                          on, the password alone never reaches admin data (else 2FA is bypassable)
// Anything else is a 401 that says what to send instead; the answer never tells which part of a
// password was wrong.
import { jsonResponse, type ResponseValue } from '../runtime/response-value';
import { PERSON_SCOPES, type AdminPrincipal } from './admin-access';
import type { AdminAuthConfig } from './admin-auth-config';
import {
  BASIC_CHALLENGE,
  checkAdminAuth,
  MAX_AUTHORIZATION_LENGTH,
  REALM,
  sameSecret,
  unauthorized,
} from './password-check';
import { credentialFingerprint, readToken } from './session-token';

export type AuthenticationResult =
  | { ok: true; principal: AdminPrincipal }
  | {
      ok: false;
      /** For the log line: what was wrong, never what was sent. */
      failure: 'missing' | 'wrong-password' | 'password-only-refused' | 'invalid-token' | 'expired';
      response: ResponseValue;
    };

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

function bearerChallenge(config: AdminAuthConfig, error?: string): string {
  const bearer = `Bearer realm="${REALM}"${error ? `, error="${error}"` : ''}`;
  return config.twoFactor ? bearer : `${BASIC_CHALLENGE}, ${bearer}`;
}

function twoFactorRequired(config: AdminAuthConfig): ResponseValue {
  const message =
    'Two-factor sign-in is on: sign in with the password and a one-time code (POST /admin-session) ' +
    'and send the session as "Authorization: Bearer …", or use an API token.';
  return jsonResponse(
    401,
    { error: 'unauthorized', message },
    { 'WWW-Authenticate': bearerChallenge(config) },
  );
}

function invalidToken(config: AdminAuthConfig): ResponseValue {
  const message = 'The session or API token was not accepted: sign in again, or check the token.';
  return jsonResponse(
    401,
    { error: 'unauthorized', message },
    { 'WWW-Authenticate': bearerChallenge(config, 'invalid_token') },
  );
}

function sessionExpired(config: AdminAuthConfig): ResponseValue {
  return jsonResponse(
    401,
    { error: 'session-expired', message: 'Your session has expired: sign in again.' },
    { 'WWW-Authenticate': bearerChallenge(config, 'invalid_token') },
  );
}

/** The scope of the API token `given` is, if any. Every configured token is compared, always. */
function apiTokenScope(given: string, config: AdminAuthConfig) {
  let scope: 'setup' | 'read' | null = null;
  for (const token of config.tokens) if (sameSecret(given, token.token)) scope = token.scope;
  return scope;
}

async function bearer(
  token: string,
  config: AdminAuthConfig,
  domain: string,
  now: number,
): Promise<AuthenticationResult> {
  const scope = apiTokenScope(token, config);
  if (scope) {
    return { ok: true, principal: { kind: 'token', name: `token:${scope}`, scopes: [scope] } };
  }
  const invalid = { ok: false, failure: 'invalid-token', response: invalidToken(config) } as const;
  if (!config.sessionKey || !config.sessionSecret) return invalid;
  const signer = { key: config.sessionKey, secret: config.sessionSecret, domain };
  const checked = await readToken(signer, 'session', token, now);
  if (!checked.ok) {
    if (checked.reason === 'invalid') return invalid;
    return { ok: false, failure: 'expired', response: sessionExpired(config) };
  }
  const { claims } = checked;
  const current = credentialFingerprint(config.sessionSecret, config.credentials);
  const sameAdmin = claims.sub === config.credentials.username && claims.cv === current;
  const factorsOk = !config.twoFactor || claims.amr.includes('otp');
  if (!sameAdmin || !factorsOk) return invalid;
  return { ok: true, principal: { kind: 'session', name: claims.sub, scopes: PERSON_SCOPES } };
}

export async function authenticate(
  authorization: string | undefined,
  config: AdminAuthConfig,
  domain: string,
  now: number,
): Promise<AuthenticationResult> {
  const header = authorization?.trim() ?? '';
  const match = header.length <= MAX_AUTHORIZATION_LENGTH ? BEARER.exec(header) : null;
  if (match) return bearer(match[1], config, domain, now);
  if (config.twoFactor) {
    // The password is not even looked at: its answer must not tell a right one from a wrong one.
    const failure = header ? 'password-only-refused' : 'missing';
    return { ok: false, failure, response: twoFactorRequired(config) };
  }
  const basic = checkAdminAuth(authorization, config.credentials);
  if (basic.ok) {
    const principal = { kind: 'password', name: basic.username, scopes: PERSON_SCOPES } as const;
    return { ok: true, principal };
  }
  return { ok: false, failure: header ? 'wrong-password' : 'missing', response: unauthorized() };
}

/** How long a wrong password waits for its answer: guessing gets slow, a typo costs a second. */
export const FAILED_SIGN_IN_DELAY_MS = 1000;
