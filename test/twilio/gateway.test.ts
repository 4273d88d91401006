// The project's gateway (accounts, triggers, messages, calls; Sync is in gateway-sync.test.ts) on the
// real twilio-node client and the project's RequestClient, against the emulator: each operation, its
// effect on the emulator's state, and the raw answers held against Twilio's official OpenAPI spec.
import { startEmulator, type Emulator } from '../../emulator';
import type { TriggerSpec, TwilioGateway } from '../../src/twilio/gateway';
import { expectExchangeMatchesSpec, gatewayFor, type Exchange } from './gateway-harness';

let emulator: Emulator;
let gateway: TwilioGateway;
let exchanges: Exchange[];
const SUBACCOUNTS = 7;

async function control(method: string, path: string, body?: object): Promise<unknown> {
  const response = await fetch(`${emulator.url}/__emulator/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

const subaccountSids = () =>
  emulator.accounts
    .list()
    .filter((a) => a.sid !== emulator.mainAccount.sid)
    .map((a) => a.sid);

beforeAll(async () => {
  emulator = await startEmulator({ seed: { subaccounts: SUBACCOUNTS } });
  ({ gateway, exchanges } = gatewayFor(emulator));
});
afterAll(() => emulator.close());

describe('accounts', () => {
  it('pages through every subaccount, main account excluded, one request per page', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    const before = exchanges.length;
    do {
      const page = await gateway.listSubaccountsPage(cursor, 3);
      expect(page.accounts.length).toBeLessThanOrEqual(3);
      for (const a of page.accounts) expect(a.authToken).toBeUndefined();
      seen.push(...page.accounts.map((a) => a.sid));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);

    expect(cursor).toBeNull();
    expect(seen.sort()).toEqual(subaccountSids().sort());
    // 8 accounts (main included in Twilio's list) in pages of 3.
    expect(exchanges.length - before).toBe(3);
    expectExchangeMatchesSpec(exchanges, 'GET', '/2010-04-01/Accounts.json', 200);
  });

  it('refuses a cursor it did not issue instead of following it', async () => {
    const before = exchanges.length;
    const forged = Buffer.from('https://attacker.example/steal').toString('base64url');
    await expect(gateway.listSubaccountsPage(forged, 3)).rejects.toThrow(RangeError);
    expect(exchanges.length).toBe(before);
  });

  it('suspends and reactivates a subaccount; a fetch carries its auth token', async () => {
    const sid = subaccountSids()[0];
    const suspended = await gateway.updateAccountStatus(sid, 'suspended');
    expect(suspended).toMatchObject({
      sid,
      status: 'suspended',
      ownerAccountSid: emulator.mainAccount.sid,
    });
    expect(suspended.authToken).toBeUndefined();
    expect(emulator.accounts.get(sid)?.status).toBe('suspended');
    expectExchangeMatchesSpec(exchanges, 'POST', '/2010-04-01/Accounts/{Sid}.json', 200);

    const fetched = await gateway.fetchAccount(sid);
    expect(fetched).toMatchObject({ sid, status: 'suspended' });
    expect(fetched?.authToken).toBe(emulator.accounts.get(sid)?.auth_token);
    expectExchangeMatchesSpec(exchanges, 'GET', '/2010-04-01/Accounts/{Sid}.json', 200);

    await expect(gateway.updateAccountStatus(sid, 'active')).resolves.toMatchObject({
      status: 'active',
    });
    expect(emulator.accounts.get(sid)?.status).toBe('active');
  });

  it('fetches null for an unknown account, and for a malformed SID without a request', async () => {
    await expect(gateway.fetchAccount(`AC${'0'.repeat(32)}`)).resolves.toBeNull();
    // 401 20003 for an account not ours, then our own account answers: the credentials are fine.
    expect(exchanges.slice(-2).map((e) => e.status)).toEqual([401, 200]);
    const before = exchanges.length;
    await expect(gateway.fetchAccount('AC../../Accounts')).resolves.toBeNull();
    expect(exchanges.length).toBe(before);
  });
});

describe('usage triggers', () => {
  const spec = (name: string): TriggerSpec => ({
    friendlyName: name,
    usageCategory: 'totalprice',
    triggerBy: 'price',
    triggerValue: '50',
    recurring: 'daily',
    callbackUrl: 'https://breaker.example.com/usage-trigger?tier=trip',
    callbackMethod: 'POST',
  });

  it('creates, lists, updates and deletes triggers on a subaccount', async () => {
    const sid = subaccountSids()[1];
    const trip = await gateway.createTrigger(sid, spec('breaker trip'));
    expect(trip).toMatchObject({ ...spec('breaker trip'), accountSid: sid });
    expect(trip.sid).toMatch(/^UT[0-9a-f]{32}$/);
    expectExchangeMatchesSpec(
      exchanges,
      'POST',
      '/2010-04-01/Accounts/{AccountSid}/Usage/Triggers.json',
      201,
    );
    const warn = await gateway.createTrigger(sid, { ...spec('breaker warn'), triggerValue: '20' });

    const listed = await gateway.listTriggers(sid);
    expect(listed.map((t) => t.sid).sort()).toEqual([trip.sid, warn.sid].sort());
    expect(listed.find((t) => t.sid === warn.sid)).toMatchObject({
      triggerValue: '20',
      recurring: 'daily',
    });
    expectExchangeMatchesSpec(
      exchanges,
      'GET',
      '/2010-04-01/Accounts/{AccountSid}/Usage/Triggers.json',
      200,
    );

    const moved = 'https://breaker2.example.com/usage-trigger?tier=trip';
    const updated = await gateway.updateTrigger(sid, trip.sid, {
      callbackUrl: moved,
      friendlyName: 'renamed',
    });
    expect(updated).toMatchObject({
      sid: trip.sid,
      callbackUrl: moved,
      friendlyName: 'renamed',
      triggerValue: '50',
    });
    expectExchangeMatchesSpec(
      exchanges,
      'POST',
      '/2010-04-01/Accounts/{AccountSid}/Usage/Triggers/{Sid}.json',
      200,
    );

    await gateway.deleteTrigger(sid, warn.sid);
    expectExchangeMatchesSpec(
      exchanges,
      'DELETE',
      '/2010-04-01/Accounts/{AccountSid}/Usage/Triggers/{Sid}.json',
      204,
    );
    expect((await gateway.listTriggers(sid)).map((t) => t.sid)).toEqual([trip.sid]);
    await expect(gateway.deleteTrigger(sid, warn.sid)).resolves.toBeUndefined(); // already gone
    expect(exchanges.at(-1)?.status).toBe(404);
  });
});

describe('usage records', () => {
  it('reads an account’s usage of a category today, this month and all time', async () => {
    const sid = subaccountSids()[2];
    expect(await gateway.readUsage(sid, 'today', 'totalprice')).toMatchObject({
      category: 'totalprice',
      period: 'today',
      price: 0,
    });
    await emulator.recordUsage({ accountSid: sid, category: 'sms', price: 12.5, count: 3 });
    await emulator.recordUsage({ accountSid: sid, category: 'calls', price: 7.25, usage: 9 });
    const today = await gateway.readUsage(sid, 'today', 'totalprice');
    expect(today).toMatchObject({ price: 19.75, usage: 19.75, priceUnit: 'usd' });
    expectExchangeMatchesSpec(
      exchanges,
      'GET',
      '/2010-04-01/Accounts/{AccountSid}/Usage/Records/Today.json',
      200,
    );
    const allTime = await gateway.readUsage(sid, 'all-time', 'sms');
    expect(allTime).toMatchObject({ period: 'all-time', price: 12.5, count: 3 });
    expectExchangeMatchesSpec(
      exchanges,
      'GET',
      '/2010-04-01/Accounts/{AccountSid}/Usage/Records/AllTime.json',
      200,
    );
    const month = await gateway.readUsage(sid, 'this-month', 'calls');
    expect(month).toMatchObject({ usage: 9, price: 7.25 });
  });

  it('reports DateFired of a trigger that fired, null before', async () => {
    const sid = subaccountSids()[3];
    const trigger = await gateway.createTrigger(sid, {
      friendlyName: 'fires at 5',
      usageCategory: 'totalprice',
      triggerBy: 'price',
      triggerValue: '5',
      recurring: 'daily',
      callbackUrl: 'http://127.0.0.1:9/never-answers',
      callbackMethod: 'POST',
    });
    expect(trigger.dateFired).toBeNull();
    await emulator.recordUsage({ accountSid: sid, category: 'totalprice', price: 6 });
    const [fired] = await gateway.listTriggers(sid);
    expect(fired.dateFired).toBe(
      emulator.clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, '.000Z'),
    );
  });
});

describe('messages', () => {
  it('sends an SMS from the main account', async () => {
    await gateway.sendSms({ to: '+15005550006', from: '+15005550001', body: 'breaker tripped' });
    expect(emulator.messages.list(emulator.mainAccount.sid)).toEqual([
      expect.objectContaining({
        to: '+15005550006',
        from: '+15005550001',
        body: 'breaker tripped',
      }),
    ]);
    expectExchangeMatchesSpec(
      exchanges,
      'POST',
      '/2010-04-01/Accounts/{AccountSid}/Messages.json',
      201,
    );
  });
});

describe('calls', () => {
  it('lists the live calls of one account and ends them, whatever their state', async () => {
    const [sid, other] = subaccountSids().slice(2, 4);
    for (const status of ['in-progress', 'ringing', 'queued']) {
      await control('POST', 'calls', { accountSid: sid, status });
    }
    await control('POST', 'calls', { accountSid: other });

    const live = await gateway.listLiveCalls(sid);
    expect(live.sort()).toEqual(
      emulator.calls
        .list(sid)
        .map((c) => c.sid)
        .sort(),
    );
    expect(live).toHaveLength(3);
    expectExchangeMatchesSpec(
      exchanges,
      'GET',
      '/2010-04-01/Accounts/{AccountSid}/Calls.json',
      200,
    );

    for (const callSid of live) await gateway.endCall(sid, callSid);
    expectExchangeMatchesSpec(
      exchanges,
      'POST',
      '/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json',
      200,
    );
    expect(emulator.calls.list(sid).map((c) => c.status)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    await expect(gateway.listLiveCalls(sid)).resolves.toEqual([]);
    expect(emulator.calls.list(other)[0].status).toBe('in-progress');

    // A call that ended between listing and ending it is not an error.
    await expect(gateway.endCall(sid, live[0])).resolves.toBeUndefined();
    expect(exchanges.at(-1)?.status).toBe(400);
  });
});
