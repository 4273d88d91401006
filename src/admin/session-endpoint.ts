// POST /admin-session, the core: the admin's sign-in, in two steps when two-factor sign-in is on.
//   1. {username, password} → with 2FA: a five-minute pending token, after Verify texted a code to
//      ADMIN_PHONE (SMS) or with nothing sent (TOTP: the code is in the authenticator app); without
//      2FA: a session right away (or, with no SESSION_SECRET, "password-only": keep sending the
//      password), with a warning to show loudly.
//   2. {pendingToken, code} → Verify checks the code → a session token (Authorization: Bearer …).
// Every attempt is an audit event (sign-in-event.ts); a wrong password or code waits a second
// before its answer. Verify itself allows 5 checks per code and limits how many codes are sent;
// wrong codes are also limited per 15-minute window across instances (code-attempts.ts), which is
// what stops parallel TOTP guessing. What differs between SMS and TOTP is in second-factor.ts.
import { createAuditSink } from '../audit/audit-sink';
import { ConfigError } from '../config/config-error';
import { jsonResponse, type ResponseValue } from '../runtime/response-value';
import type { RuntimeRequest } from '../runtime/runtime-request';
import type { AdminHandler, AdminServices } from './admin-endpoint';
import { sameCredentials } from './password-check';
import { AdminRequestError, badRequest } from './admin-request-error';
import { FAILED_SIGN_IN_DELAY_MS } from './authenticate';
import {
  attemptIdentity,
  AttemptsUnavailableError,
  createCodeAttempts,
  type CodeAttempts,
  type Reservation,
} from './code-attempts';
import { checkSecondFactor, CODE_FORMAT, FACTOR_TEXT, startSecondFactor } from './second-factor';
import {
  credentialFingerprint,
  issueToken,
  PENDING_TTL_SECONDS,
  readToken,
  type TokenSigner,
} from './session-token';
import { signInEvent, type SignInAttempt, type SignInResult } from './sign-in-event';

export const TWO_FACTOR_OFF_WARNING =
  'Two-factor sign-in is OFF: the admin password alone can suspend and reactivate accounts. ' +
  'Set VERIFY_SERVICE_SID with ADMIN_PHONE, or with a TOTP factor from `npm run enrol-totp` ' +
  '(docs/OPERATIONS.md, "Admin sign-in").';

/** How long the audit append may take before the event is left to the log. */
const AUDIT_BUDGET_MS = 2000;
const MAX_FIELD = 1024;

type Step = Pick<SignInAttempt, 'step' | 'method' | 'username'>;

function text(params: Record<string, unknown>, name: string, max = MAX_FIELD): string {
  const value = params[name];
  if (typeof value !== 'string' || value === '' || value.length > max) {
    throw badRequest(`${name} is required (plain text, at most ${max} characters)`);
  }
  return value;
}

function signerOf(services: AdminServices): TokenSigner | null {
  const { sessionKey, sessionSecret } = services.auth;
  if (!sessionKey || !sessionSecret) return null;
  const domain = services.env.DOMAIN_NAME;
  return {
    key: sessionKey,
    secret: sessionSecret,
    domain: typeof domain === 'string' && domain ? domain : 'localhost',
  };
}

function createAttempts(services: AdminServices) {
  const startedAt = services.clock.now();
  const sink = createAuditSink({ clock: services.clock, log: services.log });
  async function record(step: Step, result: SignInResult): Promise<void> {
    const now = services.clock.now();
    const event = signInEvent({ ...step, result, startedAt, now });
    await sink.record(event, services.gateway(), now + AUDIT_BUDGET_MS);
  }
  /** Records a failure, waits, and throws the answer. */
  async function refuse(
    step: Step,
    result: SignInResult,
    error: AdminRequestError,
  ): Promise<never> {
    await Promise.all([record(step, result), services.clock.sleep(FAILED_SIGN_IN_DELAY_MS)]);
    throw error;
  }
  return { record, refuse };
}

async function sessionAnswer(
  services: AdminServices,
  signer: TokenSigner,
  amr: string[],
): Promise<ResponseValue> {
  const { credentials, sessionTtlSeconds, twoFactor } = services.auth;
  const cv = credentialFingerprint(signer.secret, credentials);
  const { token, expiresAt } = await issueToken(
    signer,
    'session',
    { sub: credentials.username, amr, cv },
    sessionTtlSeconds,
    services.clock.now(),
  );
  return jsonResponse(200, {
    status: 'signed-in',
    token,
    tokenType: 'Bearer',
    expiresAt: new Date(expiresAt).toISOString(),
    username: credentials.username,
    twoFactor: twoFactor ? twoFactor.kind : 'off',
    ...(twoFactor ? {} : { warning: TWO_FACTOR_OFF_WARNING }),
  });
}

