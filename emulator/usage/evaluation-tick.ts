// When the emulator evaluates Usage Triggers. Twilio: "UsageTriggers are evaluated frequently —
// about once a minute" and "it can take some amount of time for the data used by usage triggers to
// be reflected in the UsageTriggers evaluations" (https://www.twilio.com/docs/usage/api/usage-trigger).
// So usage never fires a trigger the instant it is recorded: it is looked at on the next tick, a
// multiple of the interval on the emulator's clock (at 12:00:00, 12:01:00… for a 60 s interval).
//
// A tick is scheduled only when something may fire (usage recorded, a trigger created past its
// value), never as a perpetual loop: a virtual clock in auto mode (src/runtime/virtual-clock.ts)
// jumps to the next tick, evaluates, and is idle again instead of spinning forever.
import type { Clock } from '../../src/runtime/clock';

/** Twilio's cadence, "about once a minute": the production figure, and the virtual-clock tests' tick. */
export const TWILIO_EVALUATION_INTERVAL_MS = 60_000;

/** The emulator's default tick (sandbox, tests on real time): short, so a demo answers at once. */
export const DEFAULT_EVALUATION_INTERVAL_MS = 1_000;

export interface EvaluationTick<T> {
  /** Makes sure the next tick evaluates; resolves with what that evaluation returned. */
  next(): Promise<T[]>;
  /** Runs the pending evaluation now (one is scheduled if none is): for tests on a manual clock. */
  runNow(): Promise<T[]>;
  /** When the pending evaluation is due on the emulator's clock, or null when none is. */
  nextAt(): Date | null;
  /** Ends the pending wait; from then on nothing is evaluated and every wait resolves with []. */
  stop(): void;
}

export interface EvaluationTickOptions<T> {
  intervalMs: number;
  /** The emulator's clock (Twilio's time), on which tick boundaries fall. */
  now(): Date;
  /** Waits on the base clock (real or virtual). */
  sleep: Clock['sleep'];
  evaluate(): Promise<T[]>;
}

export function validateInterval(intervalMs: number): void {
  if (!(Number.isInteger(intervalMs) && intervalMs > 0)) {
    throw new RangeError(`evaluationIntervalMs must be a positive integer, got ${intervalMs}`);
  }
}

export function createEvaluationTick<T>(options: EvaluationTickOptions<T>): EvaluationTick<T> {
  const { intervalMs } = options;
  validateInterval(intervalMs);
  let pending: { at: Date; wake: AbortController; result: Promise<T[]> } | null = null;
  let stopped = false;

  function schedule() {
    const now = options.now().getTime();
    // The next boundary strictly after now: usage recorded at 12:00:00 waits for 12:01:00.
    const wait = intervalMs - (((now % intervalMs) + intervalMs) % intervalMs);
    const wake = new AbortController();
    const result = options.sleep(wait, wake.signal).then(() => {
      // Cleared before evaluating, so whatever changes during the evaluation's deliveries is
      // evaluated on the tick after.
      pending = null;
      return stopped ? [] : options.evaluate();
    });
    pending = { at: new Date(now + wait), wake, result };
    return pending;
  }

  return {
    next: () => (stopped ? Promise.resolve([]) : (pending ?? schedule()).result),
    runNow() {
      if (stopped) return Promise.resolve([]);
      const tick = pending ?? schedule();
      tick.wake.abort();
      return tick.result;
    },
    nextAt: () => pending?.at ?? null,
    stop() {
      stopped = true;
      pending?.wake.abort();
    },
  };
}
