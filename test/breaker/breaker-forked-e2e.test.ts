// The breaker as `twilio-run start` runs it by default: one forked child process per request, so
// every delivery meets a cold instance (no token cache, no memory of claims). Exactly-once and the
// signature check must hold all the same.
import { startEmulator, type Emulator } from '../../emulator';
import { emulatorEnv } from '../../scripts/emulator-env';
import { breakerCallbackUrl } from '../../src/breaker/delivery/callback-url';
import { startFunctions, type FunctionsServer } from '../support/functions-server';
import { emulatorClient } from '../support/emulator-twilio';

let emulator: Emulator;
let functions: FunctionsServer;

beforeAll(async () => {
  emulator = await startEmulator();
  functions = await startFunctions({ env: emulatorEnv(emulator), mode: 'forked' });
});

afterAll(async () => {
  await functions?.stop();
  await emulator?.close();
});

it('suspends once on a fired trigger and ignores a replay, one process per request', async () => {
  const sub = emulator.accounts.createSubaccount('Forked customer');
  await emulatorClient(emulator)
    .api.v2010.accounts(sub.sid)
    .usage.triggers.create({
      callbackUrl: breakerCallbackUrl(functions.url, 'trip'),
      triggerValue: '10',
      usageCategory: 'totalprice',
      triggerBy: 'price',
      recurring: 'daily',
    });
  const [delivery] = await emulator.recordUsage({
    accountSid: sub.sid,
    category: 'totalprice',
    price: 11,
  });
  expect(delivery.status).toBe(200);
  expect(emulator.accounts.get(sub.sid)!.status).toBe('suspended');

  await emulatorClient(emulator).api.v2010.accounts(sub.sid).update({ status: 'active' });
  const [recorded] = emulator.deliveries();
  const replay = await fetch(recorded.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': recorded.signature,
    },
    body: new URLSearchParams(recorded.params).toString(),
  });
  expect(await replay.json()).toEqual({ action: 'duplicate' });
  expect(emulator.accounts.get(sub.sid)!.status).toBe('active');

  const forged = await fetch(recorded.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': 'bm9wZQ==',
    },
    body: new URLSearchParams(recorded.params).toString(),
  });
  expect(forged.status).toBe(403);
});
