// The project's gateway, on the real twilio-node client and the project's RequestClient, against the
// emulator: every operation the project uses, its effect on the emulator's state, and the raw answers
// held against Twilio's official OpenAPI spec.
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
    expect(exchanges.at(-1)?.status).toBe(404);
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

describe('sync maps', () => {
  it('creates a map item once (map created on first use), then reads, overwrites, deletes it', async () => {
    const key = 'delivery/ID 1?x#y'; // any text is a valid key
    await expect(gateway.createMapItem('claims', key, { by: 'a' }, 600)).resolves.toBe('created');
    expectExchangeMatchesSpec(exchanges, 'POST', '/v1/Services/{ServiceSid}/Maps', 201);
    expectExchangeMatchesSpec(
      exchanges,
      'POST',
      '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items',
      201,
    );
    await expect(gateway.createMapItem('claims', key, { by: 'b' })).resolves.toBe('exists');
    expect(exchanges.at(-1)?.status).toBe(409);

    await expect(gateway.fetchMapItem('claims', key)).resolves.toEqual({ by: 'a' });
    expectExchangeMatchesSpec(
      exchanges,
      'GET',
      '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items/{Key}',
      200,
    );
    await gateway.putMapItem('claims', key, { by: 'a', done: true });
    expectExchangeMatchesSpec(
      exchanges,
      'POST',
      '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items/{Key}',
      200,
    );
    await expect(gateway.fetchMapItem('claims', key)).resolves.toEqual({ by: 'a', done: true });

    await gateway.deleteMapItem('claims', key);
    await expect(gateway.fetchMapItem('claims', key)).resolves.toBeNull();
    await expect(gateway.deleteMapItem('claims', key)).resolves.toBeUndefined();
    await expect(gateway.fetchMapItem('no-such-map', key)).resolves.toBeNull();
  });

  it('puts an item that does not exist yet, in a map that does not exist yet', async () => {
    await gateway.putMapItem('tokens', 'k', { v: 1 }, 60);
    await expect(gateway.fetchMapItem('tokens', 'k')).resolves.toEqual({ v: 1 });
  });

  it('lets a claim expire after its TTL, so the key can be claimed again', async () => {
    await expect(gateway.createMapItem('expiring', 'claim', { n: 1 }, 60)).resolves.toBe('created');
    emulator.clock.advance(59_000);
    await expect(gateway.createMapItem('expiring', 'claim', { n: 2 }, 60)).resolves.toBe('exists');
    emulator.clock.advance(2_000);
    await expect(gateway.fetchMapItem('expiring', 'claim')).resolves.toBeNull();
    await expect(gateway.createMapItem('expiring', 'claim', { n: 3 }, 60)).resolves.toBe('created');
  });

  it('gives "created" to exactly one of 20 concurrent creators of one key, on a fresh map', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_v, i) => gateway.createMapItem('latch', 'the-key', { i })),
    );
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'exists')).toHaveLength(19);
  });
});

describe('sync lists', () => {
  it('appends (list created on first use) and pages newest first, continuing after an index', async () => {
    await expect(gateway.listListItems('audit', { pageSize: 2, order: 'desc' })).resolves.toEqual(
      [],
    );
    const indexes: number[] = [];
    for (let n = 1; n <= 5; n += 1) indexes.push(await gateway.appendListItem('audit', { n }));
    expect([...indexes].sort((a, b) => a - b)).toEqual(indexes);
    expectExchangeMatchesSpec(
      exchanges,
      'POST',
      '/v1/Services/{ServiceSid}/Lists/{ListSid}/Items',
      201,
    );

    const seen: number[] = [];
    let from: number | undefined;
    for (let page = 0; page < 5; page += 1) {
      const items = await gateway.listListItems<{ n: number }>('audit', {
        pageSize: 2,
        order: 'desc',
        from,
      });
      if (items.length === 0) break;
      seen.push(...items.map((i) => i.data.n));
      from = items.at(-1)?.index;
    }
    expect(seen).toEqual([5, 4, 3, 2, 1]);
    expectExchangeMatchesSpec(
      exchanges,
      'GET',
      '/v1/Services/{ServiceSid}/Lists/{ListSid}/Items',
      200,
    );

    const oldest = await gateway.listListItems<{ n: number }>('audit', {
      pageSize: 2,
      order: 'asc',
    });
    expect(oldest.map((i) => i.data.n)).toEqual([1, 2]);
  });
});
