// The admin's username and password: HTTP Basic (accepted by the admin endpoints only while
// two-factor sign-in is off, see authenticate.ts) and the sign-in endpoint's first step. The
// credentials come from the environment; the comparison is constant-time over SHA-256 digests
// (timingSafeEqual needs equal lengths, and comparing digests keeps the lengths of the secrets out
// of the timing too), and both halves are always compared, so neither the answer nor its timing
// tells which half was wrong.
import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../config/load-config';
import { jsonResponse, type ResponseValue } from '../runtime/response-value';

export interface AdminCredentials {
  username: string;
  password: string;
}

/** Long enough that guessing over HTTP is hopeless; a passphrase is fine. */
export const MIN_PASSWORD_LENGTH = 12;
/** Any longer Authorization header is refused before it is decoded. */
export const MAX_AUTHORIZATION_LENGTH = 1024;

export const ADMIN_ENV_VARIABLES = ['ADMIN_USERNAME', 'ADMIN_PASSWORD'] as const;

/** Throws a ConfigError naming the variable to set; never shows a value. */
export function loadAdminCredentials(env: Record<string, unknown>): AdminCredentials {
  const username = typeof env.ADMIN_USERNAME === 'string' ? env.ADMIN_USERNAME.trim() : '';
  const password = typeof env.ADMIN_PASSWORD === 'string' ? env.ADMIN_PASSWORD : '';
  const problems: { variable: string; problem: string }[] = [];
  if (!username || username.includes(':')) {
    problems.push({ variable: 'ADMIN_USERNAME', problem: 'must be set (without ":")' });
  }
  if (password.length < MIN_PASSWORD_LENGTH) {
    const problem = `must be set, at least ${MIN_PASSWORD_LENGTH} characters`;
    problems.push({ variable: 'ADMIN_PASSWORD', problem });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { username, password };
}

export const REALM = 'breaker admin';
export const BASIC_CHALLENGE = `Basic realm="${REALM}", charset="UTF-8"`;

/** The one answer to any failed password sign-in, whatever failed. */
export function unauthorized(): ResponseValue {
  return jsonResponse(
    401,
    { error: 'unauthorized', message: 'Sign in with the admin username and password.' },
    { 'WWW-Authenticate': BASIC_CHALLENGE },
  );
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Constant-time equality of two secrets of any lengths. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** `Basic base64(user:password)` → its two halves, or null for anything else. */
function parseBasic(header: string): AdminCredentials | null {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim());
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export type AdminAuthResult =
  { ok: true; username: string } | { ok: false; response: ResponseValue };

export function checkAdminAuth(
  authorization: string | undefined,
  credentials: AdminCredentials,
): AdminAuthResult {
  const given =
    authorization && authorization.length <= MAX_AUTHORIZATION_LENGTH
      ? parseBasic(authorization)
      : null;
  // Compare something in every case, so a malformed header costs what a wrong password does.
  const matches = sameCredentials(given ?? { username: '', password: '' }, credentials);
  if (given && matches) return { ok: true, username: credentials.username };
  return { ok: false, response: unauthorized() };
}

/** Both halves compared, always, in constant time: neither answer nor timing says which was wrong. */
export function sameCredentials(given: AdminCredentials, expected: AdminCredentials): boolean {
  const userOk = sameSecret(given.username, expected.username);
  const passwordOk = sameSecret(given.password, expected.password);
  return userOk && passwordOk;
}
