// Counting across Function instances, atomically: "at most `max` of these per window", whatever
// the number of instances and parallel requests. Used for what an outsider could otherwise
// multiply: wrong passwords, sign-in summary writes, alerts.
//
// Why slots and not a counter: a counter in Sync is read-modify-write, and twenty parallel requests
// would all read "4" and all go through. Instead each counted thing first TAKES one of the window's
// slots, the map items `<scope>:<window>:<n>` for n = 1..max, with createMapItem, which Sync makes
// atomic on the key (one writer gets it, the others 409). Whoever holds a slot may go ahead; once
// every slot is taken the answer is "no" until the window ends. A slot can be given back (a right
// password was not a wrong one), and is then the first to be taken again.
//
// In front of Sync, this instance's memory of the window: the slots it knows are taken (its own, or
// seen taken) and the ones a request of this instance is trying right now. A request tries the
// lowest slot that is neither, so parallel requests of one instance try different slots at once,
// and once every slot is known taken or being tried the answer is "no" without asking Sync. A
// refused "try" (409) is not a write: Sync changes nothing.
// Sync unreachable, or too slow → SlotsUnavailableError: the caller decides, and fails closed.
import type { TwilioGateway } from '../twilio/gateway';
import { rethrowUnlessTwilio } from '../twilio/twilio-errors';

export type SlotStore = Pick<TwilioGateway, 'createMapItem' | 'deleteMapItem'>;

export interface SlotWindow {
  /** Part of every slot's key, the same on every instance: e.g. the window's number since the epoch. */
  id: string;
  /** Epoch ms when the window's slots stop counting. */
  endsAt: number;
}

/** Fixed windows on the epoch, so every instance agrees on them without talking. */
export function fixedWindow(now: number, windowMs: number): SlotWindow {
  const index = Math.floor(now / windowMs);
  return { id: String(index), endsAt: (index + 1) * windowMs };
}

export type TakeResult =
  | {
      ok: true;
      /** The slot's map item key. */
      key: string;
      /** Gives the slot back: it did not count after all. Never throws. */
      release(): Promise<void>;
    }
  | { ok: false; retryAfterSeconds: number };

export class SlotsUnavailableError extends Error {
  constructor() {
    super('Twilio Sync did not answer, so this could not be counted');
    this.name = 'SlotsUnavailableError';
  }
}

/** A `.catch` for a slot taken where Sync being down means "no slot": null; a bug is thrown on. */
export function nullIfUnavailable(error: unknown): null {
  if (error instanceof SlotsUnavailableError) return null;
  throw error;
}

export interface SyncSlots {
  /** True when this instance knows every slot of `scope` in `window` is taken (no Sync asked). */
  knownFull(scope: string, max: number, window: SlotWindow): boolean;
  /** Takes one of `max` slots of `scope` in `window`, or says how long until the window ends. */
  take(
    scope: string,
    max: number,
    window: SlotWindow,
    store: SlotStore,
    now: () => number,
  ): Promise<TakeResult>;
}

export interface SyncSlotsOptions {
  /** Past this, stop asking Sync (callers answer well inside Functions' 10 s). */
  budgetMs?: number;
  /** Items outlive their window by this much before Sync removes them (keys never repeat anyway). */
  ttlSlackSeconds?: number;
  /** Scopes remembered per instance; the oldest are forgotten first (Sync still counts them). */
  maxScopes?: number;
}

export const slotKey = (scope: string, window: string, n: number) => `${scope}:${window}:${n}`;

/** Sync's longest item TTL (error 54011: https://www.twilio.com/docs/api/errors/54011). */
const MAX_TTL_SECONDS = 31_536_000;

interface Known {
  endsAt: number;
  /** Slot numbers known to be taken, by this instance or another. */
  taken: Set<number>;
  /** Slot numbers a request of this instance is trying now. */
  trying: Set<number>;
}

/** One per Function instance (kept by its handler) and per Sync map. */
export function createSyncSlots(map: string, options: SyncSlotsOptions = {}): SyncSlots {
  const { budgetMs = 4000, ttlSlackSeconds = 15 * 60, maxScopes = 1000 } = options;
  const memory = new Map<string, Known>();

  function knownFor(scope: string, window: SlotWindow, now: number): Known {
    const id = `${scope}:${window.id}`;
    let known = memory.get(id);
    if (!known) {
      for (const [key, old] of memory) if (old.endsAt <= now) memory.delete(key);
      if (memory.size >= maxScopes) memory.delete(memory.keys().next().value as string);
      known = { endsAt: window.endsAt, taken: new Set(), trying: new Set() };
      memory.set(id, known);
    }
    return known;
  }

  function free(known: Known, max: number): number | null {
    for (let n = 1; n <= max; n += 1) {
      if (!known.taken.has(n) && !known.trying.has(n)) return n;
    }
    return null;
  }

  return {
    knownFull(scope, max, window) {
      const known = memory.get(`${scope}:${window.id}`);
      return !!known && known.taken.size >= max && free(known, max) === null;
    },

    async take(scope, max, window, store, now) {
      const startedAt = now();
      const retryAfterSeconds = Math.max(1, Math.ceil((window.endsAt - startedAt) / 1000));
      const ttlSeconds = Math.min(MAX_TTL_SECONDS, retryAfterSeconds + ttlSlackSeconds);
      const known = knownFor(scope, window, startedAt);
      for (let n = free(known, max); n !== null; n = free(known, max)) {
        if (now() - startedAt > budgetMs) throw new SlotsUnavailableError();
        const key = slotKey(scope, window.id, n);
        known.trying.add(n);
        let outcome;
        try {
          const data = { at: new Date(startedAt).toISOString(), slot: n };
          outcome = await store.createMapItem(map, key, data, ttlSeconds);
        } catch (error) {
          rethrowUnlessTwilio(error);
          throw new SlotsUnavailableError();
        } finally {
          known.trying.delete(n);
        }
        known.taken.add(n);
        if (outcome === 'created')
          return { ok: true, key, release: releaser(known, n, key, store) };
      }
      return { ok: false, retryAfterSeconds };
    },
  };

  function releaser(known: Known, n: number, key: string, store: SlotStore) {
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      known.taken.delete(n);
      // A slot that cannot be given back stays taken until its window ends: fail closed.
      await store.deleteMapItem(map, key).catch(rethrowUnlessTwilio);
    };
  }
}
