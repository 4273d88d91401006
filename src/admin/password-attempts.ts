// How many passwords may be guessed: at most MAX_WRONG_PASSWORDS wrong ones per username, and
// MAX_WRONG_PASSWORDS_TOTAL for every username together, per 15-minute window, across every
// Function instance. Without it, twenty parallel guesses got twenty answers, one second each, and
// with two-factor sign-in off that is an online guessing attack.
//
// Every password check first takes a slot of the total and one of its username
// (src/limits/sync-slots.ts: atomic Sync creates, the instance's memory in front), and is checked
// only while it holds both; a wrong password keeps them until the window ends, a right one gives
// them back. So however many instances and parallel requests, at most the cap of checks per window
// can be wrong or in flight: once every slot is taken, the answer is 429 with Retry-After, whatever
// the password, and the password is not compared at all. Sync unreachable → not checked either
// ('unavailable': the caller answers 503). Refusals write nothing: a full scope this instance knows
// of refuses before any slot is taken, and the total is taken first, so guessed usernames (each a
// scope of its own) find it full without creating theirs.
//
// The username is the one given (a digest of it keys the slots), so a wrong username is counted as
// any wrong guess, and a 429 says nothing about whether the username was right. A sign-in does not
// reset the window.
//
// So that an outsider cannot keep ops out by keeping the window full, a sign-in that also presents
// one of the service's API tokens is counted in a lane of that token's own
// (MAX_WRONG_PASSWORDS_WITH_TOKEN per window), apart from everyone else's: docs/OPERATIONS.md,
// "Locked out".
import { createHash } from 'node:crypto';
import { SIGN_IN_ATTEMPTS_MAP } from '../audit/sync-names';
import {
  createSyncSlots,
  fixedWindow,
  nullIfUnavailable,
  type SlotStore,
} from '../limits/sync-slots';
import { AdminRequestError } from './admin-request-error';
import { sameCredentials, type AdminCredentials } from './password-check';

export const PASSWORD_WINDOW_MS = 15 * 60_000;
export const MAX_WRONG_PASSWORDS = 10;
export const MAX_WRONG_PASSWORDS_TOTAL = 20;
export const MAX_WRONG_PASSWORDS_WITH_TOKEN = 5;

export type PasswordVerdict =
  | { result: 'right' | 'wrong' }
  /** Sync could not count the attempt: the password was not compared. */
  | { result: 'unavailable' }
  | {
      result: 'locked';
      retryAfterSeconds: number;
      /** The window this lock lasts for (for the one alert per window). */
      window: string;
    };

export interface PasswordAttempts {
  /**
   * Compares `given` with `expected` if the limits allow a check now; `lane`: the scope of an API
   * token the caller also presented (its own count). Never throws.
   */
  check(
    given: AdminCredentials,
    expected: AdminCredentials,
    store: SlotStore,
    now: () => number,
    lane?: string | null,
  ): Promise<PasswordVerdict>;
}

/** The slots' scope for a username: a digest, so no username sits in Sync. */
export const passwordScope = (username: string) =>
  `password-${createHash('sha256').update(username, 'utf8').digest('hex').slice(0, 16)}`;
export const PASSWORD_TOTAL_SCOPE = 'password-all';
export const passwordLaneScope = (lane: string) => `password-token-${lane}`;

/** Compares a typed username and password with the configured ones (in constant time). */
export type CompareCredentials = (given: AdminCredentials, expected: AdminCredentials) => boolean;

/**
 * One per Function instance (the admin shell keeps it): its memory is the first line. `compare` is
 * injectable so tests can count the passwords actually compared.
 */
export function createPasswordAttempts(
  compare: CompareCredentials = sameCredentials,
): PasswordAttempts {
  const slots = createSyncSlots(SIGN_IN_ATTEMPTS_MAP);
  return {
    async check(given, expected, store, now, lane) {
      const window = fixedWindow(now(), PASSWORD_WINDOW_MS);
      const locked = (retryAfterSeconds: number) =>
        ({ result: 'locked', retryAfterSeconds, window: window.id }) as const;
      const unavailable = { result: 'unavailable' } as const;
      if (lane) {
        const scope = passwordLaneScope(lane);
        const slot = await slots
          .take(scope, MAX_WRONG_PASSWORDS_WITH_TOKEN, window, store, now)
          .catch(nullIfUnavailable);
        if (!slot) return unavailable;
        if (!slot.ok) return locked(slot.retryAfterSeconds);
        if (!compare(given, expected)) return { result: 'wrong' };
        await slot.release();
        return { result: 'right' };
      }
      const mine = passwordScope(given.username);
      // Known full here: refuse before taking a slot that would only be given back.
      if (
        slots.knownFull(mine, MAX_WRONG_PASSWORDS, window) ||
        slots.knownFull(PASSWORD_TOTAL_SCOPE, MAX_WRONG_PASSWORDS_TOTAL, window)
      ) {
        return locked(Math.max(1, Math.ceil((window.endsAt - now()) / 1000)));
      }
      const all = await slots
        .take(PASSWORD_TOTAL_SCOPE, MAX_WRONG_PASSWORDS_TOTAL, window, store, now)
        .catch(nullIfUnavailable);
      if (!all) return unavailable;
      if (!all.ok) return locked(all.retryAfterSeconds);
      const own = await slots
        .take(mine, MAX_WRONG_PASSWORDS, window, store, now)
        .catch(nullIfUnavailable);
      if (!own?.ok) await all.release();
      if (!own) return unavailable;
      if (!own.ok) return locked(own.retryAfterSeconds);
      if (!compare(given, expected)) return { result: 'wrong' };
      await Promise.all([own.release(), all.release()]);
      return { result: 'right' };
    },
  };
}

/** e.g. "15 minutes": a wait for people (Retry-After says it in seconds, for programs). */
export const inMinutes = (seconds: number) => {
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
};

/** The password window is used up: 429 until it ends, whatever the password. */
export function passwordsLocked(retryAfterSeconds: number): AdminRequestError {
  const message =
    `Too many wrong passwords: sign-in is paused for ${inMinutes(retryAfterSeconds)}, whatever ` +
    'the password (it is not checked). API tokens still work; see docs/OPERATIONS.md, "Locked out".';
  return new AdminRequestError(429, 'too-many-passwords', message, {
    'Retry-After': String(retryAfterSeconds),
  });
}

export function passwordsUncounted(): AdminRequestError {
  const message =
    'The sign-in could not count this attempt (Twilio Sync did not answer), so the password was ' +
    'not checked: try again in a minute.';
  return new AdminRequestError(503, 'try-again', message, { 'Retry-After': '60' });
}
