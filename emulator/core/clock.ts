// Twilio's time, as the emulator tells it: the base clock (the project's Clock: real time in the
// sandbox, a virtual clock in tests) plus an offset that control endpoints and tests move to cross a
// day or a recurring period. Waits (latency, held requests) run on the base clock, so under a
// virtual clock they cost no real time.
import { systemClock, type Clock } from '../../src/runtime/clock';

export interface EmulatorClock {
  now(): Date;
  /** Moves Twilio's time forward (or back, with a negative value); returns the new time. */
  advance(ms: number): Date;
  set(at: Date): Date;
  /** Waits on the base clock. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** The clock waits run on; durations (the request log) are measured on it too. */
  readonly base: Clock;
}

/**
 * `base` defaults to real time. With `frozenAt` (and no base) the time stands still until moved:
 * tests get exact, repeatable timestamps.
 */
export function createClock(frozenAt?: Date, base: Clock = systemClock): EmulatorClock {
  const frozen = frozenAt?.getTime();
  let offset = 0;
  const origin = () => frozen ?? base.now();
  const now = () => new Date(origin() + offset);
  return {
    now,
    advance(ms) {
      if (!Number.isFinite(ms))
        throw new RangeError(`advance needs a finite number of ms, got ${ms}`);
      offset += ms;
      return now();
    },
    set(at) {
      if (Number.isNaN(at.getTime())) throw new RangeError('set needs a valid date');
      offset = at.getTime() - origin();
      return now();
    },
    sleep: (ms, signal) => base.sleep(ms, signal),
    base,
  };
}
