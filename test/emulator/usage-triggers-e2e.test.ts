import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { startEmulator, type Emulator } from '../../emulator';
import { control, emulatorClient, rawTwilio } from '../support/emulator-twilio';
import { expectMatchesSpec } from '../support/openapi-contract';

// End to end: the real twilio-node client manages triggers on the emulator, simulated usage makes
// the emulator call a local receiver, and the receiver checks the signature as the breaker will.
describe('Usage Triggers end to end', () => {
  let emulator: Emulator;
  let receiver: http.Server;
  let hookUrl: string;
  const received: { headers: http.IncomingHttpHeaders; body: string; url?: string }[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ now: '2026-03-04T10:00:00Z' });
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body, url: req.url });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/usage-trigger?tier=trip`;
  });
  afterAll(async () => {
    await emulator.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('creates, lists, updates and deletes with twilio-node; fires a signed callback per period', async () => {
    const parent = emulatorClient(emulator);
    const sub = emulator.accounts.createSubaccount('Demo customer');
    const triggers = parent.api.v2010.accounts(sub.sid).usage.triggers;

    const created = await triggers.create({
      callbackUrl: hookUrl,
      triggerValue: '5',
      usageCategory: 'totalprice',
      triggerBy: 'price',
      recurring: 'daily',
      friendlyName: 'breaker trip',
    });
    expect(created).toMatchObject({ accountSid: sub.sid, triggerValue: '5', recurring: 'daily' });
    const spare = await triggers.create({
      callbackUrl: hookUrl,
      triggerValue: '1',
      usageCategory: 'sms',
    });
    expect(spare.triggerBy).toBe('usage');

    const raw = await rawTwilio(emulator, {
      path: `/2010-04-01/Accounts/${sub.sid}/Usage/Triggers.json?UsageCategory=totalprice`,
    });
    expectMatchesSpec(
      'twilio_api_v2010',
      'GET',
      '/2010-04-01/Accounts/{AccountSid}/Usage/Triggers.json',
      200,
      raw.body,
    );
    expect((await triggers.list({ pageSize: 1 })).map((t) => t.sid)).toEqual([
      created.sid,
      spare.sid,
    ]);

    // The subaccount's own credentials reach its triggers too.
    const subClient = emulatorClient(emulator, { sid: sub.sid, token: sub.auth_token });
    const own = await subClient.api.v2010.accounts(sub.sid).usage.triggers(created.sid).fetch();
    expect(own.friendlyName).toBe('breaker trip');

    const updated = await triggers(spare.sid).update({ friendlyName: 'renamed' });
    expect(updated.friendlyName).toBe('renamed');
    expect(await triggers(spare.sid).remove()).toBe(true);
    await expect(triggers(spare.sid).fetch()).rejects.toMatchObject({ status: 404 });

    const usage = { accountSid: sub.sid, category: 'calls', price: 6.5 };
    const first = await control(emulator, 'POST', 'usage', usage);
    expect(first.status).toBe(200);
    expect(received).toHaveLength(1);
    const params = Object.fromEntries(new URLSearchParams(received[0].body));
    expect(params).toMatchObject({
      UsageTriggerSid: created.sid,
      CurrentValue: '6.5',
      AccountSid: sub.sid,
    });
    const signature = String(received[0].headers['x-twilio-signature']);
    const subToken = (await parent.api.v2010.accounts(sub.sid).fetch()).authToken;
    expect(twilio.validateRequest(subToken, signature, hookUrl, params)).toBe(true);
    expect(twilio.validateRequest(emulator.mainAccount.authToken, signature, hookUrl, params)).toBe(
      false,
    );

    await control(emulator, 'POST', 'usage', usage);
    expect(received).toHaveLength(1);
    expect((await triggers(created.sid).fetch()).dateFired?.toISOString()).toBe(
      '2026-03-04T10:00:00.000Z',
    );

    await control(emulator, 'POST', 'clock', { advanceMs: 24 * 3600 * 1000 });
    await control(emulator, 'POST', 'usage', usage);
    expect(received).toHaveLength(2);
    expect(new URLSearchParams(received[1].body).get('DateFired')).toBe(
      'Thu, 05 Mar 2026 10:00:00 +0000',
    );
    expect(emulator.deliveries().map((d) => d.status)).toEqual([200, 200]);
  });
});
