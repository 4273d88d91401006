// Setup keeps re-arms: deletes the spent and the expired, repairs a reactivation whose re-arm failed.
import { REACTIVATIONS_MAP } from '../../src/audit/sync-names';
import type { Reactivation } from '../../src/breaker/decision/reactivations';
import { noRearm } from '../../src/rearm/rearm-account';
import type { Rearm } from '../../src/rearm/rearm';
import { rearmName } from '../../src/rearm/rearm-marker';
import { desiredTriggers } from '../../src/setup/desired-triggers';
import { DEFAULT_RULES } from '../../src/setup/rules';
import { runSetup } from '../../src/setup/run-setup';
import { fakeGateway } from '../setup/fake-gateway';
import { depsFor, DOMAIN } from '../setup/setup-fixtures';

const TRIP = DEFAULT_RULES[1];
const HOUR = 3_600_000;

/** An account protected by setup whose daily trip fired an hour ago. */
async function trippedAccount(status: 'active' | 'suspended' = 'active') {
  const fake = fakeGateway();
  const now = fake.clock.now();
  const tomorrow = Date.UTC(
    new Date(now).getUTCFullYear(),
    new Date(now).getUTCMonth(),
    new Date(now).getUTCDate() + 1,
  );
  const account = fake.addAccount(status);
  for (const { spec } of desiredTriggers(DEFAULT_RULES, DOMAIN)) fake.addTrigger(account.sid, spec);
  const trip = fake.triggersOf(account.sid).find((t) => t.friendlyName.includes(':trip:'))!;
  fake.fireTrigger(account.sid, trip.sid, now - HOUR);
  fake.setUsage(account.sid, 'all-time', 'totalprice', 5_000);
  fake.setUsage(account.sid, 'today', 'totalprice', 520);
  return { fake, sid: account.sid, now, tomorrow };
}

function reactivated(sid: string, at: number, rearm?: Partial<Rearm>): Reactivation {
  const base = { ...noRearm('exempt', at), ...rearm } as Rearm;
  return {
    accountSid: sid,
    reactivatedAt: new Date(at).toISOString(),
    operator: 'Dana',
    reason: 'fixed',
    ...(rearm ? { rearm: base } : {}),
  };
}

const failedRearm = (triggerValue: string | null): Partial<Rearm> => ({
  state: 'failed',
  reason: undefined,
  ruleId: 'trip:daily:price:totalprice',
  headroom: '150',
  triggerValue,
  error: 'creating the one-shot trigger failed: Twilio answered 503',
});

