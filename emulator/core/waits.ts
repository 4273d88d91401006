/**
 * Timers the server sleeps on (latency, held 'timeout' faults). close() cancels them all, so a
 * stopped emulator leaves no timer keeping the process (or a jest worker) alive.
 */
export function createWaits() {
  const pending = new Set<() => void>();
  return {
    sleep(ms: number): Promise<void> {
      if (ms <= 0) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          pending.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        pending.add(done);
      });
    },
    cancelAll(): void {
      for (const done of [...pending]) done();
    },
  };
}
