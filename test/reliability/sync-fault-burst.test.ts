// Partial Sync failure: 100 subaccounts trip at once, each with a call in progress, on one warm
// instance. Each delivery arrives 3 times and every copy answered 5xx is sent again, as Twilio
// re-sends. 20 % of Sync Map Item creates (claims, day marks) and 50 % of live-call listings time
// out. Expected: every account suspended with no call left running, whatever copy answered 200 —
// a 200 means "suspended, and nothing left running (or handed to a copy that will finish it)".
// Also counted: side effects beyond one per account (suspend POSTs, `suspended` events, SMS), which
// a copy that cannot reach its claim may repeat (fail closed); the test bounds them.
// Everything runs on one virtual clock with the emulator and seeded fault draws: the same run every
// time, on any machine.
import pLimit from 'p-limit';
import type { AuditEvent } from '../../src/audit/audit-event';
import { recoverFromLog } from '../../src/audit/recover-from-log';
import { AUDIT_LIST, CLAIMS_MAP, REACTIVATIONS_MAP } from '../../src/audit/sync-names';
import { BREAKER_HTTP } from '../../src/breaker/breaker-function';
import { createBreaker } from '../../src/breaker/create-breaker';
import type { RuntimeRequest } from '../../src/runtime/runtime-request';
import { deliveryParams, signedDelivery } from '../breaker/support/deliveries';
import { startVirtualTwilio, type VirtualTwilio } from '../support/virtual-twilio';

const ACCOUNTS = 100;
const COPIES = 3;
const RESENDS = 8;
const IN_FLIGHT = 50;
const SYNC_ITEMS = '/v1/Services/:ServiceSid/Maps/:MapSid/Items';
const CALLS = '/2010-04-01/Accounts/:AccountSid/Calls.json';

let twilio: VirtualTwilio;

beforeAll(async () => {
  twilio = await startVirtualTwilio({ maxSubaccounts: ACCOUNTS + 10 });
});

afterAll(async () => {
  await twilio?.close();
});

function trip(sid: string, token: string, n: number, firedAt: number): RuntimeRequest {
  const params = deliveryParams(sid, {
    UsageTriggerSid: 'UT' + n.toString(16).padStart(32, '0'),
    DateFired: new Date(firedAt).toUTCString().replace('GMT', '+0000'),
    TriggerValue: '100',
    CurrentValue: '130',
    IdempotencyToken: `sync-fault-${n}`,
  });
  return signedDelivery(sid, { tier: 'trip', token, params });
}

