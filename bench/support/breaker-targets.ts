// The two ways a benchmark reaches the breaker, both talking to the emulator with the real
// twilio-node client through the project's redirect (src/twilio/http-client.ts):
// - 'twilio-run': the built functions/breaker under twilio-run's runtime (test/support/functions-
//   server.ts, in-process, like `twilio-run start --no-fork-process`), reached over HTTP;
// - 'core': createBreaker() called directly, with the real gateway: no runtime, no webhook HTTP hop.
import twilio from 'twilio';
import { emulatorEnv, type EmulatorLike } from '../../scripts/emulator-env';
import type { Tier } from '../../src/domain/tier';
import { BREAKER_HTTP } from '../../src/breaker/breaker-function';
import { createBreaker } from '../../src/breaker/create-breaker';
import { loadConfig } from '../../src/config/load-config';
import type { FetchLike } from '../../src/notify/webhook-channel';
import { createTwilioGateway, type TwilioGateway } from '../../src/twilio/gateway';
import { twilioHttpClient } from '../../src/twilio/http-client';
import { startFunctions } from '../../test/support/functions-server';
import { postDelivery, runtimeRequest, signDelivery, type DeliveryAnswer } from './deliveries';

export type TargetKind = 'twilio-run' | 'core';

export interface BreakerTarget {
  kind: TargetKind;
  /** Signs `params` for `tier` with `token` and has the breaker handle it. */
  deliver(tier: Tier, params: Record<string, string>, token: string): Promise<DeliveryAnswer>;
  stop(): Promise<void>;
}

/** A breaker instance the benchmark holds: it can write what it keeps for the audit list. */
export interface CoreTarget extends BreakerTarget {
  /** Breaker.drain(): kept audit events and the duplicate counts not yet due for a summary. */
  drain(): Promise<void>;
}

export interface CoreOptions {
  /** Also alert by webhook to this URL, through `fetch` (the benchmark's stand-in for Slack). */
  webhook?: { url: string; fetch: FetchLike };
  /** Sees (and may count) the breaker's Twilio calls. */
  wrapGateway?: (gateway: TwilioGateway) => TwilioGateway;
}

/** The alert numbers every benchmark configures: one SMS per alert, counted in the emulator. */
export const ALERT_ENV = {
  BREAKER_ALERT_SMS_FROM: '+15005550006',
  BREAKER_ALERT_SMS_TO: '+15005550001',
};

// The public URL a deployed breaker would have; the core verifies signatures over it.
const CORE_BASE_URL = 'https://breaker-bench-0000-dev.twil.io';

export async function twilioRunTarget(emulator: EmulatorLike): Promise<BreakerTarget> {
  const functions = await startFunctions({ env: { ...emulatorEnv(emulator), ...ALERT_ENV } });
  return {
    kind: 'twilio-run',
    deliver: (tier, params, token) =>
      postDelivery(signDelivery(functions.url, tier, params, token)),
    stop: () => functions.stop(),
  };
}

export function coreTarget(
  emulator: EmulatorLike,
  log: (line: string) => void,
  options: CoreOptions = {},
): CoreTarget {
  const env = {
    ...emulatorEnv(emulator),
    ...ALERT_ENV,
    ...(options.webhook ? { BREAKER_ALERT_WEBHOOK_URL: options.webhook.url } : {}),
  };
  const config = loadConfig(env);
  const client = twilio(config.accountSid, config.authToken, {
    httpClient: twilioHttpClient({ TWILIO_API_EMULATOR_URL: emulator.url }, BREAKER_HTTP),
  });
  const real = createTwilioGateway({ client, syncServiceSid: config.syncServiceSid });
  const gateway = options.wrapGateway ? options.wrapGateway(real) : real;
  const breaker = createBreaker(config, { gateway, log, fetch: options.webhook?.fetch });
  return {
    kind: 'core',
    async deliver(tier, params, token) {
      const answer = await breaker.handle(
        runtimeRequest(signDelivery(CORE_BASE_URL, tier, params, token)),
      );
      return { status: answer.status, body: JSON.parse(answer.body) as DeliveryAnswer['body'] };
    },
    drain: () => breaker.drain(),
    stop: async () => undefined,
  };
}
