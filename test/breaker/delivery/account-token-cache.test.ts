import { tokenCacheOver } from '../support/token-cache';
import { FakeGateway } from '../support/fake-gateway';
import { FOREIGN, MAIN_SID, MAIN_TOKEN, SUB_A, subaccount, tokenOf } from '../support/deliveries';

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

function setup(ttlMs = 300_000) {
  const gateway = new FakeGateway();
  gateway.accounts.set(SUB_A, subaccount(SUB_A));
  gateway.accounts.set(FOREIGN, subaccount(FOREIGN, { ownerAccountSid: 'AC' + 'e'.repeat(32) }));
  const cache = tokenCacheOver(gateway, { ttlMs, negativeTtlMs: 60_000, minRefetchAgeMs: 5_000 });
  const fetches = () => gateway.calls('fetchAccount').length;
  return { gateway, cache, fetches };
}

describe('account token cache', () => {
  it("answers the parent's token for the main account without fetching", async () => {
    const { cache, fetches } = setup();
    expect(await cache.lookup(MAIN_SID, T0)).toEqual({
      kind: 'main',
      token: MAIN_TOKEN,
      fetchedNow: false,
    });
    expect(fetches()).toBe(0);
  });

  it("fetches a subaccount's token once, then serves it until it expires", async () => {
    const { cache, fetches } = setup(300_000);
    expect(await cache.lookup(SUB_A, T0)).toMatchObject({
      token: tokenOf(SUB_A),
      fetchedNow: true,
    });
    expect(await cache.lookup(SUB_A, T0 + 299_999)).toMatchObject({ fetchedNow: false });
    expect(fetches()).toBe(1);
    expect(await cache.lookup(SUB_A, T0 + 300_000)).toMatchObject({ fetchedNow: true });
    expect(fetches()).toBe(2);
  });

  it('shares one fetch between concurrent lookups of the same account', async () => {
    const { cache, fetches } = setup();
    await Promise.all([1, 2, 3].map(() => cache.lookup(SUB_A, T0)));
    expect(fetches()).toBe(1);
  });

  it('refetches after a mismatch only when the cached token is old enough to have been rotated', async () => {
    const { cache, fetches, gateway } = setup();
    await cache.lookup(SUB_A, T0);
    expect(await cache.refetch(SUB_A, T0 + 4_999)).toBeNull();
    expect(fetches()).toBe(1);
    gateway.accounts.get(SUB_A)!.authToken = 'fake-token-rotated';
    expect(await cache.refetch(SUB_A, T0 + 5_000)).toMatchObject({ token: 'fake-token-rotated' });
    expect(fetches()).toBe(2);
    // The refetched token is now the cached one.
    expect(await cache.lookup(SUB_A, T0 + 6_000)).toMatchObject({
      token: 'fake-token-rotated',
      fetchedNow: false,
    });
  });

  it('remembers unknown and foreign accounts for a minute (negative cache)', async () => {
    const { cache, fetches } = setup();
    const unknown = 'AC' + '7'.repeat(32);
    expect(await cache.lookup(unknown, T0)).toMatchObject({ kind: 'not-ours', why: 'not-found' });
    expect(await cache.lookup(FOREIGN, T0)).toMatchObject({ kind: 'not-ours', why: 'other-owner' });
    expect(await cache.lookup(unknown, T0 + 59_999)).toMatchObject({
      kind: 'not-ours',
      fetchedNow: false,
    });
    expect(await cache.lookup(FOREIGN, T0 + 59_999)).toMatchObject({
      kind: 'not-ours',
      fetchedNow: false,
    });
    expect(fetches()).toBe(2);
    await cache.lookup(unknown, T0 + 60_000);
    expect(fetches()).toBe(3);
  });

  it('lets a fetch error through and caches nothing', async () => {
    const { cache, gateway, fetches } = setup();
    gateway.fail('fetchAccount', 503);
    await expect(cache.lookup(SUB_A, T0)).rejects.toThrow();
    expect(await cache.lookup(SUB_A, T0)).toMatchObject({ kind: 'subaccount', fetchedNow: true });
    expect(fetches()).toBe(2);
  });

  it('keeps records fetched elsewhere', async () => {
    const { cache, fetches } = setup();
    cache.remember(subaccount(SUB_A, { authToken: 'fake-token-remembered' }), T0);
    expect(await cache.lookup(SUB_A, T0 + 1)).toMatchObject({ token: 'fake-token-remembered' });
    expect(fetches()).toBe(0);
  });

  it('stays bounded', async () => {
    const gateway = new FakeGateway();
    const cache = tokenCacheOver(gateway, { maxEntries: 2 });
    const sids = [2, 3, 4].map((n) => `AC${String(n).repeat(32)}`);
    for (const sid of sids) gateway.accounts.set(sid, subaccount(sid));
    for (const sid of sids) await cache.lookup(sid, T0);
    gateway.resetLog();
    await cache.lookup(sids[0], T0); // evicted: fetched again
    await cache.lookup(sids[2], T0); // kept
    expect(gateway.calls('fetchAccount').map((c) => c.args[0])).toEqual([sids[0]]);
  });
});
