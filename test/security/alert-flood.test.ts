// Alerts a subaccount holder could multiply, from the attacker's side, with the numbers. The
// attacker holds its subaccount's own auth token, so every delivery it signs passes the signature
// check; it invents UsageTriggerSids and DateFireds, so every one is a new delivery to the claim.
// Four warm breaker instances and the emulator on one virtual clock (support/breaker-fleet.ts):
// the counts do not depend on how fast the machine is.
import type { AuditEvent } from '../../src/audit/audit-event';
import { breakerCallbackUrl } from '../../src/breaker/delivery/callback-url';
import type { Tier } from '../../src/domain/tier';
import { BASE_URL, deliveryParams, sid } from '../breaker/support/deliveries';
import { startFleet, type Fleet } from './support/breaker-fleet';

const INSTANCES = 4;

let fleet: Fleet;

beforeAll(async () => {
  fleet = await startFleet(INSTANCES);
});

afterAll(() => fleet?.close());

const rfc2822 = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');

/** Delivery n of `triggerSid`, as the account holder can sign it with its own token. */
function forged(
  account: { sid: string; auth_token: string },
  tier: Tier,
  triggerSid: string,
  n: number,
) {
  const params = deliveryParams(account.sid, {
    UsageTriggerSid: triggerSid,
    DateFired: rfc2822(fleet.twilio.clock.now() - n * 1000),
    IdempotencyToken: `forged-${tier}-${n}`,
  });
  return fleet.signed(account.auth_token, breakerCallbackUrl(BASE_URL, tier), params);
}

/** Sends each request to an instance in turn, all at once; answers the HTTP statuses. */
const spread = (requests: ReturnType<typeof forged>[]) =>
  Promise.all(requests.map((r, i) => fleet.instances[i % INSTANCES].handle(r))).then((answers) =>
    answers.map((a) => a.status),
  );

const heldCounts = async (accountSid: string) => {
  const counts: Record<string, number> = {};
  for (const summary of await fleet.summaries('alert-held', accountSid)) {
    for (const [reason, n] of Object.entries(summary.counts ?? {})) {
      counts[reason] = (counts[reason] ?? 0) + n;
    }
  }
  return counts;
};

const actions = (events: AuditEvent[]) => events.map((e) => e.action);

describe('alert flooding with a subaccount’s own token', () => {
  test('100 forged-warn deliveries signed with the subaccount token send 0 alerts', async () => {
    const attacker = fleet.twilio.emulator.accounts.createSubaccount('Flooder');
    await fleet.register(attacker.sid, 'warn', 25);
    await fleet.register(attacker.sid, 'trip', 100);
    const warns = Array.from({ length: 100 }, (_, n) =>
      forged(attacker, 'warn', sid('UT', 0xf000 + n), n),
    );
    expect(await spread(warns)).toEqual(Array(100).fill(200));
    expect(fleet.alerts(attacker.sid)).toEqual({ sms: [], webhook: [] });
    // Still audited, as counts: no item per delivery.
    expect(actions(await fleet.auditAbout(attacker.sid))).toEqual([]);
    expect(await heldCounts(attacker.sid)).toEqual({ 'unregistered-trigger': 100 });
  });

  test('100 genuine copies send 1, and 100 more of its trigger with invented DateFireds send none', async () => {
    const customer = fleet.twilio.emulator.accounts.createSubaccount('Genuine');
    const warnTrigger = await fleet.register(customer.sid, 'warn', 25);
    await fleet.register(customer.sid, 'trip', 100);
    // Twilio fires the warn (to instance 0); then 99 copies of it, captured and replayed.
    const [fired] = await fleet.twilio.emulator.recordUsage({
      accountSid: customer.sid,
      category: 'totalprice',
      price: 30,
    });
    expect(fired.status).toBe(200);
    const copy = fleet.signed(customer.auth_token, fired.url, fired.params);
    expect(await spread(Array(99).fill(copy))).toEqual(Array(99).fill(200));
    const once = fleet.alerts(customer.sid);
    expect({ sms: once.sms.length, webhook: once.webhook.length }).toEqual({ sms: 1, webhook: 1 });
    expect(once.sms[0]).toMatch(/^Twilio breaker: WARNING for AC/);

    // The account holder knows its trigger's SID (it can list its own triggers): new DateFireds
    // make new deliveries, but the alert for this account, tier and day has gone out.
    const more = Array.from({ length: 100 }, (_, n) =>
      forged(customer, 'warn', warnTrigger, n + 1),
    );
    expect(await spread(more)).toEqual(Array(100).fill(200));
    const after = fleet.alerts(customer.sid);
    expect({ sms: after.sms.length, webhook: after.webhook.length }).toEqual({
      sms: 1,
      webhook: 1,
    });
    expect(actions(await fleet.auditAbout(customer.sid))).toEqual(['alerted']);
    expect(await heldCounts(customer.sid)).toEqual({ 'already-alerted': 100 });
  });

  test('a warn for an account already suspended sends none', async () => {
    const customer = fleet.twilio.emulator.accounts.createSubaccount('Tripped first');
    await fleet.register(customer.sid, 'trip', 10);
    await fleet.register(customer.sid, 'warn', 25);
    const usage = { accountSid: customer.sid, category: 'totalprice', price: 12 };
    await fleet.twilio.emulator.recordUsage(usage); // the trip: suspended, alerted
    await fleet.twilio.emulator.recordUsage({ ...usage, price: 20 }); // the warn, after it
    const fired = fleet.twilio.emulator.deliveries().filter((d) => d.accountSid === customer.sid);
    expect(fired.map((d) => [new URL(d.url).searchParams.get('tier'), d.status])).toEqual([
      ['trip', 200],
      ['warn', 200],
    ]);
    const { sms, webhook } = fleet.alerts(customer.sid);
    expect(sms).toEqual([expect.stringMatching(/^Twilio breaker: SUSPENDED subaccount AC/)]);
    expect(webhook).toHaveLength(1);
    expect(actions(await fleet.auditAbout(customer.sid))).toEqual(['suspended']);
    expect(await heldCounts(customer.sid)).toEqual({ 'account-suspended': 1 });
  });

  test('a forged trip still suspends at once: the alert is decided after the suspension', async () => {
    const attacker = fleet.twilio.emulator.accounts.createSubaccount('Self-tripper');
    await fleet.register(attacker.sid, 'trip', 100);
    const log = fleet.twilio.emulator.requestLog;
    log.reset();
    const answer = await fleet.instances[1].handle(forged(attacker, 'trip', sid('UT', 0xbad), 1));
    expect(answer.status).toBe(200);
    expect(fleet.twilio.emulator.accounts.get(attacker.sid)!.status).toBe('suspended');
    const order = log.entries().map((e) => `${e.method} ${e.route}`);
    const suspend = order.indexOf('POST /2010-04-01/Accounts/:Sid.json');
    const triggers = order.indexOf('GET /2010-04-01/Accounts/:AccountSid/Usage/Triggers.json');
    expect(suspend).toBeGreaterThanOrEqual(0);
    expect(triggers).toBeGreaterThan(suspend);
    expect(fleet.alerts(attacker.sid)).toEqual({ sms: [], webhook: [] });
    expect(await fleet.auditAbout(attacker.sid)).toEqual([
      expect.objectContaining({ action: 'suspended', alertHeld: 'unregistered-trigger' }),
    ]);
  });
});
