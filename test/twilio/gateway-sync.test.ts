// The gateway's Sync operations (maps and lists, created on first use) on the real twilio-node client
// and the project's RequestClient, against the emulator, raw answers held against Twilio's spec.
import { startEmulator, type Emulator } from '../../emulator';
import type { TwilioGateway } from '../../src/twilio/gateway';
import { expectExchangeMatchesSpec, gatewayFor, type Exchange } from './gateway-harness';

let emulator: Emulator;
let gateway: TwilioGateway;
let exchanges: Exchange[];

beforeAll(async () => {
  emulator = await startEmulator();
  ({ gateway, exchanges } = gatewayFor(emulator));
});
afterAll(() => emulator.close());

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

  it('pages through the items of a map in key order', async () => {
    const list = gateway.listMapItemsPage!.bind(gateway);
    await expect(list('no-such-map', null, 10)).resolves.toEqual({ items: [], nextCursor: null });
    const keys = ['AC3', 'AC1', 'AC5', 'AC2', 'AC4'];
    for (const key of keys) await gateway.putMapItem('overrides', key, { key });

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result: Awaited<ReturnType<typeof list>> = await list('overrides', cursor, 2);
      expect(result.items.length).toBeLessThanOrEqual(2);
      for (const item of result.items) expect(item.data).toEqual({ key: item.key });
      seen.push(...result.items.map((i) => i.key));
      cursor = result.nextCursor;
      if (cursor === null) break;
    }
    expect(seen).toEqual([...keys].sort());
    expectExchangeMatchesSpec(
      exchanges,
      'GET',
      '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items',
      200,
    );
    // Larger pages than Sync allows are capped rather than refused.
    await expect(list('overrides', null, 1000)).resolves.toMatchObject({ nextCursor: null });
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
    // Larger pages than Sync allows are capped rather than refused.
    await expect(
      gateway.listListItems('audit', { pageSize: 1000, order: 'asc' }),
    ).resolves.toHaveLength(5);
  });
});
