// The emulator and the code under test on one virtual clock, talking without sockets: twilio-node
// requests go to the emulator through its in-memory client, and every deadline, backoff, lease,
// latency and HTTP timeout runs on the same clock (src/runtime/virtual-clock.ts). So a test of
// faults and deadlines gives the same result on any machine, however loaded, and a 9 s budget costs
// no real time. One clock per test: two virtual clocks would each move whenever only they are idle.
import twilio from 'twilio';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { createVirtualClock, type VirtualClock } from '../../src/runtime/virtual-clock';
import { createTwilioGateway, type TwilioGateway } from '../../src/twilio/gateway';
import { seededRandom } from './seeded-random';

export interface VirtualTwilio {
  clock: VirtualClock;
  emulator: Emulator;
  /** The gateway a Function builds, with its per-request timeout (no autoRetry), in memory. */
  gateway(timeoutMs: number, creds?: { sid: string; token: string }): TwilioGateway;
  /** twilio-node itself, in memory (for the test's own set-up and reads). */
  client(creds?: { sid: string; token: string }): twilio.Twilio;
  close(): Promise<void>;
}

export async function startVirtualTwilio(
  options: Omit<EmulatorOptions, 'clock' | 'now'> & { start?: number } = {},
): Promise<VirtualTwilio> {
  const clock = createVirtualClock({ start: options.start });
  const emulator = await startEmulator({ random: seededRandom(1), ...options, clock });
  const main = { sid: emulator.mainAccount.sid, token: emulator.mainAccount.authToken };
  const client = (creds = main, timeoutMs = 30_000) =>
    twilio(creds.sid, creds.token, {
      httpClient: emulator.requestClient({ timeoutMs }) as unknown as twilio.RequestClient,
    });
  return {
    clock,
    emulator,
    client: (creds) => client(creds),
    gateway: (timeoutMs, creds) => createTwilioGateway({ client: client(creds, timeoutMs) }),
    close: async () => {
      clock.dispose();
      await emulator.close();
    },
  };
}