it(`${ACCOUNTS} trips × ${COPIES} copies, 20 % of claim creates and 50 % of call listings timing out: all suspended, no call left running`, async () => {
  const { emulator, clock } = twilio;
  const observer = twilio.gateway(60_000);
  await observer.createMapItem(CLAIMS_MAP, 'warm-up', {});
  await observer.createMapItem(REACTIVATIONS_MAP, 'warm-up', {});
  await observer.appendListItem(AUDIT_LIST, { id: 'warm-up' });
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => {
    const account = emulator.accounts.createSubaccount(`Sync fault ${i}`);
    emulator.addCall({ accountSid: account.sid, status: 'in-progress' });
    return account;
  });
  const bystander = emulator.accounts.createSubaccount('Bystander');

  const lines: string[] = [];
  const breaker = createBreaker(
    {
      accountSid: emulator.mainAccount.sid,
      authToken: emulator.mainAccount.authToken,
      dryRun: false,
      allowList: [],
      alertSmsFrom: '+15005550006',
      alertSmsTo: ['+15005550001'],
      alertWebhookUrl: null,
      syncServiceSid: 'default',
      tokenCacheSeconds: 300,
    },
    {
      gateway: twilio.gateway(BREAKER_HTTP.timeoutMs),
      clock,
      random: () => 0.5,
      log: (line) => lines.push(line),
    },
  );

  emulator.faults.add({
    method: 'POST',
    host: 'sync.twilio.com',
    route: SYNC_ITEMS,
    kind: 'timeout',
    holdMs: BREAKER_HTTP.timeoutMs + 500,
    times: Infinity,
    probability: 0.2,
  });
  emulator.faults.add({
    method: 'GET',
    host: 'api.twilio.com',
    route: CALLS,
    kind: 'timeout',
    holdMs: BREAKER_HTTP.timeoutMs + 500,
    times: Infinity,
    probability: 0.5,
  });

  const firedAt = clock.now();
  let pending = accounts.flatMap((a, i) =>
    Array.from({ length: COPIES }, () => ({
      i,
      request: trip(a.sid, a.auth_token, i + 1, firedAt),
    })),
  );
  const finalStatus: number[][] = accounts.map(() => []);
  const inFlight = pLimit(IN_FLIGHT);
  for (let round = 0; round <= RESENDS && pending.length > 0; round++) {
    const results = await Promise.all(
      pending.map((p) =>
        inFlight(async () => ({ p, status: (await breaker.handle(p.request)).status })),
      ),
    );
    for (const { p, status } of results) finalStatus[p.i].push(status);
    pending = results.filter((r) => r.status >= 500).map((r) => r.p);
    if (pending.length) await clock.sleep(1000);
  }
  const faultHits = emulator.faults.list().map((f) => f.hits);
  emulator.faults.clear();
  expect(faultHits.every((hits) => hits > 20)).toBe(true);

  // A later delivery drains what the instance kept for Sync; then the duplicate counts.
  for (let n = 0; n < 10 && recoverFromLog(lines).length > 0; n++) {
    await breaker.handle(trip(bystander.sid, bystander.auth_token, 10_000 + n, clock.now()));
  }
  await breaker.drain();

  const events: AuditEvent[] = [];
  for (let from: number | undefined; ;) {
    const page = await observer.listListItems<AuditEvent>(AUDIT_LIST, {
      pageSize: 100,
      order: 'asc',
      from,
    });
    events.push(...page.map((i) => i.data));
    if (page.length < 100) break;
    from = page[page.length - 1].index;
  }
  const stillLive = (sid: string) =>
    emulator.calls.list(sid).filter((c) => c.status === 'in-progress').length;
  const suspended = accounts.filter((a) => emulator.accounts.get(a.sid)!.status === 'suspended');
  const withLiveCalls = accounts.filter((a) => stillLive(a.sid) > 0);
  // Lost: not suspended although no copy is left answered 5xx (Twilio would retry no more).
  const lost = accounts.filter(
    (a, i) => emulator.accounts.get(a.sid)!.status !== 'suspended' && finalStatus[i].at(-1)! < 500,
  );
  // A 200 while a call still runs is the failure this test is about.
  const answeredOkWithCallsLeft = accounts.filter(
    (a, i) => stillLive(a.sid) > 0 && finalStatus[i].at(-1)! < 500,
  );
  expect(pending).toEqual([]);
  expect({
    suspended: suspended.length,
    withLiveCalls: withLiveCalls.length,
    lost: lost.length,
    answeredOkWithCallsLeft: answeredOkWithCallsLeft.length,
  }).toEqual({ suspended: ACCOUNTS, withLiveCalls: 0, lost: 0, answeredOkWithCallsLeft: 0 });
  expect(recoverFromLog(lines)).toEqual([]);

  // Side effects beyond one per account: a copy whose claim could not be reached acts anyway
  // (fail closed). Counted here so that a change that makes them common fails the test.
  const suspendPosts = emulator.requestLog
    .entries()
    .filter(
      (r) =>
        r.method === 'POST' && r.route === '/2010-04-01/Accounts/:Sid.json' && r.status === 200,
    ).length;
  const suspendedEvents = events.filter((e) => e.action === 'suspended');
  const perAccount = new Map<string, number>();
  for (const e of suspendedEvents)
    perAccount.set(e.accountSid!, (perAccount.get(e.accountSid!) ?? 0) + 1);
  const extraEvents = [...perAccount.values()].reduce((sum, n) => sum + n - 1, 0);
  const sms = emulator.messages
    .list(emulator.mainAccount.sid)
    .filter((m) => /SUSPENDED/.test(m.body)).length;
  console.info(
    `sync-fault burst: ${suspendPosts} successful suspend POSTs, ${suspendedEvents.length} suspended events (${extraEvents} beyond one per account), ${sms} trip SMS`,
  );
  expect(perAccount.size).toBe(ACCOUNTS);
  expect(extraEvents).toBeLessThanOrEqual(ACCOUNTS * 0.1);
  expect(suspendPosts - ACCOUNTS).toBeLessThanOrEqual(ACCOUNTS * 0.1);
}, 120_000);