async function passwordStep(
  request: RuntimeRequest,
  services: AdminServices,
): Promise<ResponseValue> {
  const given = {
    username: text(request.params, 'username'),
    password: text(request.params, 'password'),
  };
  const attempts = createAttempts(services);
  const { credentials, twoFactor } = services.auth;
  if (!sameCredentials(given, credentials)) {
    const step = { step: 'password', method: 'password', username: null } as const;
    const error = new AdminRequestError(401, 'unauthorized', 'Wrong username or password.');
    return attempts.refuse(step, 'wrong-password', error);
  }
  const step = { step: 'password', method: 'password', username: credentials.username } as const;
  const signer = signerOf(services);
  if (!twoFactor || !signer) {
    if (signer) {
      await attempts.record(step, 'signed-in');
      return sessionAnswer(services, signer, ['pwd']);
    }
    await attempts.record(step, 'password-only');
    const body = { status: 'password-only', username: credentials.username, twoFactor: 'off' };
    return jsonResponse(200, { ...body, warning: TWO_FACTOR_OFF_WARNING });
  }
  const started = await startSecondFactor(twoFactor, services.verify).catch(
    async (error: unknown) => {
      await attempts.record(step, 'verify-failed');
      throw error;
    },
  );
  if (started === 'too-many-sends') {
    await attempts.record(step, 'too-many-codes');
    const message = 'Too many codes were sent to the admin phone recently: wait 10 minutes.';
    throw new AdminRequestError(429, 'too-many-codes', message);
  }
  const cv = credentialFingerprint(signer.secret, credentials);
  const pending = await issueToken(
    signer,
    'pending',
    { sub: credentials.username, amr: ['pwd'], cv },
    PENDING_TTL_SECONDS,
    services.clock.now(),
  );
  await attempts.record(step, started);
  return jsonResponse(200, {
    status: started,
    pendingToken: pending.token,
    expiresAt: new Date(pending.expiresAt).toISOString(),
    channel: twoFactor.kind,
    // Where the code is: the dashboard and the commands word their question with it.
    ...(twoFactor.kind === 'sms'
      ? { to: `the phone ending in ${twoFactor.phone.slice(-2)}` }
      : { from: 'your authenticator app' }),
  });
}

/** Until the window ends: in minutes for people, Retry-After in seconds for programs. */
function lockedOut(retryAfterSeconds: number): AdminRequestError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const message =
    `Too many wrong codes: code checks are paused for ${minutes} minute${minutes === 1 ? '' : 's'}, ` +
    'whatever the code. Then sign in again.';
  return new AdminRequestError(429, 'too-many-attempts', message, {
    'Retry-After': String(retryAfterSeconds),
  });
}

async function codeStep(
  request: RuntimeRequest,
  services: AdminServices,
  limit: CodeAttempts,
): Promise<ResponseValue> {
  const { credentials, twoFactor } = services.auth;
  const signer = signerOf(services);
  if (!twoFactor || !signer) {
    throw badRequest('Two-factor sign-in is off: send username and password only.');
  }
  const code = text(request.params, 'code', 20).trim();
  const wording = FACTOR_TEXT[twoFactor.kind];
  if (!CODE_FORMAT[twoFactor.kind].test(code)) throw badRequest(wording.format);
  const given = request.params.pendingToken;
  const pendingToken = typeof given === 'string' && given.length <= 4096 ? given : '';
  const attempts = createAttempts(services);
  const checked = await readToken(signer, 'pending', pendingToken, services.clock.now());
  const cv = credentialFingerprint(signer.secret, credentials);
  if (!checked.ok || checked.claims.sub !== credentials.username || checked.claims.cv !== cv) {
    const step = { step: 'code', method: 'password', username: null } as const;
    const expired = !checked.ok && checked.reason === 'expired';
    const error = expired
      ? new AdminRequestError(401, 'sign-in-expired', 'The sign-in took too long: start again.')
      : new AdminRequestError(401, 'unauthorized', 'Sign in again with your password.');
    await attempts.record(step, expired ? 'sign-in-expired' : 'invalid-sign-in-token');
    throw error;
  }
  const method = `password+${twoFactor.kind}`;
  const step = { step: 'code', method, username: credentials.username } as const;
  // Only now, behind the password (the pending token), so no one else can use up the window.
  let slot: Reservation;
  try {
    const identity = attemptIdentity(credentials.username);
    slot = await limit.reserve(identity, services.gateway(), services.clock.now);
  } catch (error) {
    if (!(error instanceof AttemptsUnavailableError)) throw error;
    await attempts.record(step, 'limit-unavailable');
    throw new AdminRequestError(503, 'try-again', error.message, { 'Retry-After': '60' });
  }
  if (!slot.ok)
    return attempts.refuse(step, 'too-many-attempts', lockedOut(slot.retryAfterSeconds));
  const held = slot;
  const outcome = await checkSecondFactor(twoFactor, services.verify, code).catch(
    async (error: unknown) => {
      // A factor Verify does not know checked no code; any other failure may have: it counts.
      if (error instanceof ConfigError) await held.release();
      await attempts.record(step, 'verify-failed');
      throw error;
    },
  );
  // Verify's too-many-attempts may follow a wrong code (SMS: the 5th check): it counts as one.
  if (outcome === 'approved' || outcome === 'expired') await held.release();
  switch (outcome) {
    case 'approved':
      await attempts.record(step, 'signed-in');
      return sessionAnswer(services, signer, ['pwd', 'otp']);
    case 'wrong-code': {
      const error = new AdminRequestError(401, 'wrong-code', wording.wrong);
      return attempts.refuse(step, 'wrong-code', error);
    }
    case 'expired': {
      const message = 'That code has expired or was already used: start again for a new one.';
      return attempts.refuse(
        step,
        'code-expired',
        new AdminRequestError(401, 'code-expired', message),
      );
    }
    case 'too-many-attempts': {
      const error = new AdminRequestError(429, 'too-many-attempts', wording.tooMany);
      return attempts.refuse(step, 'too-many-attempts', error);
    }
  }
}

/** `limit` is the instance's memory of wrong codes: one handler per Function instance. */
export function sessionEndpoint(limit: CodeAttempts = createCodeAttempts()): AdminHandler {
  return async (request, services) => {
    if (request.method !== 'POST') {
      const message = 'POST {username, password}, then {pendingToken, code} (JSON or form)';
      throw new AdminRequestError(405, 'method-not-allowed', message, { Allow: 'POST' });
    }
    const { code, pendingToken } = request.params;
    return code !== undefined || pendingToken !== undefined
      ? codeStep(request, services, limit)
      : passwordStep(request, services);
  };
}
