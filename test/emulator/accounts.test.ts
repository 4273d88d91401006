import { startEmulator, type Emulator } from '../../emulator';
import { expectMatchesSpec } from '../support/openapi-contract';
import { emulatorClient, rawTwilio } from '../support/emulator-twilio';

const NOW = '2026-11-28T03:00:00Z';
let emulator: Emulator;
afterEach(() => emulator?.close());

const accountPath = (sid: string) => `/2010-04-01/Accounts/${sid}.json`;
const spec = (method: string, path: string, status: number, body: unknown) =>
  expectMatchesSpec('twilio_api_v2010', method, path, status, body);

describe('accounts resource', () => {
  beforeEach(async () => {
    emulator = await startEmulator({ now: NOW, seed: { subaccounts: 2 } });
  });

  it('creates a subaccount, fetches it with its auth token, in Twilio-shaped JSON', async () => {
    const client = emulatorClient(emulator);
    const created = await client.api.v2010.accounts.create({ friendlyName: 'Acme' });
    expect(created.ownerAccountSid).toBe(emulator.mainAccount.sid);
    expect(created.status).toBe('active');

    const raw = await rawTwilio(emulator, { path: accountPath(created.sid) });
    expect(raw.status).toBe(200);
    expect(raw.body).toMatchObject({
      sid: created.sid,
      friendly_name: 'Acme',
      date_created: 'Sat, 28 Nov 2026 03:00:00 +0000',
      uri: accountPath(created.sid),
    });
    expect(raw.body?.auth_token).toMatch(/^[0-9a-f]{32}$/);
    spec('GET', '/2010-04-01/Accounts/{Sid}.json', 200, raw.body);
  });

  it('answers 201 with a spec-valid body to a create, and names unnamed subaccounts like Twilio', async () => {
    const raw = await rawTwilio(emulator, {
      method: 'POST',
      path: '/2010-04-01/Accounts.json',
      form: {},
    });
    expect(raw.status).toBe(201);
    expect(raw.body?.friendly_name).toBe('SubAccount Created at 2026-11-28 03:00 am');
    spec('POST', '/2010-04-01/Accounts.json', 201, raw.body);
  });

  it('lists the main account and its subaccounts, filtered by FriendlyName and Status', async () => {
    const client = emulatorClient(emulator);
    const all = await client.api.v2010.accounts.list();
    expect(all.map((a) => a.friendlyName)).toEqual([
      'Emulator Main Account',
      'Demo Customer 001',
      'Demo Customer 002',
    ]);
    const named = await client.api.v2010.accounts.list({ friendlyName: 'Demo Customer 002' });
    expect(named.map((a) => a.sid)).toEqual([all[2].sid]);

    await client.api.v2010.accounts(all[1].sid).update({ status: 'suspended' });
    const suspended = await client.api.v2010.accounts.list({ status: 'suspended' });
    expect(suspended.map((a) => a.sid)).toEqual([all[1].sid]);

    const raw = await rawTwilio(emulator, { path: '/2010-04-01/Accounts.json?PageSize=2' });
    spec('GET', '/2010-04-01/Accounts.json', 200, raw.body);
    expect(raw.body?.next_page_uri).toMatch(/PageToken=PT2/);
  });

  it('pages through more than two pages with each() and list()', async () => {
    for (let i = 0; i < 5; i++) emulator.accounts.createSubaccount(`Extra ${i}`);
    const client = emulatorClient(emulator);
    const seen: string[] = [];
    await client.api.v2010.accounts.each({ pageSize: 2 }, (a) => {
      seen.push(a.friendlyName);
    });
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    const listed = await client.api.v2010.accounts.list({ pageSize: 3, limit: 7 });
    expect(listed.map((a) => a.friendlyName)).toEqual(seen.slice(0, 7));
    const pages =
      emulator.requestLog.stats().byRoute['GET api.twilio.com/2010-04-01/Accounts.json'];
    expect(pages.count).toBe(4 + 3);
  });

  it('updates FriendlyName and suspends and reactivates a subaccount with the parent credentials', async () => {
    const client = emulatorClient(emulator);
    const [, sub] = emulator.accounts.list();
    const renamed = await client.api.v2010.accounts(sub.sid).update({ friendlyName: 'Renamed' });
    expect(renamed.friendlyName).toBe('Renamed');

    const suspend = await rawTwilio(emulator, {
      method: 'POST',
      path: accountPath(sub.sid),
      form: { Status: 'suspended' },
    });
    expect(suspend.status).toBe(200);
    expect(suspend.body?.status).toBe('suspended');
    spec('POST', '/2010-04-01/Accounts/{Sid}.json', 200, suspend.body);
    expect((await client.api.v2010.accounts(sub.sid).update({ status: 'active' })).status).toBe(
      'active',
    );
  });
});

describe('account status rules', () => {
  beforeEach(async () => {
    emulator = await startEmulator({ now: NOW, seed: { subaccounts: 1 } });
  });
  const sub = () => emulator.accounts.list()[1];
  const setStatus = (sid: string, status: string, creds?: { sid: string; token: string }) =>
    rawTwilio(emulator, {
      method: 'POST',
      path: accountPath(sid),
      form: { Status: status },
      creds,
    });

  it('refuses to change the main account status (21477)', async () => {
    const res = await setStatus(emulator.mainAccount.sid, 'suspended');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 21477, status: 400 });
    expect(emulator.accounts.get(emulator.mainAccount.sid)?.status).toBe('active');
  });

  it('treats closed as final (21479)', async () => {
    expect((await setStatus(sub().sid, 'closed')).status).toBe(200);
    const reopen = await setStatus(sub().sid, 'active');
    expect(reopen.body).toMatchObject({ code: 21479 });
    expect(emulator.accounts.get(sub().sid)?.status).toBe('closed');
  });

  it('answers 21478 for an account suspended by Twilio, whatever the change', async () => {
    emulator.accounts.markSuspendedByTwilio(sub().sid);
    for (const status of ['active', 'closed', 'suspended']) {
      const res = await setStatus(sub().sid, status);
      expect(res.body).toMatchObject({ code: 21478, status: 400 });
    }
    expect(emulator.accounts.get(sub().sid)?.status).toBe('suspended');
  });

  it('rejects an unknown status (21475) and a subaccount changing its own status', async () => {
    expect((await setStatus(sub().sid, 'paused')).body).toMatchObject({ code: 21475 });
    const own = await setStatus(sub().sid, 'suspended', {
      sid: sub().sid,
      token: sub().auth_token,
    });
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ code: 20003 });
    expect(emulator.accounts.get(sub().sid)?.status).toBe('active');
  });

  it('lets only the main account create subaccounts (21101), up to the cap (21480)', async () => {
    const asSub = emulatorClient(emulator, { sid: sub().sid, token: sub().auth_token });
    await expect(asSub.api.v2010.accounts.create({ friendlyName: 'nested' })).rejects.toMatchObject(
      {
        status: 400,
        code: 21101,
      },
    );
    const capped = await startEmulator({ maxSubaccounts: 2, seed: { subaccounts: 2 } });
    try {
      await expect(emulatorClient(capped).api.v2010.accounts.create({})).rejects.toMatchObject({
        code: 21480,
      });
      expect(capped.accounts.list()).toHaveLength(3);
    } finally {
      await capped.close();
    }
  });
});
