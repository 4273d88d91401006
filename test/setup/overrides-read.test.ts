// Finding: one failed overrides listing used to fail every subaccount of the invocation. Now it is
// retried with backoff within the budget, and if Sync keeps failing the invocation stops with its
// cursor, having marked nothing failed.
import { OVERRIDES_MAP } from '../../src/setup/overrides';
import { runSetup } from '../../src/setup/run-setup';
import { decodeCursor } from '../../src/setup/setup-cursor';
import { depsFor, expectProtected, fakeWith, runToCompletion } from './setup-fixtures';

const count = (calls: string[], method: string) => calls.filter((c) => c === method).length;

describe('reading the overrides', () => {
  test('a failed listing (500, then no answer) is retried: no subaccount fails, overrides apply', async () => {
    const fake = fakeWith(3);
    fake.setMapItem(OVERRIDES_MAP, fake.accounts[1].sid, {
      values: { 'trip:daily:price:totalprice': '400' },
    });
    fake.failNext('listMapItemsPage', 500, null);
    const deps = depsFor(fake, { gateway: fake.listingGateway });
    const result = await runSetup(deps, { mode: 'apply' });

    expect(result).toMatchObject({ done: true, totals: { failed: 0, reconciled: 3 } });
    expect(result.error).toBeUndefined();
    expect(count(fake.calls, 'listMapItemsPage')).toBe(3);
    const values = fake.triggersOf(fake.accounts[1].sid).map((t) => t.triggerValue);
    expect(values.sort()).toEqual(['25', '400']);
    expectProtected(fake, [fake.accounts[0].sid, fake.accounts[2].sid]);
  });

  test('Sync failing for a whole invocation stops it early: error, same cursor, nothing failed', async () => {
    const fake = fakeWith(12, 0, 100);
    const deps = depsFor(fake, { gateway: fake.listingGateway });
    const options = { mode: 'apply', budgetMs: 1500, concurrency: 1, pageSize: 5 } as const;
    const first = await runSetup(deps, options);
    expect(first).toMatchObject({ done: false, totals: { failed: 0 } });
    const before = decodeCursor(first.cursor as string);

    fake.failNext('listMapItemsPage', ...Array<number>(500).fill(503));
    const listsBefore = count(fake.calls, 'listTriggers');
    const writesBefore = fake.writes();
    const stopped = await runSetup(deps, { ...options, cursor: first.cursor });
    expect(stopped).toMatchObject({
      done: false,
      failures: [],
      invocation: { accounts: 0, writes: 0 },
      error: expect.stringMatching(/overrides \(Sync map breaker-overrides\) failed: .*503/),
    });
    expect(stopped.totals).toMatchObject({ failed: 0, seen: first.totals.seen });
    expect(stopped.invocation.elapsedMs).toBeLessThanOrEqual(1500);
    // Retried with backoff until the budget, not once per subaccount.
    const attempts = count(fake.calls, 'listMapItemsPage') - 1;
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThan(10);
    expect(count(fake.calls, 'listTriggers')).toBe(listsBefore);
    expect(fake.writes()).toBe(writesBefore);
    const after = decodeCursor(stopped.cursor as string);
    expect({ page: after.page, pos: after.pos, lastSid: after.lastSid }).toEqual({
      page: before.page,
      pos: before.pos,
      lastSid: before.lastSid,
    });

    fake.recover();
    const rest = await runToCompletion(deps, { ...options, cursor: stopped.cursor });
    expect(rest[rest.length - 1].totals).toMatchObject({ seen: 12, reconciled: 12, failed: 0 });
    expect(count(fake.calls, 'createTrigger')).toBe(24); // nothing twice
    expectProtected(fake);
  });

  test('a refusal (403) is not retried: the invocation stops at once and says why', async () => {
    const fake = fakeWith(3);
    fake.failNext('listMapItemsPage', 403);
    const result = await runSetup(depsFor(fake, { gateway: fake.listingGateway }), {
      mode: 'plan',
    });
    expect(result).toMatchObject({
      done: false,
      totals: { failed: 0, seen: 0 },
      error: expect.stringContaining('403'),
    });
    expect(count(fake.calls, 'listMapItemsPage')).toBe(1);
    expect(count(fake.calls, 'listTriggers')).toBe(0);
  });
});
