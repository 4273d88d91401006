import { AdminRequestError } from '../../src/admin/admin-request-error';
import type { CoverageAccount } from '../../src/ops/coverage';
import { readCoveragePage, type CoverageDeps } from '../../src/ops/coverage-page';
import { desiredTriggers } from '../../src/setup/desired-triggers';
import { syncOverrideStore } from '../../src/setup/overrides';
import { DEFAULT_RULES } from '../../src/setup/rules';
import { fakeGateway, type FakeGateway } from '../setup/fake-gateway';

const DOMAIN = 'breaker-1234-dev.twil.io';
const rules = DEFAULT_RULES.map((r) => ({ ...r }));

function protect(fake: FakeGateway, accountSid: string) {
  for (const { spec } of desiredTriggers(rules, DOMAIN)) fake.addTrigger(accountSid, spec);
}

function depsOf(fake: FakeGateway, extra: Partial<CoverageDeps> = {}): CoverageDeps {
  return {
    gateway: fake.listingGateway,
    overrides: syncOverrideStore(fake.listingGateway),
    rules,
    domainName: DOMAIN,
    clock: fake.clock,
    ...extra,
  };
}

async function readAll(deps: CoverageDeps, pageSize: number) {
  const accounts: CoverageAccount[] = [];
  let cursor: string | null = null;
  let calls = 0;
  do {
    const page = await readCoveragePage(deps, cursor, pageSize);
    accounts.push(...page.accounts);
    cursor = page.nextCursor;
    calls += 1;
  } while (cursor && calls < 500);
  return { accounts, calls };
}

describe('readCoveragePage', () => {
  it('classifies each subaccount of the page and pages through all of them', async () => {
    const fake = fakeGateway();
    const protectedOne = fake.addAccount('active', 'Protected');
    fake.addAccount('active', '<img src=x onerror=alert(1)>');
    const closed = fake.addAccount('closed');
    const exempt = fake.addAccount('suspended');
    fake.setMapItem('breaker-overrides', exempt.sid, { exempt: true });
    protect(fake, protectedOne.sid);
    for (let i = 0; i < 6; i += 1) fake.addAccount();

    const first = await readCoveragePage(depsOf(fake), null, 4);
    expect(first.accounts.map((a) => [a.friendlyName, a.status, a.protection])).toEqual([
      ['Protected', 'active', 'protected'],
      ['<img src=x onerror=alert(1)>', 'active', 'unprotected'],
      [closed.friendlyName, 'closed', 'closed'],
      [exempt.friendlyName, 'suspended', 'exempt'],
    ]);
    expect(first.nextCursor).not.toBeNull();
    // Closed accounts cost no trigger listing.
    expect(fake.calls.filter((c) => c === 'listTriggers')).toHaveLength(3);

    const { accounts, calls } = await readAll(depsOf(fake), 4);
    expect(accounts.map((a) => a.sid)).toEqual(fake.accounts.map((a) => a.sid));
    expect(calls).toBe(3);
  });

  it('has at most `concurrency` Twilio requests in flight, each account read in parallel', async () => {
    const fake = fakeGateway({ latencyMs: 100 });
    for (let i = 0; i < 40; i += 1) fake.addAccount();
    await readCoveragePage(depsOf(fake, { concurrency: 5 }), null, 40);
    // Triggers, usage and the reactivation record are read in parallel for each account, all
    // through the page's one limit (SETUP_CONCURRENCY is a ceiling of requests, not of accounts).
    expect(fake.maxInFlight()).toBeLessThanOrEqual(5);
    expect(fake.maxInFlight()).toBeGreaterThan(1);
  });

  it("above the account's cap, waits out the 429s and checks every subaccount", async () => {
    // Twilio-like: 429 at once above 5 in flight. A fixed 20 would report most accounts unknown.
    const fake = fakeGateway({ latencyMs: 50, cap: 5 });
    for (let i = 0; i < 60; i += 1) protect(fake, fake.addAccount().sid);
    const page = await readCoveragePage(depsOf(fake, { concurrency: 20 }), null, 60);
    expect(page.accounts.map((a) => a.protection)).toEqual(Array(60).fill('protected'));
    // Three reads per account: the limit backs off, so far fewer than one refusal per account.
    expect(fake.refused().length).toBeGreaterThan(0);
    expect(fake.refused().length).toBeLessThan(60);
  });

  it('stops starting checks at the time budget and resumes inside the same Twilio page', async () => {
    const fake = fakeGateway({ latencyMs: 1000 });
    for (let i = 0; i < 30; i += 1) fake.addAccount();
    const deps = depsOf(fake, { concurrency: 2, budgetMs: 5000 });
    const first = await readCoveragePage(deps, null, 30);
    expect(first.accounts.length).toBeGreaterThan(0);
    expect(first.accounts.length).toBeLessThan(30);
    expect(first.nextCursor).not.toBeNull();
    const { accounts } = await readAll(deps, 30);
    expect(accounts.map((a) => a.sid)).toEqual(fake.accounts.map((a) => a.sid));
  });

  it("answers 'unknown' with the error for a subaccount whose triggers cannot be read", async () => {
    const fake = fakeGateway();
    const bad = fake.addAccount();
    const good = fake.addAccount();
    protect(fake, good.sid);
    fake.failAccount(bad.sid);
    const page = await readCoveragePage(depsOf(fake), null, 10);
    expect(page.accounts[0]).toMatchObject({
      sid: bad.sid,
      protection: 'unknown',
      error: expect.stringContaining('answered 403'),
    });
    expect(page.accounts[1]).toMatchObject({ sid: good.sid, protection: 'protected' });
  });

  it('refuses a cursor it did not make with a 400', async () => {
    const fake = fakeGateway();
    await expect(readCoveragePage(depsOf(fake), 'garbage', 10)).rejects.toBeInstanceOf(
      AdminRequestError,
    );
  });
});
