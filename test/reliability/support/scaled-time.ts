// The matrix and the burst run the real breaker and setup code against the emulator over real HTTP,
// but four times faster than real time: every deadline, backoff and budget runs on a clock at 4×
// (test/breaker/support/fast-clock.ts), and the per-request HTTP timeout — the one thing that runs
// on real time — is divided by four too. So every ratio between a timeout and a deadline is the
// production one, and a cell that waits out the breaker's 9 s budget takes about 2 s.
import twilio from 'twilio';
import type { Emulator } from '../../../emulator';
import { createTwilioGateway, type TwilioGateway } from '../../../src/twilio/gateway';
import { twilioHttpClient } from '../../../src/twilio/http-client';
import { fastClock } from '../../breaker/support/fast-clock';

export const SPEED = 4;

/** src/breaker/breaker-function.ts: no autoRetry (the breaker retries within its deadlines), 2 s. */
export const BREAKER_HTTP_TIMEOUT_MS = 2000;
/** src/setup/setup-function.ts: no autoRetry (setup's gate waits out 429s), 1.5 s. */
export const SETUP_HTTP_TIMEOUT_MS = 1500;
/** A 'timeout' fault holds the request longer than any client waits, then drops it. */
export const HOLD_MS = Math.max(BREAKER_HTTP_TIMEOUT_MS, SETUP_HTTP_TIMEOUT_MS) / SPEED + 200;

export const scaledClock = () => fastClock(SPEED, Date.now());

/** The gateway a Function builds, pointed at the emulator, with the HTTP timeout scaled. */
export function scaledGateway(emulator: Emulator, timeoutMs: number): TwilioGateway {
  const httpClient = twilioHttpClient(
    { TWILIO_API_EMULATOR_URL: emulator.url },
    { autoRetry: false, maxRetries: 0, timeoutMs: Math.round(timeoutMs / SPEED) },
  );
  const client = twilio(emulator.mainAccount.sid, emulator.mainAccount.authToken, { httpClient });
  return createTwilioGateway({ client });
}
