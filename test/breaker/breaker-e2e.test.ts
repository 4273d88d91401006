// End to end: simulated usage → the emulator fires a signed Usage Trigger callback → the built
// breaker Function under twilio-run's runtime → the emulator's state (accounts, calls, messages,
// Sync). The breaker's Twilio traffic is counted from the emulator's request log.
import type { Emulator } from '../../emulator';
import type { EmulatedAccount } from '../../emulator/types';
import { breakerCallbackUrl } from '../../src/breaker/delivery/callback-url';
import { type Tier } from '../../src/domain/tier';
import { AUDIT_LIST, CLAIMS_MAP, REACTIVATIONS_MAP } from '../../src/audit/sync-names';
import type { AuditEvent } from '../../src/audit/audit-event';
import type { TwilioGateway } from '../../src/twilio/gateway';
import { startAdminStack, type AdminStack } from '../support/admin-stack';
import { addBreakerTrigger } from '../support/breaker-trigger';
import { emulatorClient } from '../support/emulator-twilio';
import type { FunctionsServer } from '../support/functions-server';
import { startRecordingServer, type RecordingServer } from '../support/recording-server';
import { signTwilioRequest } from '../support/twilio-signer';

const SMS_TO = '+15005550001';

let stack: AdminStack;
let emulator: Emulator;
let functions: FunctionsServer;
let hook: RecordingServer;
let gateway: TwilioGateway;
let allowListed: EmulatedAccount;
let logged: jest.SpyInstance;

beforeAll(async () => {
  hook = await startRecordingServer(() => ({ status: 200, body: { ok: true } }));
  // The Functions run in this process: their console lines land in `logged`.
  stack = await startAdminStack({
    emulator: { latencyMs: 20 },
    env: (running) => {
      allowListed = running.accounts.createSubaccount('Trusted partner');
      return {
        BREAKER_ALERT_SMS_FROM: '+15005550006',
        BREAKER_ALERT_SMS_TO: SMS_TO,
        BREAKER_ALERT_WEBHOOK_URL: `${hook.url}/hook`,
        BREAKER_ALLOWLIST: allowListed.sid,
      };
    },
  });
  ({ emulator, functions, gateway, logged } = stack);
  // Sync maps are created on first use, which costs the very first delivery of a new service two
  // more round trips, once. "Cold" below means a token the instance has not cached yet.
  await gateway.createMapItem(CLAIMS_MAP, 'warm-up', {});
});

afterAll(async () => {
  await stack?.stop();
  await hook?.close();
});

const parent = () => emulatorClient(emulator);

/** Each account's trigger SID per tier, for deliveries the test signs itself. */
const triggerSids = new Map<string, string>();

async function addTrigger(accountSid: string, tier: Tier, value: number) {
  const triggerSid = await addBreakerTrigger(emulator, functions.url, { accountSid, tier, value });
  triggerSids.set(`${accountSid}:${tier}`, triggerSid);
}

async function customer(name: string, tiers: Partial<Record<Tier, number>> = { trip: 10 }) {
  const account = emulator.accounts.createSubaccount(name);
  for (const [tier, value] of Object.entries(tiers))
    await addTrigger(account.sid, tier as Tier, value);
  return account;
}

const spend = (accountSid: string, price: number) =>
  emulator.recordUsage({ accountSid, category: 'totalprice', price });

async function auditEvents(accountSid?: string): Promise<AuditEvent[]> {
  const items = await gateway.listListItems<AuditEvent>(AUDIT_LIST, {
    pageSize: 100,
    order: 'asc',
  });
  return items.map((i) => i.data).filter((e) => !accountSid || e.accountSid === accountSid);
}

/** A delivery of the account's trip trigger as Twilio would send it, signed (or forged) by the test. */
const deliveryFor = (accountSid: string, token: string): Record<string, string> => ({
  AccountSid: accountSid,
  UsageTriggerSid: triggerSids.get(`${accountSid}:trip`) ?? 'UT' + 'c'.repeat(32),
  DateFired: new Date().toUTCString().replace('GMT', '+0000'),
  UsageCategory: 'totalprice',
  TriggerBy: 'price',
  TriggerValue: '10',
  CurrentValue: '11',
  IdempotencyToken: `e2e-${token}`,
});

const post = (url: string, params: Record<string, string>, signature: string | null) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(signature ? { 'X-Twilio-Signature': signature } : {}),
    },
    body: new URLSearchParams(params).toString(),
  });

const smsCount = () => emulator.messages.list(emulator.mainAccount.sid).length;
const statusOf = (sid: string) => emulator.accounts.get(sid)!.status;

