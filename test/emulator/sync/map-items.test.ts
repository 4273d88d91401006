import { expectMatchesSpec } from '../../support/openapi-contract';
import { bodyOf, syncHarness } from './sync-harness';

const MAPS = '/v1/Services/{ServiceSid}/Maps';
const ITEMS = '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items';
const spec = (method: string, path: string, status: number, body: unknown) =>
  expectMatchesSpec('twilio_sync_v1', method, path, status, body);

async function withMap() {
  const h = syncHarness();
  const map = await h.call('POST', '/v1/Services/default/Maps', {
    form: { UniqueName: 'latches' },
  });
  const items = '/v1/Services/default/Maps/latches/Items';
  const put = (key: string, data: object = { key }) =>
    h.call('POST', items, { form: { Key: key, Data: JSON.stringify(data) } });
  return { ...h, map, items, put };
}

describe('Sync Maps', () => {
  it('creates a map and finds it by SID and by unique name', async () => {
    const { call, map } = await withMap();
    expect(map.status).toBe(201);
    spec('POST', MAPS, 201, map.body);
    const { sid, service_sid: serviceSid } = bodyOf(map);
    expect(sid).toMatch(/^MP[0-9a-f]{32}$/);
    expect(bodyOf(map)).toMatchObject({
      unique_name: 'latches',
      revision: '0',
      created_by: 'system',
    });
    expect(bodyOf(map).date_created).toBe('2025-01-01T00:00:00Z');
    expect(bodyOf(map).url).toBe(`https://sync.twilio.com/v1/Services/${serviceSid}/Maps/${sid}`);

    const byName = await call('GET', '/v1/Services/default/Maps/latches');
    const bySid = await call('GET', `/v1/Services/${serviceSid}/Maps/${sid}`);
    spec('GET', `${MAPS}/{Sid}`, 200, byName.body);
    expect(bodyOf(byName).sid).toBe(sid);
    expect(bodyOf(bySid).unique_name).toBe('latches');

    const listed = await call('GET', '/v1/Services/default/Maps');
    spec('GET', MAPS, 200, listed.body);
    expect(bodyOf(listed).maps).toHaveLength(1);
  });

  it('refuses a second map with the same unique name (409 / 54301)', async () => {
    const { call } = await withMap();
    const dup = await call('POST', '/v1/Services/default/Maps', {
      form: { UniqueName: 'latches' },
    });
    expect([dup.status, bodyOf(dup).code]).toEqual([409, 54301]);
    const sidLike = await call('POST', '/v1/Services/default/Maps', {
      form: { UniqueName: `MP${'1'.repeat(32)}` },
    });
    expect(bodyOf(sidLike).code).toBe(54302);
  });

  it('deletes a map with its items; then it is 404 / 54200', async () => {
    const { call, put } = await withMap();
    await put('k');
    expect((await call('DELETE', '/v1/Services/default/Maps/latches')).status).toBe(204);
    const gone = await call('GET', '/v1/Services/default/Maps/latches/Items/k');
    expect([gone.status, bodyOf(gone).code]).toEqual([404, 54200]);
    const created = await call('POST', '/v1/Services/default/Maps/nope/Items', {
      form: { Key: 'k', Data: '{}' },
    });
    expect([created.status, bodyOf(created).code]).toEqual([404, 54200]);
  });
});

describe('Sync Map Items', () => {
  it('creates an item once: a second create of the key is 409 / 54208', async () => {
    const { put } = await withMap();
    const first = await put('AC1', { suspended: true });
    expect(first.status).toBe(201);
    spec('POST', ITEMS, 201, first.body);
    expect(bodyOf(first)).toMatchObject({ key: 'AC1', data: { suspended: true }, revision: '0' });
    const second = await put('AC1', { suspended: false });
    expect(second.status).toBe(409);
    expect(bodyOf(second).code).toBe(54208);
  });

  it('lets exactly one of 50 concurrent creates of one key win', async () => {
    const { put, call } = await withMap();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => put('latch', { i })));
    const wins = results.filter((r) => r.status === 201);
    expect(wins).toHaveLength(1);
    expect(results.filter((r) => bodyOf(r).code === 54208)).toHaveLength(49);
    const stored = await call('GET', '/v1/Services/default/Maps/latches/Items/latch');
    expect(bodyOf(stored).data).toEqual(bodyOf(wins[0]).data);
  });

  it('fetches, updates under If-Match, and deletes an item', async () => {
    const { call, put, items } = await withMap();
    await put('a b/c', { n: 1 });
    const path = `${items}/${encodeURIComponent('a b/c')}`;
    const fetched = await call('GET', path);
    spec('GET', `${ITEMS}/{Key}`, 200, fetched.body);
    expect(bodyOf(fetched).url).toMatch(/\/Items\/a%20b%2Fc$/);

    const stale = await call('POST', path, {
      form: { Data: '{"n":2}' },
      headers: { 'If-Match': '7' },
    });
    expect([stale.status, bodyOf(stale).code]).toEqual([412, 54205]);
    const updated = await call('POST', path, {
      form: { Data: '{"n":2}' },
      headers: { 'If-Match': '0' },
    });
    spec('POST', `${ITEMS}/{Key}`, 200, updated.body);
    expect(bodyOf(updated)).toMatchObject({ data: { n: 2 }, revision: '1' });
    expect(updated.headers?.ETag).toBe('1');

    expect((await call('DELETE', path, { headers: { 'If-Match': '0' } })).status).toBe(412);
    expect((await call('DELETE', path)).status).toBe(204);
    const gone = await call('GET', path);
    expect([gone.status, bodyOf(gone).code]).toEqual([404, 54201]);
  });

  it('validates Key and Data', async () => {
    const { call, items } = await withMap();
    const noData = await call('POST', items, { form: { Key: 'k' } });
    expect(bodyOf(noData).code).toBe(54206);
    const badJson = await call('POST', items, { form: { Key: 'k', Data: '{oops' } });
    expect(bodyOf(badJson).code).toBe(54008);
    const notObject = await call('POST', items, { form: { Key: 'k', Data: '[1]' } });
    expect(bodyOf(notObject).code).toBe(54008);
    const emptyKey = await call('POST', items, { form: { Key: '', Data: '{}' } });
    expect(bodyOf(emptyKey).code).toBe(54209);
    const badTtl = await call('POST', items, { form: { Key: 'k', Data: '{}', Ttl: '-1' } });
    expect(bodyOf(badTtl).code).toBe(54011);
  });

  it('lists items by key with Order, From and Bounds', async () => {
    const { call, put, items } = await withMap();
    for (const key of ['c', 'a', 'e', 'b', 'd']) await put(key);
    const keys = async (query: string) => {
      const res = await call('GET', `${items}${query}`);
      spec('GET', ITEMS, 200, res.body);
      return bodyOf(res).items.map((i: { key: string }) => i.key);
    };
    expect(await keys('')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await keys('?Order=desc')).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(await keys('?From=c')).toEqual(['c', 'd', 'e']);
    expect(await keys('?From=c&Bounds=exclusive')).toEqual(['d', 'e']);
    expect(await keys('?From=c&Order=desc')).toEqual(['c', 'b', 'a']);
    expect(await keys('?From=bb&Order=desc&Bounds=exclusive')).toEqual(['b', 'a']);
    expect((await call('GET', `${items}?Order=sideways`)).status).toBe(400);
  });
});
