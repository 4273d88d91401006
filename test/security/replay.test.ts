// A replayer re-sends every valid delivery the emulator ever made, exactly as it was signed, one
// at a time and then two copies at once, to the breaker as `twilio-run start` runs it by default:
// one forked process per request, so every copy meets a cold instance and only the Sync-backed
// claim can tell it was seen. No replay may cause a second side effect: no suspension request, no
// audit event, no alert, no call sweep — and an account ops reactivated stays active.
import type { Emulator } from '../../emulator';
import type { UsageTriggerDelivery } from '../../emulator/types';
import type { Tier } from '../../src/domain/tier';
import { AUDIT_LIST, CLAIMS_MAP } from '../../src/audit/sync-names';
import type { AuditEvent } from '../../src/audit/audit-event';
import { startAdminStack, type AdminStack } from '../support/admin-stack';
import { addBreakerTrigger } from '../support/breaker-trigger';
import { emulatorClient } from '../support/emulator-twilio';
import type { FunctionsServer } from '../support/functions-server';
import { startRecordingServer, type RecordingServer } from '../support/recording-server';
import { postWithSignature } from '../support/twilio-signer';

const ADMIN = { username: 'ops', password: 'fake-admin-password-replay' };

let stack: AdminStack;
let emulator: Emulator;
let functions: FunctionsServer;
let hook: RecordingServer;

beforeAll(async () => {
  hook = await startRecordingServer(() => ({ status: 200, body: { ok: true } }));
  stack = await startAdminStack({
    admin: ADMIN,
    mode: 'forked',
    env: () => ({
      BREAKER_ALERT_SMS_FROM: '+15005550006',
      BREAKER_ALERT_SMS_TO: '+15005550001',
      BREAKER_ALERT_WEBHOOK_URL: `${hook.url}/hook`,
    }),
  });
  ({ emulator, functions } = stack);
  // Sync creates the claims map on first use; do it here so no delivery below pays for it.
  await stack.gateway.createMapItem(CLAIMS_MAP, 'warm-up', {});
});

afterAll(async () => {
  await stack?.stop();
  await hook?.close();
});

const addTrigger = (accountSid: string, tier: Tier, value: number) =>
  addBreakerTrigger(emulator, functions.url, { accountSid, tier, value });

const spend = (accountSid: string, price: number) =>
  emulator.recordUsage({ accountSid, category: 'totalprice', price });

/** Everything a delivery can change, anywhere. */
async function world() {
  const events = await stack.gateway.listListItems<AuditEvent>(AUDIT_LIST, {
    pageSize: 100,
    order: 'asc',
  });
  return {
    accounts: emulator.accounts.list().map((a) => `${a.sid}:${a.status}`),
    calls: emulator.accounts.list().flatMap((a) => emulator.calls.list(a.sid).map((c) => c.status)),
    sms: emulator.messages.list(emulator.mainAccount.sid).length,
    webhooks: hook.seen.length,
    events: events.map((e) => `${e.data.action}:${e.data.accountSid}`),
  };
}

const replay = (d: UsageTriggerDelivery) =>
  postWithSignature(d.url, d.params, d.signature).then((r) => ({
    status: r.status,
    action: (JSON.parse(r.body) as { action?: string }).action,
  }));

it('replaying every recorded delivery, alone or two at once, causes no second side effect', async () => {
  const main = emulator.mainAccount.sid;
  const tripped = emulator.accounts.createSubaccount('Tripped');
  const warned = emulator.accounts.createSubaccount('Warned');
  const already = emulator.accounts.createSubaccount('Already suspended');
  const reactivated = emulator.accounts.createSubaccount('Reactivated by ops');
  for (const account of [tripped, reactivated, already]) await addTrigger(account.sid, 'trip', 10);
  await addTrigger(warned.sid, 'warn', 5);
  await addTrigger(main, 'trip', 10);
  emulator.addCall({ accountSid: tripped.sid, status: 'in-progress' });
  emulator.addCall({ accountSid: reactivated.sid, status: 'ringing' });
  await emulatorClient(emulator).api.v2010.accounts(already.sid).update({ status: 'suspended' });

  for (const [sid, price] of [
    [tripped.sid, 11],
    [warned.sid, 6],
    [already.sid, 11],
    [reactivated.sid, 11],
    [main, 11],
  ] as const) {
    const fired = await spend(sid, price);
    expect(fired.map((d) => d.status)).toEqual([200]);
  }
  const reactivation = await fetch(`${functions.url}/admin-reactivate`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ accountSid: reactivated.sid, operator: 'Dana', reason: 'verified' }),
  });
  expect(reactivation.status).toBe(200);
  emulator.addCall({ accountSid: reactivated.sid, status: 'in-progress' }); // back in business

  const recorded = emulator.deliveries();
  expect(recorded).toHaveLength(5);
  const before = await world();
  expect(before.events.filter((e) => e.startsWith('suspended:'))).toEqual([
    `suspended:${tripped.sid}`,
    `suspended:${reactivated.sid}`,
  ]);
  emulator.requestLog.reset();

  for (const delivery of recorded) {
    expect(await replay(delivery)).toEqual({ status: 200, action: 'duplicate' });
  }
  // Two copies at once of the deliveries that suspended (each copy its own cold process).
  const suspending = recorded.filter((d) => [tripped.sid, reactivated.sid].includes(d.accountSid));
  const together = await Promise.all(suspending.flatMap((d) => [replay(d), replay(d)]));
  expect(together).toEqual(Array(4).fill({ status: 200, action: 'duplicate' }));

  expect(await world()).toEqual(before);
  expect(emulator.accounts.get(reactivated.sid)!.status).toBe('active');
  // Not one write changed anything on Twilio: no suspension, no call update, no SMS, no audit
  // append. (Each copy does try to create its claim: Sync refuses it, 409, which is the point.)
  const writes = emulator.requestLog
    .entries()
    .filter((e) => e.method !== 'GET')
    .map((e) => `${e.method} ${e.route} ${e.status}`);
  expect(writes.length).toBeGreaterThanOrEqual(recorded.length);
  expect(new Set(writes)).toEqual(
    new Set(['POST /v1/Services/:ServiceSid/Maps/:MapSid/Items 409']),
  );
});
