// A deployed Function never talks to an emulator. When TWILIO_API_EMULATOR_URL leaks into a
// deployed environment, the built Functions, served by the runtime twilio-run uses but with a
// public DOMAIN_NAME as Twilio sets it, must ignore it: send nothing to the emulator, talk to
// Twilio, and say why in /health. Offline: twilio-node's transport (RequestClient.request, which
// every client of the project goes through) answers for Twilio here; requests for the emulator
// still reach it, so a Function that wrongly used it would show in the emulator's log.
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { startEmulator, type Emulator } from '../../emulator';
import { emulatorEnv } from '../../scripts/emulator-env';
import { breakerCallbackUrl } from '../../src/breaker/delivery/callback-url';
import { deliveryParams } from '../breaker/support/deliveries';
import { startFunctions, type FunctionsServer } from '../support/functions-server';
import { signTwilioRequest, signedFormHeaders } from '../support/twilio-signer';

const DOMAIN = 'breaker-1234-dev.twil.io';

let emulator: Emulator;
let functions: FunctionsServer;
const toTwilio: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed: { subaccounts: 1 } });
  functions = await startFunctions({
    env: {
      ...emulatorEnv(emulator),
      DOMAIN_NAME: DOMAIN, // as the deployed runtime sets it (twilio-run's own context spreads env over it)
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'fake-admin-password-deployed',
      BREAKER_ALERT_SMS_FROM: '+15005550006',
      BREAKER_ALERT_SMS_TO: '+15005550001',
    },
  });
  // In process, the built Functions load this very twilio module (the runtime requires it from the
  // project), so its transport can be answered for Twilio without any network.
  const send = twilio.RequestClient.prototype.request;
  jest.spyOn(twilio.RequestClient.prototype, 'request').mockImplementation(async function (
    this: RequestClient,
    opts: RequestClient.RequestOptions,
  ) {
    if (opts.uri.startsWith(emulator.url)) return send.call(this, opts);
    const url = new URL(opts.uri);
    toTwilio.push(`${opts.method.toUpperCase()} ${url.host}${url.pathname}`);
    const body = { code: 20003, message: 'Authenticate', status: 401 };
    return { statusCode: 401, body: JSON.stringify(body), headers: {} } as never;
  });
});

afterAll(async () => {
  jest.restoreAllMocks();
  await functions?.stop();
  await emulator?.close();
});

describe('a Function whose DOMAIN_NAME is public and whose env names an emulator', () => {
  it('never sends a request to the emulator: a delivery goes to Twilio', async () => {
    const sub = emulator.accounts.list()[1];
    const params = deliveryParams(sub.sid, { IdempotencyToken: 'deployed-emulator-url' });
    // Signed for the public URL Twilio would have called, sent to the local server.
    const signedUrl = breakerCallbackUrl(`https://${DOMAIN}`, 'trip');
    const localUrl = signedUrl.replace(`https://${DOMAIN}`, functions.url);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    let status: number;
    try {
      const response = await fetch(localUrl, {
        method: 'POST',
        headers: signedFormHeaders(signTwilioRequest(sub.auth_token, signedUrl, params)),
        body: new URLSearchParams(params).toString(),
      });
      status = response.status;
    } finally {
      error.mockRestore();
    }
    expect(emulator.requestLog.entries()).toEqual([]);
    expect(toTwilio[0]).toBe(`GET api.twilio.com/2010-04-01/Accounts/${sub.sid}.json`);
    expect(toTwilio.every((request) => /^\w+ (api|sync)\.twilio\.com\//.test(request))).toBe(true);
    // Twilio refused our (emulator-only) credentials, so the token could not be had: a 503.
    expect(status).toBe(503);
  });

  it('says in /health why the emulator URL is ignored', async () => {
    const response = await fetch(`${functions.url}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; warnings: string[] };
    expect(body.ok).toBe(true);
    expect(body.warnings).toEqual([
      expect.stringMatching(
        new RegExp(`TWILIO_API_EMULATOR_URL is set but ignored: this Function runs at ${DOMAIN}`),
      ),
    ]);
    expect(emulator.requestLog.entries()).toEqual([]);
  });
});
