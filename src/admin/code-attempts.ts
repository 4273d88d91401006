// How many second-factor codes may be guessed: at most MAX_WRONG_CODES wrong ones per admin and
// 15-minute window, across every Function instance. Verify's own limit does not add up for TOTP
// (each check is a fresh challenge), so without this the password alone bought unlimited parallel
// guesses. Once the window is used up, the code step answers 429 without checking the code at all,
// so even the right code waits for the next window; a sign-in does not reset it (nothing to race).
//
// Why slots and not a counter: a counter in Sync is read-modify-write, and twenty parallel guesses
// would all read "4" and all go through. Instead every check first TAKES one of the window's slots,
// the map items `<identity>:<window>:<n>` for n = 1..MAX, with createMapItem, which Sync makes atomic
// on the key (one writer gets it, the others 409). A code is checked only while its request holds
// a slot; a wrong code keeps it until the window ends (so does a failed or refused check: it may
// have compared the code), an approved or expired one gives it back. So however many instances
// and parallel requests, at most MAX checks per window can be wrong or in flight: the next finds
// every slot taken. Slots are tried in order so a given-back one is reused first.
// In front of Sync, the same rule in memory per instance: a warm instance stops at once, even when
// Sync answers slowly. Sync unreachable → the code is not checked (fail closed, the caller says 503).
import { createHash } from 'node:crypto';
import { SIGN_IN_ATTEMPTS_MAP } from '../audit/sync-names';
import type { TwilioGateway } from '../twilio/gateway';
import { rethrowUnlessTwilio } from '../twilio/twilio-errors';

export const ATTEMPTS_WINDOW_MS = 15 * 60_000;
export const MAX_WRONG_CODES = 5;
/** Past this, stop asking Sync for slots: the sign-in must answer well inside Functions' 10 s. */
const SLOT_BUDGET_MS = 4000;

export interface AttemptWindow {
  index: number;
  endsAt: number;
}

/** Fixed windows on the epoch, so every instance agrees on them without talking. */
export function attemptWindow(now: number): AttemptWindow {
  const index = Math.floor(now / ATTEMPTS_WINDOW_MS);
  return { index, endsAt: (index + 1) * ATTEMPTS_WINDOW_MS };
}

/** The admin, as Sync keys name it: a digest, so no username (or phone) sits in Sync. */
export function attemptIdentity(username: string): string {
  return `admin-${createHash('sha256').update(username, 'utf8').digest('hex').slice(0, 16)}`;
}

export const slotKey = (identity: string, window: number, n: number) =>
  `${identity}:${window}:${n}`;

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

export type SlotStore = Pick<TwilioGateway, 'createMapItem' | 'deleteMapItem'>;

export interface CodeAttempts {
  /** Takes a slot for one code check, or says how long until the window ends. */
  reserve(identity: string, store: SlotStore, now: () => number): Promise<Reservation>;
}

/** One per Function instance (the handler keeps it): its memory is the first line. */
export function createCodeAttempts(max = MAX_WRONG_CODES): CodeAttempts {
  let local = { window: -1, held: 0 };

  return {
    async reserve(identity, store, now) {
      const startedAt = now();
      const window = attemptWindow(startedAt);
      const retryAfterSeconds = Math.max(1, Math.ceil((window.endsAt - startedAt) / 1000));
      if (local.window !== window.index) local = { window: window.index, held: 0 };
      if (local.held >= max) return { ok: false, retryAfterSeconds };
      local.held += 1;
      const unhold = () => {
        if (local.window === window.index) local.held -= 1;
      };

      // Items outlive their window a little, then Sync removes them; keys never repeat anyway.
      const ttlSeconds = retryAfterSeconds + ATTEMPTS_WINDOW_MS / 1000;
      let taken: string | null = null;
      try {
        for (let n = 1; n <= max && taken === null; n += 1) {
          if (now() - startedAt > SLOT_BUDGET_MS) throw new AttemptsUnavailableError();
          const key = slotKey(identity, window.index, n);
          const data = { at: new Date(startedAt).toISOString(), slot: n };
          const outcome = await store.createMapItem(SIGN_IN_ATTEMPTS_MAP, key, data, ttlSeconds);
          if (outcome === 'created') taken = key;
        }
      } catch (error) {
        unhold();
        if (error instanceof AttemptsUnavailableError) throw error;
        rethrowUnlessTwilio(error);
        throw new AttemptsUnavailableError();
      }
      if (taken === null) {
        unhold();
        return { ok: false, retryAfterSeconds };
      }
      const key = taken;
      let released = false;
      return {
        ok: true,
        async release() {
          if (released) return;
          released = true;
          unhold();
          // A slot that cannot be given back stays taken until the window ends: fail closed.
          await store.deleteMapItem(SIGN_IN_ATTEMPTS_MAP, key).catch(rethrowUnlessTwilio);
        },
      };
    },
  };
}
