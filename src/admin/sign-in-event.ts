// The audit event of one sign-in attempt, success or failure. Never the password, the code or a
// token; and the username only once it matched: a failed attempt's "username" may be a password
// typed into the wrong field.
import { newEventId, type AuditEvent, type AuditOutcome } from '../audit/audit-event';

export type SignInResult =
  | 'code-sent'
  | 'code-required'
  | 'signed-in'
  | 'password-only'
  | 'wrong-password'
  | 'wrong-code'
  | 'code-expired'
  | 'sign-in-expired'
  | 'invalid-sign-in-token'
  | 'invalid-api-token'
  | 'too-many-attempts'
  | 'too-many-passwords'
  // The one event of a locked password window (lock-alert.ts).
  | 'locked'
  | 'too-many-codes'
  | 'verify-failed'
  | 'limit-unavailable';

const OUTCOME: Record<SignInResult, AuditOutcome> = {
  'code-sent': 'ok',
  'code-required': 'ok',
  'signed-in': 'ok',
  'password-only': 'ok',
  'wrong-password': 'refused',
  'wrong-code': 'refused',
  'code-expired': 'refused',
  'sign-in-expired': 'refused',
  'invalid-sign-in-token': 'refused',
  'invalid-api-token': 'refused',
  'too-many-attempts': 'refused',
  'too-many-passwords': 'refused',
  locked: 'refused',
  'too-many-codes': 'refused',
  'verify-failed': 'error',
  'limit-unavailable': 'error',
};

export interface SignInAttempt {
  /** basic: a password sent as HTTP Basic to another admin endpoint (two-factor sign-in off). */
  step: 'password' | 'code' | 'basic';
  result: SignInResult;
  /** The admin username, only when the credentials (or the signed sign-in token) named it. */
  username: string | null;
  /** 'password', 'password+sms', 'password+totp': what the admin has proved so far. */
  method: string;
  startedAt: number;
  now: number;
}

/**
 * A failure that proved nothing (no username matched): anyone can send it in any number, so it is
 * summarised (sign-in-summary.ts), never written as an item of its own.
 */
export const provesNothing = (attempt: Pick<SignInAttempt, 'result' | 'username'>): boolean =>
  attempt.username === null && OUTCOME[attempt.result] !== 'ok';

export function signInEvent(attempt: SignInAttempt): AuditEvent {
  return {
    id: newEventId(),
    time: new Date(attempt.now).toISOString(),
    source: 'ops',
    action: 'sign-in',
    reason: attempt.result,
    outcome: OUTCOME[attempt.result],
    durationMs: Math.max(0, attempt.now - attempt.startedAt),
    detail: { step: attempt.step, method: attempt.method, username: attempt.username },
  };
}
