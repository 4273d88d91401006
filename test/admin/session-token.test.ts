import { createSecretKey } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import {
  credentialFingerprint,
  issueToken,
  readToken,
  type TokenSigner,
} from '../../src/admin/session-token';

const SECRET = 'fake-session-secret-for-tests-0123456789';
const signer: TokenSigner = {
  key: createSecretKey(Buffer.from(SECRET)),
  secret: SECRET,
  domain: 'breaker-1234-dev.twil.io',
};
const NOW = Date.UTC(2025, 2, 1, 12);
const claims = {
  sub: 'ops',
  amr: ['pwd', 'otp'],
  cv: credentialFingerprint(SECRET, { username: 'ops', password: 'fake-admin-password' }),
};

const sessionPayload = { amr: ['pwd', 'otp'], cv: claims.cv };

/** Every claim a session has, in a token built by hand to get one other detail wrong. */
function ourClaims<T extends SignJWT | UnsecuredJWT>(jwt: T): T {
  jwt.setSubject('ops').setIssuer('breaker-admin:breaker-1234-dev.twil.io');
  jwt
    .setAudience('breaker-admin')
    .setIssuedAt(NOW / 1000)
    .setExpirationTime(NOW / 1000 + 3600);
  return jwt;
}

/** Flips one character of the payload: a token someone edited. */
function tampered(token: string): string {
  const [header, payload, signature] = token.split('.');
  const json = JSON.parse(Buffer.from(payload, 'base64url').toString());
  json.sub = 'root';
  return [header, Buffer.from(JSON.stringify(json)).toString('base64url'), signature].join('.');
}

describe('session tokens', () => {
  test('a fresh session reads back with its claims and expiry', async () => {
    const { token, expiresAt } = await issueToken(signer, 'session', claims, 3600, NOW);
    expect(expiresAt).toBe(NOW + 3600_000);
    expect(await readToken(signer, 'session', token, NOW + 60_000)).toEqual({
      ok: true,
      claims,
      expiresAt,
    });
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  test('expired (past the clock tolerance) → expired; just inside it → still ok', async () => {
    const { token } = await issueToken(signer, 'session', claims, 3600, NOW);
    expect((await readToken(signer, 'session', token, NOW + 3600_000 + 4000)).ok).toBe(true);
    expect(await readToken(signer, 'session', token, NOW + 3600_000 + 6000)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  test.each([
    ['tampered payload', async (t: string) => tampered(t)],
    ['signature cut off', async (t: string) => t.slice(0, t.lastIndexOf('.') + 1)],
    ['not a JWT', async () => 'not.a.jwt'],
    [
      'signed with another secret',
      async () =>
        (
          await issueToken(
            { ...signer, key: createSecretKey(Buffer.from('another-secret-of-enough-length-000')) },
            'session',
            claims,
            3600,
            NOW,
          )
        ).token,
    ],
    [
      'issued by another deployment',
      async () =>
        (await issueToken({ ...signer, domain: 'other.twil.io' }, 'session', claims, 3600, NOW))
          .token,
    ],
    [
      'a pending (code-step) token used as a session',
      async () => (await issueToken(signer, 'pending', claims, 300, NOW)).token,
    ],
    ['alg none', async () => ourClaims(new UnsecuredJWT(sessionPayload)).setJti('x').encode()],
    [
      'HS512 with the right secret (only HS256 is accepted)',
      async () =>
        ourClaims(new SignJWT(sessionPayload).setProtectedHeader({ alg: 'HS512' }))
          .setJti('x')
          .sign(signer.key),
    ],
    [
      'no jti',
      async () =>
        ourClaims(new SignJWT(sessionPayload).setProtectedHeader({ alg: 'HS256' })).sign(
          signer.key,
        ),
    ],
  ])('%s → invalid', async (_name, make) => {
    const { token } = await issueToken(signer, 'session', claims, 3600, NOW);
    expect(await readToken(signer, 'session', await make(token), NOW + 1000)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  test('the credential fingerprint changes with the password and hides it', () => {
    const a = credentialFingerprint(SECRET, { username: 'ops', password: 'fake-admin-password' });
    const b = credentialFingerprint(SECRET, { username: 'ops', password: 'fake-admin-password2' });
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a).not.toContain('fake');
  });
});
