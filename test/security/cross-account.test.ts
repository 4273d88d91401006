// A fraudster who holds subaccount A's auth token (they run A, or stole its key) attacks the
// breaker end to end: the built Functions under twilio-run, the emulator playing Twilio. Whatever A
// signs, claims or replays, the breaker must not suspend, reactivate or otherwise touch subaccount
// B or the main account; the only account A can affect is A itself.
import type { Emulator } from '../../emulator';
import { breakerCallbackUrl } from '../../src/breaker/delivery/callback-url';
import { type Tier } from '../../src/domain/tier';
import { AUDIT_LIST } from '../../src/audit/sync-names';
import type { AuditEvent } from '../../src/audit/audit-event';
import { startAdminStack, type AdminStack } from '../support/admin-stack';
import { addBreakerTrigger } from '../support/breaker-trigger';
import { emulatorClient } from '../support/emulator-twilio';
import type { FunctionsServer } from '../support/functions-server';
import { postSignedForm, postWithSignature, signTwilioRequest } from '../support/twilio-signer';

const ADMIN = { username: 'ops', password: 'fake-admin-password-xacct' };

let stack: AdminStack;
let emulator: Emulator;
let functions: FunctionsServer;

beforeAll(async () => {
  stack = await startAdminStack({
    admin: ADMIN,
    env: () => ({ BREAKER_ALERT_SMS_FROM: '+15005550006', BREAKER_ALERT_SMS_TO: '+15005550001' }),
  });
  ({ emulator, functions } = stack);
});

afterAll(() => stack?.stop());

const parent = () => emulatorClient(emulator);
const url = (tier: Tier) => breakerCallbackUrl(functions.url, tier);

const addTrigger = (accountSid: string, tier: Tier, value: number) =>
  addBreakerTrigger(emulator, functions.url, {
    accountSid,
    tier,
    value,
    friendlyName: `breaker:${tier}`,
  });

const params = (accountSid: string, extra: Record<string, string> = {}) => ({
  AccountSid: accountSid,
  UsageTriggerSid: 'UT' + 'a'.repeat(32),
  DateFired: new Date().toUTCString().replace('GMT', '+0000'),
  UsageCategory: 'totalprice',
  TriggerBy: 'price',
  TriggerValue: '100',
  CurrentValue: '150',
  IdempotencyToken: `fraud-${Math.random()}`,
  ...extra,
});

async function auditEvents(): Promise<AuditEvent[]> {
  const items = await stack.gateway.listListItems<AuditEvent>(AUDIT_LIST, {
    pageSize: 100,
    order: 'asc',
  });
  return items.map((i) => i.data);
}

/** Everything the breaker could have changed about an account. */
async function stateOf(accountSid: string) {
  const account = emulator.accounts.get(accountSid)!;
  const triggers = await parent().api.v2010.accounts(accountSid).usage.triggers.list();
  return {
    status: account.status,
    friendlyName: account.friendly_name,
    calls: emulator.calls.list(accountSid).map((c) => `${c.sid}:${c.status}`),
    triggers: triggers.map((t) => `${t.sid}:${t.callbackUrl}:${t.triggerValue}`).sort(),
    decisions: (await auditEvents())
      .filter((e) => e.accountSid === accountSid && e.reason !== 'summary')
      .map((e) => e.id),
    alerts: emulator.messages
      .list(emulator.mainAccount.sid)
      .filter((m) => m.body.includes(accountSid)).length,
  };
}

