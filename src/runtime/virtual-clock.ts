// A clock whose time moves only when told to, or, in auto mode, when nothing else can happen: each
// time the process has no work left but sleepers on this clock, it jumps to the earliest one and
// wakes it. So a deadline race is decided by the order of events, never by how fast the machine
// runs them: the same test gives the same result on an idle laptop and on a loaded 2-core CI box.
//
// "Nothing else can happen" is judged from inside the process: all pending promise callbacks have
// run and a few turns of the event loop brought no new activity. Real I/O (a socket, a child
// process) is invisible to that judgement, so code under a virtual clock must talk to in-memory
// fakes (the emulator's in-memory transport, emulator/in-memory-client.ts), or wrap real I/O in
// `track()`.
import type { Clock } from './clock';

export interface VirtualClock extends Clock {
  /** Moves time forward by `ms`, waking each sleeper due on the way in time order, letting the work
   * each one starts run before the next wakes. */
  advance(ms: number): Promise<void>;
  /** Resolves once the process is idle (see above) without moving time. */
  settled(): Promise<void>;
  /** Sleepers waiting on this clock. */
  pendingSleeps(): number;
  /** Marks `work` (real I/O) as in progress: auto mode does not move time until it settles. */
  track<T>(work: Promise<T>): Promise<T>;
  /** Stops auto mode; sleepers still waiting stay asleep (use at the end of a test). */
  dispose(): void;
}

export interface VirtualClockOptions {
  /** Epoch ms or a Date; a fixed default so timestamps repeat from run to run. */
  start?: number | Date;
  /** Jump to the next sleeper whenever the process is idle (default true). */
  auto?: boolean;
  /** Event-loop turns without activity that count as idle (default 3). */
  idleTurns?: number;
}

interface Sleeper {
  at: number;
  seq: number;
  wake(): void;
}

export const VIRTUAL_EPOCH = Date.UTC(2026, 0, 15, 12, 0, 0);

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createVirtualClock(options: VirtualClockOptions = {}): VirtualClock {
  let now =
    options.start instanceof Date ? options.start.getTime() : (options.start ?? VIRTUAL_EPOCH);
  const auto = options.auto ?? true;
  const idleTurns = options.idleTurns ?? 3;
  let sleepers: Sleeper[] = [];
  let seq = 0;
  let activity = 0;
  let tracked = 0;
  let untracked: Promise<void> = Promise.resolve();
  let release = () => {};
  let driving = false;
  let disposed = false;

  async function settled(): Promise<void> {
    for (let quiet = 0; quiet < idleTurns;) {
      if (tracked > 0) await untracked;
      const before = activity;
      await turn();
      if (tracked > 0 || activity !== before) quiet = 0;
      else quiet += 1;
    }
  }

  function wakeEarliest(limit = Infinity): boolean {
    if (sleepers.length === 0) return false;
    const at = Math.min(...sleepers.map((s) => s.at));
    if (at > limit) return false;
    const due = sleepers.filter((s) => s.at === at).sort((a, b) => a.seq - b.seq);
    sleepers = sleepers.filter((s) => s.at !== at);
    now = Math.max(now, at);
    activity += 1;
    for (const sleeper of due) sleeper.wake();
    return true;
  }

  async function drive(): Promise<void> {
    if (driving || !auto) return;
    driving = true;
    try {
      while (!disposed && sleepers.length > 0) {
        await settled();
        if (disposed) break;
        wakeEarliest();
      }
    } finally {
      driving = false;
    }
  }

  const clock: VirtualClock = {
    now: () => now,

    sleep(ms, signal) {
      return new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        activity += 1;
        const sleeper: Sleeper = {
          at: now + Math.max(0, ms),
          seq: seq++,
          wake: () => {
            signal?.removeEventListener('abort', abort);
            resolve();
          },
        };
        function abort() {
          sleepers = sleepers.filter((s) => s !== sleeper);
          activity += 1;
          resolve();
        }
        signal?.addEventListener('abort', abort, { once: true });
        sleepers.push(sleeper);
        void drive();
      });
    },

    async advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`advance needs a non-negative number of ms, got ${ms}`);
      const target = now + ms;
      await settled();
      while (wakeEarliest(target)) await settled();
      now = Math.max(now, target);
      await settled();
    },

    settled,
    pendingSleeps: () => sleepers.length,

    async track(work) {
      if (tracked === 0) untracked = new Promise((resolve) => (release = resolve));
      tracked += 1;
      activity += 1;
      try {
        return await work;
      } finally {
        tracked -= 1;
        activity += 1;
        if (tracked === 0) release();
      }
    },

    dispose() {
      disposed = true;
    },
  };
  return clock;
}
