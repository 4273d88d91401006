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
  | 'too-many-attempts'
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
  'too-many-attempts': 'refused',
  'too-many-codes': 'refused',
  'verify-failed': 'error',
  'limit-unavailable': 'error',
};

export interface SignInAttempt {
  step: 'password' | 'code';
  result: SignInResult;
  /** The admin username, only when the credentials (or the signed sign-in token) named it. */
  username: string | null;
  /** 'password', 'password+sms', 'password+totp': what the admin has proved so far. */
  method: string;
  startedAt: number;
  now: number;
}

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
