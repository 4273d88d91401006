export interface EmulatorClock {
  now(): Date;
  /** Moves the clock forward (or back, with a negative value); returns the new time. */
  advance(ms: number): Date;
  set(at: Date): Date;
}

/**
 * Without `start` the clock follows real time plus whatever was advanced, so a sandbox behaves
 * naturally. With `start` it stands still until moved: tests get exact, repeatable timestamps.
 */
export function createClock(start?: Date): EmulatorClock {
  const frozen = start?.getTime();
  let offset = 0;
  const base = () => frozen ?? Date.now();
  const now = () => new Date(base() + offset);
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
      offset = at.getTime() - base();
      return now();
    },
  };
}
