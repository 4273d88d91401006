import { startEmulator, type Emulator } from '../../emulator';
import type { EmulatedAccount } from '../../emulator/types';
import { expectMatchesSpec } from '../support/openapi-contract';
import { emulatorClient, rawTwilio } from '../support/emulator-twilio';

let emulator: Emulator;
let sub: EmulatedAccount;
beforeEach(async () => {
  emulator = await startEmulator({ now: '2026-11-28T03:00:00Z', seed: { subaccounts: 1 } });
  sub = emulator.accounts.list()[1];
});
afterEach(() => emulator.close());

const spec = (method: string, path: string, status: number, body: unknown) =>
  expectMatchesSpec('twilio_api_v2010', method, path, status, body);

describe('messages', () => {
  const messagesPath = () => `/2010-04-01/Accounts/${sub.sid}/Messages.json`;

  it('records a message as queued (not sent) and lists it, newest first', async () => {
    const client = emulatorClient(emulator);
    const first = await client.api.v2010
      .accounts(sub.sid)
      .messages.create({ to: '+15005550006', from: '+15005550001', body: 'first' });
    expect(first.status).toBe('queued');
    expect(first.accountSid).toBe(sub.sid);
    await client.api.v2010
      .accounts(sub.sid)
      .messages.create({ to: '+15005550007', from: '+15005550001', body: 'second' });

    const listed = await client.api.v2010.accounts(sub.sid).messages.list();
    expect(listed.map((m) => m.body)).toEqual(['second', 'first']);
    const filtered = await client.api.v2010.accounts(sub.sid).messages.list({ to: '+15005550006' });
    expect(filtered.map((m) => m.sid)).toEqual([first.sid]);
    expect(await client.api.v2010.accounts.get(emulator.mainAccount.sid).messages.list()).toEqual(
      [],
    );
  });

  it('answers spec-valid bodies to create (201) and list', async () => {
    const created = await rawTwilio(emulator, {
      method: 'POST',
      path: messagesPath(),
      form: { To: '+15005550006', From: '+15005550001', Body: 'hi' },
    });
    expect(created.status).toBe(201);
    spec('POST', '/2010-04-01/Accounts/{AccountSid}/Messages.json', 201, created.body);
    const listed = await rawTwilio(emulator, { path: messagesPath() });
    spec('GET', '/2010-04-01/Accounts/{AccountSid}/Messages.json', 200, listed.body);
  });

  it.each([
    ['To', 21604],
    ['From', 21603],
    ['Body', 21602],
  ])('requires %s (%i)', async (missing, code) => {
    const form: Record<string, string> = { To: '+15005550006', From: '+15005550001', Body: 'x' };
    delete form[missing];
    const res = await rawTwilio(emulator, { method: 'POST', path: messagesPath(), form });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code });
  });

  it('refuses to send from a suspended subaccount (10001)', async () => {
    await emulatorClient(emulator).api.v2010.accounts(sub.sid).update({ status: 'suspended' });
    const res = await rawTwilio(emulator, {
      method: 'POST',
      path: messagesPath(),
      form: { To: '+15005550006', From: '+15005550001', Body: 'x' },
    });
    expect(res.body).toMatchObject({ code: 10001 });
    expect(emulator.messages.list(sub.sid)).toHaveLength(0);
  });
});

describe('calls', () => {
  const callPath = (sid: string) => `/2010-04-01/Accounts/${sub.sid}/Calls/${sid}.json`;

  it('lists calls filtered by status and fetches one, with spec-valid bodies', async () => {
    const live = emulator.addCall({ accountSid: sub.sid });
    const ringing = emulator.addCall({ accountSid: sub.sid, status: 'ringing' });
    emulator.addCall({ accountSid: emulator.mainAccount.sid });
    const client = emulatorClient(emulator);
    const calls = client.api.v2010.accounts(sub.sid).calls;
    expect((await calls.list({ status: 'in-progress' })).map((c) => c.sid)).toEqual([live.sid]);
    expect((await calls.list({ status: 'ringing' })).map((c) => c.sid)).toEqual([ringing.sid]);
    expect(await calls.list({ status: 'completed' })).toEqual([]);
    expect((await calls.list()).map((c) => c.sid)).toEqual([ringing.sid, live.sid]);

    const listed = await rawTwilio(emulator, {
      path: `/2010-04-01/Accounts/${sub.sid}/Calls.json`,
    });
    spec('GET', '/2010-04-01/Accounts/{AccountSid}/Calls.json', 200, listed.body);
    const fetched = await rawTwilio(emulator, { path: callPath(live.sid) });
    expect(fetched.body).toMatchObject({ sid: live.sid, status: 'in-progress', end_time: null });
    spec('GET', '/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json', 200, fetched.body);
  });

  it('ends an in-progress call with completed, and answers 21220 once it has ended', async () => {
    const call = emulator.addCall({ accountSid: sub.sid });
    emulator.clock.advance(42_000);
    const ended = await rawTwilio(emulator, {
      method: 'POST',
      path: callPath(call.sid),
      form: { Status: 'completed' },
    });
    expect(ended.body).toMatchObject({ status: 'completed', duration: '42' });
    spec('POST', '/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json', 200, ended.body);
    const again = emulatorClient(emulator).api.v2010.accounts(sub.sid).calls(call.sid);
    await expect(again.update({ status: 'completed' })).rejects.toMatchObject({ code: 21220 });
  });

  it('cancels only queued or ringing calls: an answered call keeps going', async () => {
    const client = emulatorClient(emulator).api.v2010.accounts(sub.sid);
    const ringing = emulator.addCall({ accountSid: sub.sid, status: 'ringing' });
    const queued = emulator.addCall({ accountSid: sub.sid, status: 'queued' });
    const live = emulator.addCall({ accountSid: sub.sid });
    expect((await client.calls(ringing.sid).update({ status: 'canceled' })).status).toBe(
      'canceled',
    );
    expect((await client.calls(queued.sid).update({ status: 'canceled' })).status).toBe('canceled');
    expect((await client.calls(live.sid).update({ status: 'canceled' })).status).toBe(
      'in-progress',
    );
    expect((await client.calls(live.sid).fetch()).status).toBe('in-progress');
  });

  it('keeps calls running when the account is suspended', async () => {
    const call = emulator.addCall({ accountSid: sub.sid });
    const client = emulatorClient(emulator).api.v2010;
    await client.accounts(sub.sid).update({ status: 'suspended' });
    const live = await client.accounts(sub.sid).calls.list({ status: 'in-progress' });
    expect(live.map((c) => c.sid)).toEqual([call.sid]);
  });

  it("answers 404 for another account's call, even to the parent through the wrong account", async () => {
    const call = emulator.addCall({ accountSid: sub.sid });
    const res = await rawTwilio(emulator, {
      path: `/2010-04-01/Accounts/${emulator.mainAccount.sid}/Calls/${call.sid}.json`,
    });
    expect(res.status).toBe(404);
  });
});
