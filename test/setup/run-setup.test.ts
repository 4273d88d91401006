import { markerName } from '../../src/setup/desired-triggers';
import { OVERRIDES_MAP } from '../../src/setup/overrides';
import { DEFAULT_RULES } from '../../src/setup/rules';
import { runSetup, type SetupRunEvent } from '../../src/setup/run-setup';
import { CursorError } from '../../src/setup/setup-cursor';
import type { TwilioGateway } from '../../src/twilio/gateway';
import { TwilioTransientError } from '../../src/twilio/twilio-errors';
import { MAIN_SID, type FakeGateway } from './fake-gateway';
import { depsFor, DOMAIN, expectProtected, fakeWith, runToCompletion } from './setup-fixtures';

describe('runSetup', () => {
  test('creates the triggers on every active subaccount across pages, skips closed ones, then writes nothing', async () => {
    const fake = fakeWith(6, 2);
    const first = await runSetup(depsFor(fake), { mode: 'apply', pageSize: 3 });
    expect(first).toMatchObject({ done: true, cursor: null });
    expect(first.totals).toMatchObject({
      seen: 8,
      reconciled: 6,
      skippedClosed: 2,
      create: 12,
      writes: 12,
      failed: 0,
    });
    expectProtected(fake);
    const closed = fake.accounts.filter((a) => a.status === 'closed');
    for (const account of closed) expect(fake.triggersOf(account.sid)).toEqual([]);

    const writesBefore = fake.writes();
    const second = await runSetup(depsFor(fake), { mode: 'apply', pageSize: 3 });
    expect(second.totals).toMatchObject({ reconciled: 6, unchanged: 6, writes: 0, create: 0 });
    expect(fake.writes()).toBe(writesBefore);
  });

  test('calls: one trigger list per subaccount plus the writes, at most `concurrency` at a time', async () => {
    const fake = fakeWith(40);
    const result = await runSetup(depsFor(fake, { gateway: fake.listingGateway }), {
      mode: 'apply',
      concurrency: 4,
      pageSize: 1000,
    });
    const count = (method: string) => fake.calls.filter((c) => c === method).length;
    expect(count('listTriggers')).toBe(40);
    expect(count('createTrigger')).toBe(80);
    expect(count('fetchMapItem')).toBe(0); // overrides read in one listing
    expect(count('listSubaccountsPage') + count('listMapItemsPage')).toBe(2);
    expect(result.totals.calls).toBe(fake.calls.length);
    expect(fake.maxInFlight()).toBeLessThanOrEqual(4);
    expect(fake.maxInFlight()).toBeGreaterThan(1);
  });

  test('a subaccount created after a completed run is picked up by the next one, and only it', async () => {
    const fake = fakeWith(3);
    await runSetup(depsFor(fake), { mode: 'apply' });
    const added = fake.addAccount('active', 'New customer');
    const result = await runSetup(depsFor(fake), { mode: 'apply' });
    expect(result.totals).toMatchObject({ reconciled: 4, unchanged: 3, create: 2, writes: 2 });
    expect(result.changes.map((c) => c.accountSid)).toEqual([added.sid]);
    expectProtected(fake);
  });

  test('plan mode changes nothing and returns the diff per subaccount', async () => {
    const fake = fakeWith(2);
    fake.addTrigger(fake.accounts[0].sid, {
      friendlyName: markerName(DEFAULT_RULES[1]),
      usageCategory: 'totalprice',
      triggerBy: 'price',
      triggerValue: '70',
      recurring: 'daily',
      callbackUrl: `https://${DOMAIN}/breaker?tier=trip`,
    });
    const foreign = fake.addTrigger(fake.accounts[1].sid, {
      friendlyName: 'finance alert',
      usageCategory: 'totalprice',
      triggerBy: 'price',
      triggerValue: '10',
      recurring: 'monthly',
      callbackUrl: 'https://example.com/finance',
    });
    const recordRun = jest.fn(async () => undefined);
    const result = await runSetup(depsFor(fake, { recordRun }), { mode: 'plan' });
    expect(fake.writes()).toBe(0);
    expect(recordRun).not.toHaveBeenCalled();
    expect(result.totals).toMatchObject({ create: 3, replace: 1, writes: 0 });
    expect(result.changes).toEqual([
      {
        accountSid: fake.accounts[0].sid,
        friendlyName: 'Customer 1',
        actions: [
          expect.objectContaining({ kind: 'create' }),
          expect.objectContaining({ kind: 'replace', fromValue: '70' }),
        ],
      },
      {
        accountSid: fake.accounts[1].sid,
        friendlyName: 'Customer 2',
        actions: [
          expect.objectContaining({ kind: 'create' }),
          expect.objectContaining({ kind: 'create' }),
        ],
      },
    ]);
    expect(fake.triggersOf(fake.accounts[1].sid)).toEqual([foreign]);
  });

  test('a failing subaccount is recorded and the run goes on', async () => {
    const fake = fakeWith(5);
    fake.failAccount(fake.accounts[2].sid);
    const result = await runSetup(depsFor(fake), { mode: 'apply' });
    expect(result.done).toBe(true);
    expect(result.totals).toMatchObject({ failed: 1, reconciled: 4 });
    expect(result.failures).toEqual([
      { accountSid: fake.accounts[2].sid, error: expect.stringContaining('answered 403') },
    ]);
    expectProtected(
      fake,
      fake.accounts.filter((_, i) => i !== 2).map((a) => a.sid),
    );
  });

  test('a 429 storm is waited out: nothing fails, nothing is missing', async () => {
    const fake = fakeWith(10);
    fake.rateLimitNext(40);
    const results = await runToCompletion(depsFor(fake), { mode: 'apply', concurrency: 5 });
    const totals = results[results.length - 1].totals;
    expect(totals).toMatchObject({ failed: 0, rateLimited: 40, reconciled: 10, create: 20 });
    expect(fake.calls.filter((c) => c === 'createTrigger').length).toBe(
      20 + countRefused(fake, 'createTrigger'),
    );
    expectProtected(fake);
  });

  test("a ceiling above the account's cap: the limit finds the cap, near the bound, every invocation in budget", async () => {
    // As Twilio does: 429 at once above 25 in flight, 50 ms per answered request.
    const fake = fakeWith(400, 0, 50, 25);
    const budgetMs = 2000;
    const results = await runToCompletion(depsFor(fake), {
      mode: 'apply',
      concurrency: 50,
      budgetMs,
      pageSize: 1000,
    });
    const answered = fake.calls.length - fake.refused().length;
    const elapsed = results.reduce((sum, r) => sum + r.invocation.elapsedMs, 0);
    // The bound at the cap: every answered request, 25 at a time, 50 ms each.
    const bound = (answered * 50) / 25;
    expect(elapsed).toBeLessThanOrEqual(bound * 1.2);
    for (const r of results) expect(r.invocation.elapsedMs).toBeLessThanOrEqual(budgetMs);
    // Far fewer 429s than requests (a fixed 50 would have half of every wave refused).
    expect(fake.refused().length).toBeLessThan(answered * 0.05);
    expect(results[results.length - 1].totals).toMatchObject({ failed: 0, reconciled: 400 });
    expectProtected(fake);

    const writes = fake.writes();
    const again = await runToCompletion(depsFor(fake), {
      mode: 'apply',
      concurrency: 50,
      budgetMs,
    });
    expect(again[again.length - 1].totals).toMatchObject({ writes: 0, failed: 0 });
    expect(fake.writes()).toBe(writes);
  });

  test('a storm longer than the budget defers the work to the next invocation instead of failing it', async () => {
    const fake = fakeWith(6);
    fake.rateLimitNext(25);
    const results = await runToCompletion(depsFor(fake), {
      mode: 'apply',
      budgetMs: 1500,
      concurrency: 3,
    });
    expect(results[0]).toMatchObject({ done: false, totals: { failed: 0 } });
    expect(results[0].invocation.elapsedMs).toBeLessThanOrEqual(1500);
    expect(results[results.length - 1].totals).toMatchObject({
      failed: 0,
      reconciled: 6,
      rateLimited: 25,
    });
    expectProtected(fake);
  });

  test('each invocation keeps to its time budget; the cursor carries on to the end', async () => {
    const fake = fakeWith(60, 0, 100); // 100 ms per call: ~300 ms per subaccount at concurrency 1
    const results = await runToCompletion(depsFor(fake), {
      mode: 'apply',
      budgetMs: 2000,
      concurrency: 1,
      pageSize: 25,
    });
    expect(results.length).toBeGreaterThan(5);
    for (const r of results) expect(r.invocation.elapsedMs).toBeLessThanOrEqual(2000);
    expect(results.slice(0, -1).every((r) => !r.done && r.cursor)).toBe(true);
    expect(results[results.length - 1].totals).toMatchObject({
      seen: 60,
      reconciled: 60,
      create: 120,
    });
    expect(fake.calls.filter((c) => c === 'createTrigger').length).toBe(120); // no duplicates
    expectProtected(fake);
  });

  test('a crash mid-page loses nothing and duplicates nothing when called again with the last cursor', async () => {
    const fake = fakeWith(30, 0, 100);
    const deps = depsFor(fake);
    const first = await runSetup(deps, {
      mode: 'apply',
      budgetMs: 1500,
      concurrency: 2,
      pageSize: 10,
    });
    expect(first.done).toBe(false);

    // The next invocation dies after 7 writes; the 7th reached Twilio but its answer was lost.
    const dying = fake.crashingView(7);
    void runSetup(
      { ...deps, gateway: dying.gateway },
      { mode: 'apply', cursor: first.cursor, concurrency: 2, pageSize: 10 },
    );
    await dying.crashed;

    const rest = await runToCompletion(deps, {
      mode: 'apply',
      cursor: first.cursor,
      concurrency: 2,
      pageSize: 10,
    });
    expect(fake.calls.filter((c) => c === 'createTrigger').length).toBe(60);
    expectProtected(fake);
    // The crashed invocation's writes are invisible to the totals, but no account is left out.
    expect(rest[rest.length - 1].totals.reconciled).toBe(30);
  });

  test('a page that shifted since the cursor was made is redone from its start', async () => {
    const fake = fakeWith(12, 0, 100);
    const deps = depsFor(fake);
    const first = await runSetup(deps, {
      mode: 'apply',
      budgetMs: 1500,
      concurrency: 1,
      pageSize: 20,
    });
    expect(first.done).toBe(false);
    // Twilio lists accounts in its own order; here one that was already done drops off the front.
    fake.accounts.splice(0, 1);
    const results = await runToCompletion(deps, {
      mode: 'apply',
      cursor: first.cursor,
      pageSize: 20,
    });
    expect(results[results.length - 1].done).toBe(true);
    expectProtected(fake);
  });

  test('the main account is reconciled first when configured', async () => {
    const fake = fakeWith(2);
    await runSetup(depsFor(fake, { mainAccountSid: MAIN_SID }), { mode: 'apply' });
    expectProtected(fake, [MAIN_SID, ...fake.accounts.map((a) => a.sid)]);
    expect(fake.calls.filter((c) => c === 'listTriggers').length).toBe(3);
  });

  test('an exempt subaccount loses its own triggers; a higher value for another is applied', async () => {
    const fake = fakeWith(3);
    await runSetup(depsFor(fake), { mode: 'apply' });
    fake.setMapItem(OVERRIDES_MAP, fake.accounts[0].sid, {
      exempt: true,
      note: 'internal test account',
    });
    fake.setMapItem(OVERRIDES_MAP, fake.accounts[1].sid, {
      values: { 'trip:daily:price:totalprice': '400' },
    });
    const result = await runSetup(depsFor(fake), { mode: 'apply' });
    expect(result.totals).toMatchObject({ delete: 2, replace: 1, unchanged: 1 });
    expect(fake.triggersOf(fake.accounts[0].sid)).toEqual([]);
    expect(
      fake
        .triggersOf(fake.accounts[1].sid)
        .map((t) => t.triggerValue)
        .sort(),
    ).toEqual(['25', '400']);
  });

  test('a completed apply run writes one summary event; a failing audit sink is reported, not fatal', async () => {
    const fake = fakeWith(4, 0, 100);
    const events: SetupRunEvent[] = [];
    const results = await runToCompletion(
      depsFor(fake, { recordRun: async (e) => void events.push(e) }),
      { mode: 'apply', budgetMs: 1500, concurrency: 1 },
    );
    expect(results.length).toBeGreaterThan(1);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'setup-run',
        runId: 'run-1',
        invocations: results.length,
        totals: results[results.length - 1].totals,
      }),
    ]);
    expect(results[results.length - 1].summaryRecorded).toBe(true);

    const failing = await runSetup(
      depsFor(fake, { recordRun: () => Promise.reject(new Error('Sync down')) }),
      { mode: 'apply' },
    );
    expect(failing).toMatchObject({ done: true, summaryRecorded: false });
  });

  test('a listing failure ends the invocation with an error and a cursor that still works', async () => {
    const fake = fakeWith(4);
    const broken: TwilioGateway = {
      ...fake.gateway,
      listSubaccountsPage: () =>
        Promise.reject(new TwilioTransientError('Twilio answered 503', 503, 20503, 'list', true)),
    };
    const failed = await runSetup(depsFor(fake, { gateway: broken }), { mode: 'apply' });
    expect(failed).toMatchObject({ done: false, error: expect.stringContaining('503') });
    const retried = await runSetup(depsFor(fake), { mode: 'apply', cursor: failed.cursor });
    expect(retried.done).toBe(true);
    expectProtected(fake);
  });

  test.each<[string, Partial<TwilioGateway>]>([
    ['listing the subaccounts', { listSubaccountsPage: () => Promise.reject(new TypeError('x')) }],
    ["listing a subaccount's triggers", { listTriggers: () => Promise.reject(new TypeError('x')) }],
  ])(
    'a bug in our code while %s is thrown (a 500), never reported as a Twilio failure',
    async (_step, bug) => {
      const fake = fakeWith(4);
      const gateway: TwilioGateway = { ...fake.gateway, ...bug };
      await expect(runSetup(depsFor(fake, { gateway }), { mode: 'apply' })).rejects.toThrow(
        TypeError,
      );
    },
  );

  test('cursors are checked: garbage or a cursor of the other mode is a 400', async () => {
    const fake = fakeWith(30, 0, 100);
    await expect(
      runSetup(depsFor(fake), { mode: 'apply', cursor: 'bm90IGEgY3Vyc29y' }),
    ).rejects.toThrow(CursorError);
    const plan = await runSetup(depsFor(fake), { mode: 'plan', budgetMs: 500 });
    expect(plan.done).toBe(false);
    await expect(
      runSetup(depsFor(fake), { mode: 'apply', cursor: plan.cursor }),
    ).rejects.toMatchObject({ status: 400 });
  });
});

/** Calls of `method` that the fake refused with 429 (they were repeated). */
function countRefused(fake: FakeGateway, method: string): number {
  return fake.refused().filter((m) => m === method).length;
}
