import { expectMatchesSpec } from '../../support/openapi-contract';
import { bodyOf, MAIN, SUB, syncHarness } from './sync-harness';

const spec = (method: string, path: string, status: number, body: unknown) =>
  expectMatchesSpec('twilio_sync_v1', method, path, status, body);

describe('Sync Services', () => {
  it('gives each account its own default service, made once on first use', async () => {
    const { call } = syncHarness();
    const first = await call('GET', '/v1/Services/default');
    const again = await call('GET', '/v1/Services/default');
    const sub = await call('GET', '/v1/Services/default', { account: SUB });

    expect(first.status).toBe(200);
    spec('GET', '/v1/Services/{Sid}', 200, first.body);
    expect(bodyOf(first)).toMatchObject({ unique_name: 'default', account_sid: MAIN });
    expect(bodyOf(again).sid).toBe(bodyOf(first).sid);
    expect(bodyOf(sub).account_sid).toBe(SUB);
    expect(bodyOf(sub).sid).not.toBe(bodyOf(first).sid);
  });

  it('creates, fetches by SID, updates, lists and deletes a service', async () => {
    const { call } = syncHarness();
    const created = await call('POST', '/v1/Services', {
      form: { FriendlyName: 'breaker', AclEnabled: 'true' },
    });
    expect(created.status).toBe(201);
    spec('POST', '/v1/Services', 201, created.body);
    const sid = bodyOf(created).sid as string;
    expect(sid).toMatch(/^IS[0-9a-f]{32}$/);
    expect(bodyOf(created)).toMatchObject({ friendly_name: 'breaker', acl_enabled: true });
    expect(bodyOf(created).links.maps).toBe(`https://sync.twilio.com/v1/Services/${sid}/Maps`);

    const fetched = await call('GET', `/v1/Services/${sid}`);
    expect(bodyOf(fetched)).toEqual(bodyOf(created));

    const updated = await call('POST', `/v1/Services/${sid}`, {
      form: { FriendlyName: 'renamed' },
    });
    spec('POST', '/v1/Services/{Sid}', 200, updated.body);
    expect(bodyOf(updated).friendly_name).toBe('renamed');

    const listed = await call('GET', '/v1/Services');
    spec('GET', '/v1/Services', 200, listed.body);
    expect(bodyOf(listed).services.map((s: { sid: string }) => s.sid)).toEqual([sid]);
    expect(bodyOf(listed).meta.key).toBe('services');

    expect((await call('DELETE', `/v1/Services/${sid}`)).status).toBe(204);
    expect(bodyOf(await call('GET', `/v1/Services/${sid}`)).code).toBe(54050);
  });

  it('answers 404 / 54050 for an unknown service, Twilio error body shape', async () => {
    const { call } = syncHarness();
    const res = await call('GET', `/v1/Services/IS${'0'.repeat(32)}/Maps`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      code: 54050,
      message: expect.stringContaining('Service Instance not found'),
      more_info: 'https://www.twilio.com/docs/errors/54050',
      status: 404,
    });
  });

  it("keeps a subaccount out of its parent's services and data", async () => {
    const { call } = syncHarness();
    const parent = bodyOf(await call('GET', '/v1/Services/default')).sid as string;
    await call('POST', '/v1/Services/default/Maps', { form: { UniqueName: 'secrets' } });

    const direct = await call('GET', `/v1/Services/${parent}/Maps/secrets`, { account: SUB });
    expect(direct.status).toBe(403);
    expect(bodyOf(direct).code).toBe(54056);
    const viaAlias = await call('GET', '/v1/Services/default/Maps/secrets', { account: SUB });
    expect(bodyOf(viaAlias).code).toBe(54200);
    const listed = await call('GET', '/v1/Services', { account: SUB });
    expect(bodyOf(listed).services.map((s: { sid: string }) => s.sid)).not.toContain(parent);
  });

  it('refuses a Sync page size over the spec maximum of 100', async () => {
    const { call } = syncHarness();
    const res = await call('GET', '/v1/Services?PageSize=101');
    expect(res.status).toBe(400);
    expect((await call('GET', '/v1/Services?PageSize=100')).status).toBe(200);
  });
});