describe('setup and re-arms', () => {
  test('deletes a re-arm that fired and one whose period rolled over; keeps the live one', async () => {
    const { fake, sid, now, tomorrow } = await trippedAccount('suspended');
    const spec = { ...desiredTriggers([TRIP], DOMAIN)[0].spec, recurring: 'alltime' as const };
    const fired = fake.addTrigger(sid, { ...spec, friendlyName: rearmName(TRIP, tomorrow) });
    fake.fireTrigger(sid, fired.sid, now - 60_000);
    const expired = fake.addTrigger(sid, {
      ...spec,
      friendlyName: rearmName(TRIP, tomorrow - 24 * HOUR),
    });
    const live = fake.addTrigger(sid, { ...spec, friendlyName: rearmName(TRIP, tomorrow) });

    const result = await runSetup(depsFor(fake), { mode: 'apply' });
    expect(result.changes[0].actions).toEqual([
      expect.objectContaining({ kind: 'delete', triggerSid: fired.sid, reason: 'rearm-fired' }),
      expect.objectContaining({ kind: 'delete', triggerSid: expired.sid, reason: 'rearm-expired' }),
    ]);
    const left = fake.triggersOf(sid).map((t) => t.sid);
    expect(left).toContain(live.sid);
    expect(left).not.toContain(fired.sid);
    expect(left).not.toContain(expired.sid);
  });

  test('repairs a failed re-arm at the level ops were shown, records it, and does it once', async () => {
    const { fake, sid, now, tomorrow } = await trippedAccount();
    fake.setMapItem(REACTIVATIONS_MAP, sid, reactivated(sid, now - HOUR / 2, failedRearm('5120')));

    const first = await runSetup(depsFor(fake), { mode: 'apply' });
    expect(first.totals).toMatchObject({ create: 1, writes: 1, failed: 0 });
    const made = fake.triggersOf(sid).find((t) => t.friendlyName.startsWith('breaker-rearm:'))!;
    expect(made).toMatchObject({
      friendlyName: rearmName(TRIP, tomorrow),
      triggerValue: '5120',
      recurring: 'alltime',
      callbackUrl: `https://${DOMAIN}/breaker?tier=trip`,
    });
    const record = fake.mapItem(REACTIVATIONS_MAP, sid) as Reactivation;
    expect(record.rearm).toMatchObject({
      state: 'armed',
      triggerSid: made.sid,
      headroom: '150',
      firesAt: 640,
      repairedAt: new Date(now).toISOString(),
      statement: 'suspends again if it spends $150 more today (at $640)',
    });

    const second = await runSetup(depsFor(fake), { mode: 'apply' });
    expect(second.totals.writes).toBe(0);
  });

  test('without a level on record, repairs at all-time usage now + the headroom', async () => {
    const { fake, sid, now } = await trippedAccount();
    fake.setMapItem(REACTIVATIONS_MAP, sid, reactivated(sid, now - HOUR / 2, failedRearm(null)));
    await runSetup(depsFor(fake), { mode: 'apply' });
    const made = fake.triggersOf(sid).find((t) => t.friendlyName.startsWith('breaker-rearm:'));
    expect(made?.triggerValue).toBe('5150');
  });

  test('plan mode shows the repair and writes nothing', async () => {
    const { fake, sid, now } = await trippedAccount();
    fake.setMapItem(REACTIVATIONS_MAP, sid, reactivated(sid, now - HOUR / 2, failedRearm('5120')));
    const result = await runSetup(depsFor(fake), { mode: 'plan' });
    expect(result.changes[0].actions).toEqual([
      expect.objectContaining({ kind: 'create', ruleId: 'rearm:trip:daily:price:totalprice' }),
    ]);
    expect(fake.writes()).toBe(0);
  });

  test.each([
    ['the reactivation came before the firing (e.g. allow-listed)', -2 * HOUR, failedRearm('5120')],
    ['the re-arm was made and later deleted by a person', -HOUR / 2, { state: 'armed' as const }],
  ])('no repair when %s', async (_label, offset, rearm) => {
    const { fake, sid, now } = await trippedAccount();
    fake.setMapItem(REACTIVATIONS_MAP, sid, reactivated(sid, now + offset, rearm));
    const result = await runSetup(depsFor(fake), { mode: 'apply' });
    expect(result.totals.writes).toBe(0);
  });

  test('no repair, and no reactivation read, for a suspended account or one whose trip did not fire', async () => {
    const suspended = await trippedAccount('suspended');
    // The listing gateway reads overrides in one listing: any fetchMapItem is a reactivation read.
    const listing = (f: typeof suspended.fake) => depsFor(f, { gateway: f.listingGateway });
    await runSetup(listing(suspended.fake), { mode: 'apply' });
    expect(suspended.fake.calls).not.toContain('fetchMapItem');

    const quiet = fakeGateway();
    const { sid } = quiet.addAccount();
    for (const { spec } of desiredTriggers(DEFAULT_RULES, DOMAIN)) quiet.addTrigger(sid, spec);
    await runSetup(listing(quiet), { mode: 'apply' });
    expect(quiet.calls).not.toContain('fetchMapItem');
  });

  test('a repair whose usage cannot be read fails the account in this run, loudly, and is retried', async () => {
    const { fake, sid, now } = await trippedAccount();
    fake.setMapItem(REACTIVATIONS_MAP, sid, reactivated(sid, now - HOUR / 2, failedRearm(null)));
    fake.failNext('readUsage', 403, 403);
    const failed = await runSetup(depsFor(fake), { mode: 'apply' });
    expect(failed.failures).toEqual([
      {
        accountSid: sid,
        error: expect.stringMatching(/repairing its re-arm: reading its all-time usage failed/),
      },
    ]);
    const retried = await runSetup(depsFor(fake), { mode: 'apply' });
    expect(retried.totals).toMatchObject({ create: 1, failed: 0 });
  });
});
