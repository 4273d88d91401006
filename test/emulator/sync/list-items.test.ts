import { expectMatchesSpec } from '../../support/openapi-contract';
import { bodyOf, syncHarness, withList } from './sync-harness';

const ITEMS = '/v1/Services/{ServiceSid}/Lists/{ListSid}/Items';
const spec = (method: string, path: string, status: number, body: unknown) =>
  expectMatchesSpec('twilio_sync_v1', method, path, status, body);

/** Follows meta.next_page_url to the end, as twilio-node's each() does; bounded. */
async function readAll(call: ReturnType<typeof syncHarness>['call'], first: string) {
  const indexes: number[] = [];
  let url: string | null = first;
  for (let pages = 0; url !== null; pages++) {
    if (pages > 100) throw new Error('paging does not end');
    const res = await call('GET', url);
    spec('GET', ITEMS, 200, res.body);
    indexes.push(...bodyOf(res).items.map((i: { index: number }) => i.index));
    url = bodyOf(res).meta.next_page_url;
  }
  return indexes;
}

describe('Sync Lists', () => {
  it('creates, fetches by name, lists and deletes a list', async () => {
    const { call, list } = await withList();
    expect(list.status).toBe(201);
    spec('POST', '/v1/Services/{ServiceSid}/Lists', 201, list.body);
    expect(bodyOf(list).sid).toMatch(/^ES[0-9a-f]{32}$/);
    const fetched = await call('GET', '/v1/Services/default/Lists/audit');
    spec('GET', '/v1/Services/{ServiceSid}/Lists/{Sid}', 200, fetched.body);
    expect(bodyOf(fetched).links.items).toBe(`${bodyOf(list).url}/Items`);
    const listed = await call('GET', '/v1/Services/default/Lists');
    spec('GET', '/v1/Services/{ServiceSid}/Lists', 200, listed.body);
    expect((await call('DELETE', `/v1/Services/default/Lists/${bodyOf(list).sid}`)).status).toBe(
      204,
    );
    const gone = await call('GET', '/v1/Services/default/Lists/audit/Items');
    expect([gone.status, bodyOf(gone).code]).toEqual([404, 54150]);
  });
});

describe('Sync List Items', () => {
  it('appends with increasing indexes that are never reused', async () => {
    const { call, append, items } = await withList();
    const first = await append({ event: 'suspend' });
    expect(first.status).toBe(201);
    spec('POST', ITEMS, 201, first.body);
    expect(bodyOf(first)).toMatchObject({ index: 0, data: { event: 'suspend' } });
    await append({ n: 1 });
    expect((await call('DELETE', `${items}/1`)).status).toBe(204);
    expect(bodyOf(await append({ n: 2 })).index).toBe(2);
    const missing = await call('GET', `${items}/1`);
    expect([missing.status, bodyOf(missing).code]).toEqual([404, 54151]);
    expect(bodyOf(await call('GET', `${items}/x`)).code).toBe(54458);
    expect(bodyOf(await call('POST', items, { form: {} })).code).toBe(54156);
  });

  it('fetches and updates an item by index, honouring If-Match', async () => {
    const { call, append, items } = await withList();
    await append({ n: 0 });
    const fetched = await call('GET', `${items}/0`);
    spec('GET', `${ITEMS}/{Index}`, 200, fetched.body);
    const stale = await call('POST', `${items}/0`, {
      form: { Data: '{"n":1}' },
      headers: { 'If-Match': '3' },
    });
    expect([stale.status, bodyOf(stale).code]).toEqual([412, 54155]);
    const updated = await call('POST', `${items}/0`, { form: { Data: '{"n":1}' } });
    spec('POST', `${ITEMS}/{Index}`, 200, updated.body);
    expect(bodyOf(updated)).toMatchObject({ index: 0, data: { n: 1 }, revision: '1' });
  });

  it('pages through the list to the end via next_page_url, both orders', async () => {
    const { call, append, items } = await withList();
    for (let i = 0; i < 23; i++) await append({ i });
    const all = Array.from({ length: 23 }, (_, i) => i);
    expect(await readAll(call, `${items}?PageSize=5`)).toEqual(all);
    expect(await readAll(call, `${items}?PageSize=5&Order=desc`)).toEqual([...all].reverse());
    expect(await readAll(call, `${items}?PageSize=5&From=20`)).toEqual([20, 21, 22]);
    expect(await readAll(call, `${items}?PageSize=4&From=10&Bounds=exclusive&Order=desc`)).toEqual([
      9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
    ]);
    const page = bodyOf(await call('GET', `${items}?PageSize=5`));
    expect(page.meta).toMatchObject({
      page: 0,
      page_size: 5,
      key: 'items',
      previous_page_url: null,
    });
    expect(page.meta.next_page_url).toMatch(
      /^https:\/\/sync\.twilio\.com\/v1\/Services\/default\//,
    );
  });
});