describe('a fraudster holding subaccount A’s token', () => {
  let a: { sid: string; token: string };
  let b: { sid: string; token: string };
  let captured: { url: string; params: Record<string, string>; signature: string };

  beforeAll(async () => {
    const fraud = emulator.accounts.createSubaccount('Fraudster A');
    const victim = emulator.accounts.createSubaccount('Victim B');
    a = { sid: fraud.sid, token: fraud.auth_token };
    b = { sid: victim.sid, token: victim.auth_token };
    await addTrigger(b.sid, 'warn', 10);
    await addTrigger(b.sid, 'trip', 100);
    emulator.addCall({ accountSid: b.sid, status: 'in-progress' });
    // A genuine WARN delivery about B, as if A had intercepted it (B stays active: warn only).
    const [warn] = await emulator.recordUsage({
      accountSid: b.sid,
      category: 'totalprice',
      price: 20,
    });
    expect(warn.status).toBe(200);
    captured = { url: warn.url, params: warn.params, signature: warn.signature };
  });

  it('cannot make the breaker act on B or the main account with any delivery A can sign or replay', async () => {
    const main = emulator.mainAccount.sid;
    const before = { b: await stateOf(b.sid), main: await stateOf(main) };
    const signWithA = (target: string, tier: Tier, extra: Record<string, string> = {}) => {
      const sent = params(target, extra);
      return {
        url: url(tier),
        params: sent,
        signature: signTwilioRequest(a.token, url(tier), sent),
      };
    };
    const attempts: Record<
      string,
      { url: string; params: Record<string, string>; signature: string }
    > = {
      "A's token, B's AccountSid, trip": signWithA(b.sid, 'trip'),
      "A's token, the main account's AccountSid, trip": signWithA(main, 'trip'),
      "A's token, B's AccountSid in upper case": signWithA(b.sid.toUpperCase(), 'trip'),
      "A's token, B's AccountSid, A's own UsageRecordUri": signWithA(b.sid, 'trip', {
        UsageRecordUri: `/2010-04-01/Accounts/${a.sid}/Usage/Records.json`,
      }),
      "B's captured warn delivery sent to the trip URL": { ...captured, url: url('trip') },
      "B's captured warn delivery re-signed by A for the trip URL": {
        url: url('trip'),
        params: captured.params,
        signature: signTwilioRequest(a.token, url('trip'), captured.params),
      },
      "B's captured warn delivery with a higher CurrentValue": {
        ...captured,
        params: { ...captured.params, CurrentValue: '1000' },
      },
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      const answer = await postWithSignature(attempt.url, attempt.params, attempt.signature);
      expect({ name, status: answer.status }).toEqual({ name, status: 403 });
    }
    expect(await stateOf(b.sid)).toEqual(before.b);
    expect(await stateOf(main)).toEqual(before.main);
  });

  it('cannot reactivate anything through the admin endpoints with A’s credentials', async () => {
    await parent().api.v2010.accounts(b.sid).update({ status: 'suspended' });
    for (const target of [a.sid, b.sid]) {
      const response = await fetch(`${functions.url}/admin-reactivate`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${a.sid}:${a.token}`).toString('base64')}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ accountSid: target, operator: 'A', reason: 'please' }),
      });
      expect(response.status).toBe(401);
    }
    expect(emulator.accounts.get(b.sid)!.status).toBe('suspended');
    await parent().api.v2010.accounts(b.sid).update({ status: 'active' });
  });

  it('reaches only A itself: a trip A signs about A suspends A, never B, even when A poses as B by name', async () => {
    const before = await stateOf(b.sid);
    // A renames itself after B and fires a trip of its own, with A's own token.
    await parent()
      .api.v2010.accounts(a.sid)
      .update({ friendlyName: `Victim B (${b.sid})` });
    const own = params(a.sid);
    const answer = await postSignedForm(url('trip'), own, a.token);
    expect(answer.status).toBe(200);
    expect(emulator.accounts.get(a.sid)!.status).toBe('suspended');
    const after = await stateOf(b.sid);
    // B's name appears in A's alert text (A chose it), so only the SID-keyed facts are compared.
    expect({ ...after, alerts: 0 }).toEqual({ ...before, alerts: 0 });
    const [event] = (await auditEvents()).filter((e) => e.accountSid === a.sid);
    expect(event).toMatchObject({ action: 'suspended', accountSid: a.sid });
    // A, suspended, cannot use its own token to undo it.
    await expect(
      emulatorClient(emulator, { sid: a.sid, token: a.token })
        .api.v2010.accounts(a.sid)
        .update({ status: 'active' }),
    ).rejects.toMatchObject({ status: expect.any(Number) });
    expect(emulator.accounts.get(a.sid)!.status).toBe('suspended');
  });
});

describe('a delivery naming an account that is not ours', () => {
  // On Twilio, fetching an account the main credentials do not own may answer 401 20003 or 403,
  // not only 404 (its 20003 page: "subaccount credentials used to access the main account or
  // another subaccount"). The emulator answers 401 20003, as Twilio does.
  it('is refused 403, with no 503, no alert and no audit event, though Twilio answered 401 20003', async () => {
    const foreign = `AC${'7c1e'.repeat(8)}`; // real-looking, owned by nobody here
    const token = 'f'.repeat(32); // whoever sent it signed with a token of their own
    emulator.requestLog.reset();
    const messagesBefore = emulator.messages.list(emulator.mainAccount.sid).length;
    const eventsBefore = (await auditEvents()).length;

    const answer = await postSignedForm(url('trip'), params(foreign), token);

    expect(answer.status).toBe(403);
    const asked = emulator.requestLog
      .entries()
      .filter((e) => e.route === '/2010-04-01/Accounts/:Sid.json')
      .map((e) => e.status);
    // Twilio's refusal of the foreign account, then our own account, proving our credentials work.
    expect(asked).toEqual([401, 200]);
    expect(emulator.messages.list(emulator.mainAccount.sid)).toHaveLength(messagesBefore);
    const events = await auditEvents();
    expect(events.slice(eventsBefore).filter((e) => e.reason !== 'summary')).toEqual([]);
  });
});
