// Timers the server sleeps on (latency, held 'timeout' faults), on the emulator's clock. cancelAll()
// ends them all, so a stopped emulator leaves no timer keeping the process (or a jest worker) alive.
import type { EmulatorClock } from './clock';

export function createWaits(clock: Pick<EmulatorClock, 'sleep'>) {
  const pending = new Set<AbortController>();
  return {
    async sleep(ms: number): Promise<void> {
      if (ms <= 0) return;
      const stop = new AbortController();
      pending.add(stop);
      try {
        await clock.sleep(ms, stop.signal);
      } finally {
        pending.delete(stop);
      }
    },
    cancelAll(): void {
      for (const stop of [...pending]) stop.abort();
    },
  };
}
