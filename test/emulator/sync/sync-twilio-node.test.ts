import { startEmulator, type Emulator } from '../../../emulator';
import { emulatorClient, rawTwilio } from '../../support/emulator-twilio';
import { expectMatchesSpec } from '../../support/openapi-contract';

// The real twilio-node client drives the Sync resources over HTTP through the project's redirect.
describe('Sync through twilio-node and the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ now: '2026-03-04T10:00:00Z' });
  });
  afterAll(() => emulator.close());

  it('latches a map item exactly once, even under concurrent creates', async () => {
    const sync = emulatorClient(emulator).sync.v1.services('default');
    const map = await sync.syncMaps.create({ uniqueName: 'trips' });
    expect(map.sid).toMatch(/^MP/);
    const items = sync.syncMaps('trips').syncMapItems;

    const first = await items.create({ key: 'ACone', data: { by: 'first' } });
    expect(first).toMatchObject({ key: 'ACone', data: { by: 'first' }, mapSid: map.sid });
    await expect(items.create({ key: 'ACone', data: {} })).rejects.toMatchObject({
      status: 409,
      code: 54208,
    });

    const racers = Array.from({ length: 20 }, (_, i) =>
      items.create({ key: 'ACrace', data: { i } }),
    );
    const settled = await Promise.allSettled(racers);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);

    const updated = await items('ACone').update({
      data: { by: 'update' },
      ifMatch: first.revision,
    });
    expect(updated.data).toEqual({ by: 'update' });
    await expect(
      items('ACone').update({ data: {}, ifMatch: first.revision }),
    ).rejects.toMatchObject({ status: 412, code: 54205 });
    expect((await items.list()).map((i) => i.key)).toEqual(['ACone', 'ACrace']);

    const raw = await rawTwilio(emulator, {
      host: 'sync.twilio.com',
      path: '/v1/Services/default/Maps/trips/Items',
    });
    expectMatchesSpec(
      'twilio_sync_v1',
      'GET',
      '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items',
      200,
      raw.body,
    );
  });

  it('appends to a list and reads it back across pages, in both orders', async () => {
    const sync = emulatorClient(emulator).sync.v1.services('default');
    await sync.syncLists.create({ uniqueName: 'audit' });
    const items = sync.syncLists('audit').syncListItems;
    for (let i = 0; i < 7; i++) await items.create({ data: { i } });

    const all = await items.list({ pageSize: 3 });
    expect(all.map((item) => item.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const newest = await items.list({ order: 'desc', pageSize: 2, limit: 3 });
    expect(newest.map((item) => item.data)).toEqual([{ i: 6 }, { i: 5 }, { i: 4 }]);
  });

  it('expires a document on the emulator clock and scopes data by account', async () => {
    const parent = emulatorClient(emulator);
    const doc = await parent.sync.v1.services('default').documents.create({
      uniqueName: 'cfg',
      data: { tier: 1 },
      ttl: 60,
    });
    expect((await parent.sync.v1.services('default').documents('cfg').fetch()).sid).toBe(doc.sid);

    const sub = emulator.accounts.createSubaccount('Sync tenant');
    const subClient = emulatorClient(emulator, { sid: sub.sid, token: sub.auth_token });
    const subDefault = await subClient.sync.v1.services('default').fetch();
    expect(subDefault.sid).not.toBe(doc.serviceSid);
    await expect(
      subClient.sync.v1.services(doc.serviceSid).documents('cfg').fetch(),
    ).rejects.toMatchObject({ status: 403, code: 54056 });

    emulator.clock.advance(60_000);
    await expect(parent.sync.v1.services('default').documents('cfg').fetch()).rejects.toMatchObject(
      {
        status: 404,
        code: 54100,
      },
    );
  });
});
