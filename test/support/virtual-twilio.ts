// The emulator and the code under test on one virtual clock, talking without sockets: twilio-node
// requests go to the emulator through its in-memory client, and every deadline, backoff, lease,
// latency and HTTP timeout runs on the same clock (src/runtime/virtual-clock.ts). So a test of
// faults and deadlines gives the same result on any machine, however loaded, and a 9 s budget costs
// no real time. One clock per test: two virtual clocks would each move whenever only they are idle.
import twilio from 'twilio';
import {
  startEmulator,
  TWILIO_EVALUATION_INTERVAL_MS,
  type Emulator,
  type EmulatorOptions,
} from '../../emulator';
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
  /** A GET as twilio-node sends it (path with query), answering Twilio's raw JSON: for contract checks. */
  raw(path: string, creds?: { sid: string; token: string }): Promise<RawAnswer>;
  close(): Promise<void>;
}

export interface RawAnswer {
  status: number;
  // Twilio's JSON, read loosely by tests; its shape is what expectMatchesSpec checks.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function startVirtualTwilio(
  options: Omit<EmulatorOptions, 'clock' | 'now'> & { start?: number } = {},
): Promise<VirtualTwilio> {
  const clock = createVirtualClock({ start: options.start });
  // Twilio's own trigger cadence (about once a minute): on a virtual clock it costs no real time.
  const emulator = await startEmulator({
    random: seededRandom(1),
    evaluationIntervalMs: TWILIO_EVALUATION_INTERVAL_MS,
    ...options,
    clock,
  });
  const main = { sid: emulator.mainAccount.sid, token: emulator.mainAccount.authToken };
  const client = (creds = main, timeoutMs = 30_000) =>
    twilio(creds.sid, creds.token, {
      httpClient: emulator.requestClient({ timeoutMs }) as unknown as twilio.RequestClient,
    });
  return {
    clock,
    emulator,
    client: (creds) => client(creds),
    async raw(path, creds = main) {
      const answer = await emulator.requestClient().request({
        method: 'GET',
        uri: `https://api.twilio.com${path}`,
        username: creds.sid,
        password: creds.token,
      });
      return { status: answer.statusCode, body: answer.body };
    },
    gateway: (timeoutMs, creds) => createTwilioGateway({ client: client(creds, timeoutMs) }),
    close: async () => {
      clock.dispose();
      await emulator.close();
    },
  };
}
