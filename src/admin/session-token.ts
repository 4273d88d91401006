// The admin's signed tokens: a short-lived session (after the password and, when configured, the
// one-time code) and a five-minute "pending" token that only carries a password sign-in to its code
// step. JWTs signed HS256 with SESSION_SECRET through `jose`; nothing about them is hand-rolled.
//
// Each kind has its own audience, so neither passes for the other. The issuer names the service
// (DOMAIN_NAME), so a token never works on another deployment that shares the secret. `cv` is a
// fingerprint of the admin's username and password (an HMAC under the secret, so it reveals
// nothing): changing the password ends every session. `amr` says how the admin signed in, so
// turning two-factor sign-in on ends the sessions that were opened with the password alone.
import { createHmac, randomBytes, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { AdminCredentials } from './password-check';

export type TokenKind = 'session' | 'pending';

const AUDIENCE: Record<TokenKind, string> = {
  session: 'breaker-admin',
  pending: 'breaker-admin-mfa',
};

/** Seconds a pending token lives: enough to read an SMS, short enough to be worthless later. */
export const PENDING_TTL_SECONDS = 300;
/** Allowed clock difference between warm instances. */
const CLOCK_TOLERANCE_SECONDS = 5;

export interface TokenSigner {
  key: KeyObject;
  secret: string;
  /** The service's domain (DOMAIN_NAME). */
  domain: string;
}

export interface TokenClaims {
  /** The admin username. */
  sub: string;
  /** How the admin proved who they are: ['pwd'] or ['pwd', 'otp']. */
  amr: string[];
  /** Credential fingerprint; see the file comment. */
  cv: string;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims; expiresAt: number }
  | { ok: false; reason: 'expired' | 'invalid' };

const issuer = (domain: string) => `breaker-admin:${domain}`;

export function credentialFingerprint(secret: string, credentials: AdminCredentials): string {
  return createHmac('sha256', secret)
    .update(`cv\0${credentials.username}\0${credentials.password}`, 'utf8')
    .digest('base64url')
    .slice(0, 22);
}

export async function issueToken(
  signer: TokenSigner,
  kind: TokenKind,
  claims: TokenClaims,
  ttlSeconds: number,
  now: number,
): Promise<{ token: string; expiresAt: number }> {
  const issuedAt = Math.floor(now / 1000);
  const expiresAt = issuedAt + ttlSeconds;
  const token = await new SignJWT({ amr: claims.amr, cv: claims.cv })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(issuer(signer.domain))
    .setAudience(AUDIENCE[kind])
    .setSubject(claims.sub)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .setJti(randomBytes(12).toString('base64url'))
    .sign(signer.key);
  return { token, expiresAt: expiresAt * 1000 };
}

/** Signature, algorithm, issuer, audience and expiry, checked by jose; then our own claims. */
export async function readToken(
  signer: TokenSigner,
  kind: TokenKind,
  token: string,
  now: number,
): Promise<TokenCheck> {
  try {
    const { payload } = await jwtVerify(token, signer.key, {
      algorithms: ['HS256'],
      issuer: issuer(signer.domain),
      audience: AUDIENCE[kind],
      currentDate: new Date(now),
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
    });
    const { sub, amr, cv, exp } = payload;
    const amrOk = Array.isArray(amr) && amr.every((m) => typeof m === 'string');
    if (typeof sub !== 'string' || !amrOk || typeof cv !== 'string' || typeof exp !== 'number') {
      return { ok: false, reason: 'invalid' };
    }
    return { ok: true, claims: { sub, amr: amr as string[], cv }, expiresAt: exp * 1000 };
  } catch (error) {
    // jose checks the signature before the claims: "expired" means it was genuinely ours.
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
    return { ok: false, reason: 'invalid' };
  }
}