describe('breaker end to end', () => {
  it('suspends on a trip, ends live calls, writes one audit event, sends one alert of each kind', async () => {
    const acme = await customer('Acme');
    emulator.addCall({ accountSid: acme.sid, status: 'in-progress' });
    emulator.addCall({ accountSid: acme.sid, status: 'ringing' });
    const sms = smsCount();
    const hooks = hook.seen.length;

    const [delivery] = await spend(acme.sid, 12);
    expect(delivery.status).toBe(200);
    expect(statusOf(acme.sid)).toBe('suspended');
    expect(
      emulator.calls
        .list(acme.sid)
        .every((c) => c.status === 'completed' || c.status === 'canceled'),
    ).toBe(true);
    const events = await auditEvents(acme.sid);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'suspended',
      friendlyName: 'Acme',
      calls: { found: 2, ended: 2 },
    });
    expect(smsCount() - sms).toBe(1);
    expect(hook.seen.length - hooks).toBe(1);
  });

  it('suspends on a trip with the token cached by an earlier warn (warm)', async () => {
    // Real time here: outcomes only. Round trips to suspension are counted on virtual time
    // (test/breaker/handle-delivery.test.ts) and measured by `npm run bench` (docs/BENCHMARKS.md).
    const warm = await customer('Warm Ltd', { warn: 5, trip: 10 });
    await spend(warm.sid, 6); // warn: alerts, and caches the token
    expect(statusOf(warm.sid)).toBe('active');
    await spend(warm.sid, 6); // trip
    expect(statusOf(warm.sid)).toBe('suspended');
  });

  it('answers 403 to forged requests and changes nothing', async () => {
    const target = await customer('Target');
    const url = breakerCallbackUrl(functions.url, 'trip');
    const params = deliveryFor(target.sid, 'forged');
    const good = signTwilioRequest(target.auth_token, url, params);
    const attempts: [string, Record<string, string>, string | null][] = [
      [
        'parent token on a subaccount trigger',
        params,
        signTwilioRequest(emulator.mainAccount.authToken, url, params),
      ],
      ['wrong token', params, signTwilioRequest('fake-token-wrong', url, params)],
      ['changed parameter', { ...params, CurrentValue: '0' }, good],
      [
        'tier changed in the URL',
        params,
        signTwilioRequest(target.auth_token, breakerCallbackUrl(functions.url, 'warn'), params),
      ],
      ['no signature', params, null],
    ];
    const before = {
      sms: smsCount(),
      hooks: hook.seen.length,
      events: (await auditEvents(target.sid)).length,
    };
    for (const [name, sent, signature] of attempts) {
      const response = await post(url, sent, signature);
      expect({ name, status: response.status }).toEqual({ name, status: 403 });
    }
    expect(statusOf(target.sid)).toBe('active');
    expect(smsCount()).toBe(before.sms);
    expect(hook.seen.length).toBe(before.hooks);
    expect(await auditEvents(target.sid)).toHaveLength(before.events);
    // The same request, rightly signed, is accepted: the refusals above were for the forgery.
    expect((await post(url, params, good)).status).toBe(200);
    expect(statusOf(target.sid)).toBe('suspended');
  });

  it('gives a replayed delivery no second side effect, and two concurrent copies one', async () => {
    const replayed = await customer('Replayed');
    await spend(replayed.sid, 11);
    const delivery = emulator.deliveries().find((d) => d.accountSid === replayed.sid)!;
    await parent().api.v2010.accounts(replayed.sid).update({ status: 'active' });
    const sms = smsCount();
    const replays = await Promise.all(
      [1, 2].map(() => post(delivery.url, delivery.params, delivery.signature)),
    );
    expect(replays.map((r) => r.status)).toEqual([200, 200]);
    expect(statusOf(replayed.sid)).toBe('active');
    expect(smsCount()).toBe(sms);
    expect(await auditEvents(replayed.sid)).toHaveLength(1);

    const twice = await customer('Twice');
    emulator.addCall({ accountSid: twice.sid });
    const url = breakerCallbackUrl(functions.url, 'trip');
    const params = deliveryFor(twice.sid, 'concurrent');
    const signature = signTwilioRequest(twice.auth_token, url, params);
    const hooks = hook.seen.length;
    const copies = await Promise.all([1, 2].map(() => post(url, params, signature)));
    const actions = await Promise.all(
      copies.map(async (c) => ((await c.json()) as { action: string }).action),
    );
    expect(actions.sort()).toEqual(['duplicate', 'suspended']);
    expect(hook.seen.length - hooks).toBe(1);
    expect(await auditEvents(twice.sid)).toEqual([
      expect.objectContaining({
        action: 'suspended',
        calls: expect.objectContaining({ ended: 1 }),
      }),
    ]);
  });

  it('decides as the rules say for the main account, allow-listed, warn, already suspended and reactivated', async () => {
    await addTrigger(emulator.mainAccount.sid, 'trip', 10);
    await spend(emulator.mainAccount.sid, 11);
    expect(statusOf(emulator.mainAccount.sid)).toBe('active');

    await addTrigger(allowListed.sid, 'trip', 10);
    await spend(allowListed.sid, 11);
    expect(statusOf(allowListed.sid)).toBe('active');

    const warned = await customer('Warned', { warn: 5 });
    await spend(warned.sid, 6);
    expect(statusOf(warned.sid)).toBe('active');

    const already = await customer('Already');
    await parent().api.v2010.accounts(already.sid).update({ status: 'suspended' });
    await spend(already.sid, 11);

    // A late delivery, fired an hour before ops reactivated the account. Ops write the record,
    // then set the account active (suspended first here, so that its status really changes).
    const reactivated = await customer('Reactivated');
    await gateway.putMapItem(REACTIVATIONS_MAP, reactivated.sid, {
      accountSid: reactivated.sid,
      reactivatedAt: new Date().toISOString(),
      operator: 'ops',
      reason: 'e2e',
    });
    await parent().api.v2010.accounts(reactivated.sid).update({ status: 'suspended' });
    await parent().api.v2010.accounts(reactivated.sid).update({ status: 'active' });
    const late = {
      ...deliveryFor(reactivated.sid, 'late'),
      DateFired: new Date(Date.now() - 3_600_000).toUTCString().replace('GMT', '+0000'),
    };
    const tripUrl = breakerCallbackUrl(functions.url, 'trip');
    const skipped = await post(
      tripUrl,
      late,
      signTwilioRequest(reactivated.auth_token, tripUrl, late),
    );
    expect(skipped.status).toBe(200);
    expect(statusOf(reactivated.sid)).toBe('active');

    const actions = async (sid: string) =>
      (await auditEvents(sid)).map((e) => `${e.action}/${e.reason}`);
    expect(await actions(emulator.mainAccount.sid)).toEqual(['alerted/main-account']);
    expect(await actions(allowListed.sid)).toEqual(['alerted/allow-listed']);
    expect(await actions(warned.sid)).toEqual(['alerted/warn-tier']);
    // Found suspended: its live calls are ended (none here), nothing else.
    expect(await actions(already.sid)).toEqual(['already-suspended/suspended']);
    expect(await actions(reactivated.sid)).toEqual(['skipped/fired-before-reactivation']);
  });

  // Twilio's DateFired format is unverified: a form the breaker cannot read must not cost the trip.
  it('suspends a trip whose DateFired is in a form it cannot read, once a day, and says so', async () => {
    const odd = await customer('Odd date');
    emulator.addCall({ accountSid: odd.sid, status: 'in-progress' });
    const url = breakerCallbackUrl(functions.url, 'trip');
    const epochSeconds = String(Math.floor(Date.now() / 1000));
    const params = { ...deliveryFor(odd.sid, 'odd-date'), DateFired: epochSeconds };
    const sms = smsCount();
    const lines = logged.mock.calls.length;

    const first = await post(url, params, signTwilioRequest(odd.auth_token, url, params));
    expect(first.status).toBe(200);
    expect(statusOf(odd.sid)).toBe('suspended');
    expect(emulator.calls.list(odd.sid).every((c) => c.status === 'completed')).toBe(true);
    expect(await auditEvents(odd.sid)).toEqual([
      expect.objectContaining({
        action: 'suspended',
        dateFired: epochSeconds,
        degraded: ['date-fired-unreadable'],
      }),
    ]);
    const printed = logged.mock.calls.slice(lines).map(([line]) => String(line));
    expect(printed.filter((l) => l.includes('"problem":"date-fired-unreadable"'))).toHaveLength(1);

    // Ops reactivate; another delivery of that trigger the same day, in another unreadable form, is
    // a duplicate: at most one action per trigger per day.
    await parent().api.v2010.accounts(odd.sid).update({ status: 'active' });
    const again = { ...params, DateFired: 'Wednesday noon' };
    const second = await post(url, again, signTwilioRequest(odd.auth_token, url, again));
    expect(((await second.json()) as { action: string }).action).toBe('duplicate');
    expect(statusOf(odd.sid)).toBe('active');
    expect(smsCount() - sms).toBe(1);
  });

  it('still suspends in time with 429 and 5xx injected on the suspend call', async () => {
    const flaky = await customer('Flaky');
    emulator.faults.add({
      method: 'POST',
      route: '/2010-04-01/Accounts/:Sid.json',
      kind: 429,
      times: 2,
    });
    emulator.faults.add({
      method: 'POST',
      route: '/2010-04-01/Accounts/:Sid.json',
      kind: 503,
      times: 1,
    });
    const [delivery] = await spend(flaky.sid, 11);
    emulator.faults.clear();
    expect(delivery.status).toBe(200);
    expect(statusOf(flaky.sid)).toBe('suspended');
    // Real time here (a served Function): the outcome is asserted, never how long it took.
    const [event] = await auditEvents(flaky.sid);
    expect(event).toMatchObject({ action: 'suspended', outcome: 'ok' });
  });

  it('still suspends with Sync down, and the event reaches the audit list later', async () => {
    const offline = await customer('Offline');
    emulator.faults.add({ host: 'sync.twilio.com', route: '*', kind: 503, times: Infinity });
    const [delivery] = await spend(offline.sid, 11);
    emulator.faults.clear();
    expect(delivery.status).toBe(200);
    expect(statusOf(offline.sid)).toBe('suspended');
    expect(await auditEvents(offline.sid)).toHaveLength(0);

    const next = await customer('Next', { warn: 5 });
    await spend(next.sid, 6); // the next invocation drains the kept event
    expect(await auditEvents(offline.sid)).toEqual([
      expect.objectContaining({
        action: 'suspended',
        degraded: expect.arrayContaining(['claim-unavailable']),
      }),
    ]);
  });
});
