// How many second-factor codes may be guessed: at most MAX_WRONG_CODES wrong ones per admin and
// 15-minute window, across every Function instance. Verify's own limit does not add up for TOTP
// (each check is a fresh challenge), so without this the password alone bought unlimited parallel
// guesses. Once the window is used up, the code step answers 429 without checking the code at all,
// so even the right code waits for the next window; a sign-in does not reset it (nothing to race).
//
// Each check first takes one of the window's slots (src/limits/sync-slots.ts: Sync's atomic
// create, so parallel requests on any number of instances cannot share one; the instance's memory
// in front, so a warm instance stops at once even when Sync answers slowly). A code is checked only
// while its request holds a slot; a wrong code keeps it until the window ends (so does a failed or
// refused check: it may have compared the code), an approved or expired one gives it back. So at
// most MAX checks per window can be wrong or in flight: the next finds every slot taken.
// Sync unreachable → the code is not checked (fail closed, the caller says 503).
import { createHash } from 'node:crypto';
import { SIGN_IN_ATTEMPTS_MAP } from '../audit/sync-names';
import {
  createSyncSlots,
  fixedWindow,
  SlotsUnavailableError,
  type SlotStore,
} from '../limits/sync-slots';

export const ATTEMPTS_WINDOW_MS = 15 * 60_000;
export const MAX_WRONG_CODES = 5;

/** Fixed windows on the epoch, so every instance agrees on them without talking. */
export const attemptWindow = (now: number) => fixedWindow(now, ATTEMPTS_WINDOW_MS);

/** The admin, as Sync keys name it: a digest, so no username (or phone) sits in Sync. */
export function attemptIdentity(username: string): string {
  return `admin-${createHash('sha256').update(username, 'utf8').digest('hex').slice(0, 16)}`;
}

export type Reservation =
  | {
      ok: true;
      /** The code was right, or not compared (expired): the slot is free again. */
      release(): Promise<void>;
    }
  | { ok: false; retryAfterSeconds: number };

export class AttemptsUnavailableError extends Error {
  constructor() {
    super(
      'The sign-in could not count this attempt (Twilio Sync did not answer), so the code was ' +
        'not checked: try again in a minute.',
    );
    this.name = 'AttemptsUnavailableError';
  }
}

export interface CodeAttempts {
  /** Takes a slot for one code check, or says how long until the window ends. */
  reserve(identity: string, store: SlotStore, now: () => number): Promise<Reservation>;
}

/** One per Function instance (the handler keeps it): its memory is the first line. */
export function createCodeAttempts(max = MAX_WRONG_CODES): CodeAttempts {
  const slots = createSyncSlots(SIGN_IN_ATTEMPTS_MAP);
  return {
    async reserve(identity, store, now) {
      try {
        return await slots.take(identity, max, attemptWindow(now()), store, now);
      } catch (error) {
        if (error instanceof SlotsUnavailableError) throw new AttemptsUnavailableError();
        throw error;
      }
    },
  };
}
