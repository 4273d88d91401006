// An emulator over real HTTP whose waits (latency, held requests) run on a manual virtual clock:
// a request stays in flight until the test moves that clock, so which requests overlap never
// depends on how fast the machine gets them there. For tests of the concurrency cap and the
// request log's concurrency, which would otherwise race real time.
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { createVirtualClock, type VirtualClock } from '../../src/runtime/virtual-clock';

export async function startHeldEmulator(
  options: Omit<EmulatorOptions, 'clock'> = {},
): Promise<{ emulator: Emulator; clock: VirtualClock }> {
  const clock = createVirtualClock({ auto: false });
  return { emulator: await startEmulator({ ...options, clock }), clock };
}

/** Waits until `reached()` holds: polled in real time, bounded by the test's own timeout. */
export async function until(reached: () => boolean): Promise<void> {
  while (!reached()) await new Promise((resolve) => setTimeout(resolve, 5));
}
