// Sync List Items at scale (a slow test: see jest.config.js): paging anywhere in 100,000 items.
import { bodyOf, withList } from './sync-harness';

describe('Sync List Items at scale', () => {
  it('serves any page of a 100,000-item list', async () => {
    const { call, append, items } = await withList();
    for (let i = 0; i < 100_000; i++) await append({ i });
    const tail = bodyOf(await call('GET', `${items}?Order=desc&PageSize=3`));
    expect(tail.items.map((i: { index: number }) => i.index)).toEqual([99_999, 99_998, 99_997]);
    const mid = bodyOf(await call('GET', `${items}?From=50000&PageSize=100`));
    expect(mid.items[0].index).toBe(50_000);
    expect(mid.items[99].data).toEqual({ i: 50_099 });
    const next = bodyOf(await call('GET', mid.meta.next_page_url));
    expect(next.items[0].index).toBe(50_100);
  });
});
