import { startEmulator, type Emulator } from '../../emulator';
import type { EmulatedAccount } from '../../emulator/types';
import { emulatorClient, rawTwilio } from '../support/emulator-twilio';

let emulator: Emulator;
let parent: { sid: string; token: string };
let child: EmulatedAccount;
let sibling: EmulatedAccount;
const creds = (a: EmulatedAccount) => ({ sid: a.sid, token: a.auth_token });
const accountPath = (sid: string) => `/2010-04-01/Accounts/${sid}.json`;

beforeEach(async () => {
  emulator = await startEmulator({ seed: { subaccounts: 2 } });
  parent = { sid: emulator.mainAccount.sid, token: emulator.mainAccount.authToken };
  [, child, sibling] = emulator.accounts.list();
});
afterEach(() => emulator.close());

describe('HTTP Basic auth', () => {
  it("answers 401 with Twilio's error body to a wrong token", async () => {
    const res = await rawTwilio(emulator, {
      path: accountPath(parent.sid),
      creds: { sid: parent.sid, token: 'not-the-token' },
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    });
  });

  it('raises a RestException 20003 in twilio-node for an unknown account or no credentials', async () => {
    const stranger = emulatorClient(emulator, { sid: `AC${'0'.repeat(32)}`, token: 'fake-token' });
    await expect(stranger.api.v2010.accounts(parent.sid).fetch()).rejects.toMatchObject({
      status: 401,
      code: 20003,
    });
    const res = await fetch(`${emulator.url}${accountPath(parent.sid)}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('lets the parent reach its subaccounts and their resources', async () => {
    const client = emulatorClient(emulator);
    const fetched = await client.api.v2010.accounts(child.sid).fetch();
    expect(fetched.authToken).toBe(child.auth_token);
    emulator.addCall({ accountSid: child.sid });
    expect(await client.api.v2010.accounts(child.sid).calls.list()).toHaveLength(1);
  });

  // Twilio's 20003 page: "subaccount credentials used to access the main account or another subaccount".
  it('keeps a subaccount to itself: sibling and parent answer 401 20003, as on Twilio', async () => {
    const asChild = emulatorClient(emulator, creds(child));
    expect((await asChild.api.v2010.accounts(child.sid).fetch()).sid).toBe(child.sid);
    for (const other of [sibling.sid, parent.sid]) {
      await expect(asChild.api.v2010.accounts(other).fetch()).rejects.toMatchObject({
        status: 401,
        code: 20003,
      });
      const calls = await rawTwilio(emulator, {
        path: `/2010-04-01/Accounts/${other}/Calls.json`,
        creds: creds(child),
      });
      expect(calls).toMatchObject({ status: 401, body: { code: 20003 } });
    }
    const listed = await asChild.api.v2010.accounts.list();
    expect(listed.map((a) => a.sid)).toEqual([child.sid]);
  });

  it("answers the main account's credentials 401 20003 for an account that is not its own", async () => {
    const foreign = `AC${'f'.repeat(32)}`;
    await expect(
      emulatorClient(emulator).api.v2010.accounts(foreign).fetch(),
    ).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it("refuses a suspended or closed account's own credentials, while the parent still acts on it", async () => {
    const client = emulatorClient(emulator);
    await client.api.v2010.accounts(child.sid).update({ status: 'suspended' });
    const own = await rawTwilio(emulator, { path: accountPath(child.sid), creds: creds(child) });
    expect(own.status).toBe(401);
    expect((await client.api.v2010.accounts(child.sid).fetch()).status).toBe('suspended');
  });

  it('answers 404 (20404) for an unknown route and 405 for a wrong method, after auth', async () => {
    const unknown = await rawTwilio(emulator, { path: '/2010-04-01/Nope.json' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 20404 });
    const wrongMethod = await rawTwilio(emulator, {
      method: 'DELETE',
      path: accountPath(child.sid),
    });
    expect(wrongMethod.status).toBe(405);
    const unauthenticated = await rawTwilio(emulator, {
      path: '/2010-04-01/Nope.json',
      creds: { sid: parent.sid, token: 'wrong' },
    });
    expect(unauthenticated.status).toBe(401);
  });

  it('routes by X-Twilio-Host: the same path on another host is another resource', async () => {
    const res = await rawTwilio(emulator, {
      path: accountPath(child.sid),
      host: 'sync.twilio.com',
    });
    expect(res.status).toBe(404);
    const unknownHost = await rawTwilio(emulator, {
      path: accountPath(child.sid),
      host: 'evil.example',
    });
    expect(unknownHost.status).toBe(404);
    expect(unknownHost.body?.message).toMatch(/not emulated/);
  });
});
