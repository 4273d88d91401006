import { bodyOf, syncHarness } from './sync-harness';

describe('Sync TTLs on the emulator clock', () => {
  it('expires a map item after its Ttl; the key can then be created again', async () => {
    const { call, advance } = syncHarness();
    await call('POST', '/v1/Services/default/Maps', { form: { UniqueName: 'm' } });
    const items = '/v1/Services/default/Maps/m/Items';
    const created = await call('POST', items, { form: { Key: 'k', Data: '{}', Ttl: '60' } });
    expect(bodyOf(created).date_expires).toBe('2025-01-01T00:01:00Z');

    advance(59);
    expect((await call('GET', `${items}/k`)).status).toBe(200);
    advance(1);
    expect(bodyOf(await call('GET', `${items}/k`)).code).toBe(54201);
    expect(bodyOf(await call('GET', items)).items).toEqual([]);
    expect((await call('POST', items, { form: { Key: 'k', Data: '{}' } })).status).toBe(201);
  });

  it('prefers ItemTtl over Ttl for list items', async () => {
    const { call, advance } = syncHarness();
    await call('POST', '/v1/Services/default/Lists', { form: { UniqueName: 'l' } });
    const items = '/v1/Services/default/Lists/l/Items';
    await call('POST', items, { form: { Data: '{}', ItemTtl: '10', Ttl: '1000' } });
    await call('POST', items, { form: { Data: '{}' } });
    advance(10);
    const left = bodyOf(await call('GET', items)).items.map((i: { index: number }) => i.index);
    expect(left).toEqual([1]);
  });

  it('expires a whole map after its CollectionTtl, and a document after its Ttl', async () => {
    const { call, advance } = syncHarness();
    await call('POST', '/v1/Services/default/Maps', {
      form: { UniqueName: 'm', CollectionTtl: '30' },
    });
    await call('POST', '/v1/Services/default/Documents', { form: { UniqueName: 'd', Ttl: '45' } });
    advance(30);
    expect(bodyOf(await call('GET', '/v1/Services/default/Maps/m')).code).toBe(54200);
    expect((await call('GET', '/v1/Services/default/Documents/d')).status).toBe(200);
    advance(15);
    expect(bodyOf(await call('GET', '/v1/Services/default/Documents/d')).code).toBe(54100);
    expect(bodyOf(await call('GET', '/v1/Services/default/Documents')).documents).toEqual([]);
    const again = await call('POST', '/v1/Services/default/Maps', { form: { UniqueName: 'm' } });
    expect(again.status).toBe(201);
  });

  it('re-arms the map expiry when an item write carries CollectionTtl', async () => {
    const { call, advance } = syncHarness();
    await call('POST', '/v1/Services/default/Maps', { form: { UniqueName: 'm', Ttl: '30' } });
    advance(20);
    await call('POST', '/v1/Services/default/Maps/m/Items', {
      form: { Key: 'k', Data: '{}', CollectionTtl: '30' },
    });
    advance(20);
    expect((await call('GET', '/v1/Services/default/Maps/m/Items/k')).status).toBe(200);
  });
});
