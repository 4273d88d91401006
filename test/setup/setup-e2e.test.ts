// End to end: the setup command's driver → twilio-run (the built Functions) → the emulator.
import type { Emulator } from '../../emulator';
import type { AuditEvent } from '../../src/audit/audit-event';
import { AUDIT_LIST, SIGN_IN_ATTEMPTS_MAP } from '../../src/audit/sync-names';
import { setupRunEventId } from '../../src/setup/setup-run-audit';
import { driveSetup, SetupCommandError, type DriveOptions } from '../../src/setup/drive-setup';
import { startAdminStack, type AdminStack } from '../support/admin-stack';
import type { FunctionsServer } from '../support/functions-server';
import { emulatorClient } from '../support/emulator-twilio';

const ADMIN = { username: 'ops', password: 'fake-admin-password-e2e' };
const TRIGGER_WRITES =
  /^(POST|DELETE) api\.twilio\.com\/2010-04-01\/Accounts\/:AccountSid\/Usage\/Triggers/;

let stack: AdminStack;
let emulator: Emulator;
let functions: FunctionsServer;
let logged: jest.SpyInstance;

beforeAll(async () => {
  // The Functions run in this process: their console lines land in `logged`, checked below.
  stack = await startAdminStack({ admin: ADMIN, emulator: { seed: { subaccounts: 4 } } });
  ({ emulator, functions, logged } = stack);
});

afterAll(() => stack?.stop());

const drive = (options: Partial<DriveOptions> = {}) =>
  driveSetup({ url: functions.url, ...ADMIN, mode: 'apply', ...options });

/** Requests that wrote triggers since the log was last reset. */
function triggerWrites(): number {
  const { byRoute } = emulator.requestLog.stats();
  return Object.entries(byRoute)
    .filter(([route]) => TRIGGER_WRITES.test(route))
    .reduce((sum, [, stats]) => sum + stats.count, 0);
}

const subaccounts = () =>
  emulator.accounts.list().filter((a) => a.sid !== emulator.mainAccount.sid);
const client = () => emulatorClient(emulator);
const triggersOf = (sid: string) => client().api.v2010.accounts(sid).usage.triggers.list();

/** The setup-run events in the audit list (Sync), oldest first. */
async function setupRunEvents(): Promise<AuditEvent[]> {
  const items = await stack.gateway.listListItems<AuditEvent>(AUDIT_LIST, {
    pageSize: 100,
    order: 'asc',
  });
  return items.map((item) => item.data).filter((event) => event.action === 'setup-run');
}

describe('setup through twilio-run and the emulator', () => {
  test('wrong credentials → 401, with WWW-Authenticate, and no Twilio traffic but the count of wrong passwords', async () => {
    emulator.requestLog.reset();
    const wrong = Buffer.from(`${ADMIN.username}:not-the-password`).toString('base64');
    const attempts: Record<string, string>[] = [{}, { Authorization: `Basic ${wrong}` }];
    for (const headers of attempts) {
      const res = await fetch(`${functions.url}/setup`, { method: 'POST', headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
    }
    await expect(drive({ password: 'wrong-password-here' })).rejects.toThrow(SetupCommandError);
    // Each wrong password holds a slot of its username and one of the total (a Sync map item).
    for (const entry of emulator.requestLog.entries()) {
      expect(`${entry.method} ${entry.route}`).toMatch(
        /^POST \/v1\/Services\/:ServiceSid\/Maps(\/:MapSid\/Items)?$/,
      );
    }
    const slots = await stack.gateway.listMapItemsPage!(SIGN_IN_ATTEMPTS_MAP, null, 100);
    expect(slots.items).toHaveLength(4);
  });

  test('plan changes nothing; apply registers; applying again writes nothing; foreign triggers stay', async () => {
    const [first] = subaccounts();
    const foreign = await client().api.v2010.accounts(first.sid).usage.triggers.create({
      friendlyName: 'finance: monthly spend',
      usageCategory: 'totalprice',
      triggerValue: '500',
      recurring: 'monthly',
      callbackUrl: 'https://finance.example.com/hook',
    });
    emulator.requestLog.reset();

    const plan = await drive({ mode: 'plan' });
    expect(plan.final.totals).toMatchObject({ seen: 4, create: 8, writes: 0 });
    expect(triggerWrites()).toBe(0);
    expect(await triggersOf(first.sid)).toHaveLength(1);

    const applied = await drive();
    expect(applied.final.totals).toMatchObject({ reconciled: 4, create: 8, writes: 8, failed: 0 });
    // One summary for the run, under the id derived from its runId.
    expect(applied.final.summaryRecorded).toBe(true);
    expect((await setupRunEvents()).map((e) => e.id)).toEqual([
      setupRunEventId(applied.final.runId),
    ]);
    for (const account of subaccounts()) {
      const own = (await triggersOf(account.sid)).filter((t) =>
        t.friendlyName.startsWith('breaker:'),
      );
      expect(
        own.map((t) => [t.friendlyName, Number(t.triggerValue), t.callbackUrl]).sort(),
      ).toEqual([
        [
          'breaker:trip:daily:price:totalprice',
          100,
          expect.stringMatching(/^http:\/\/[^/]+\/breaker\?tier=trip$/),
        ],
        [
          'breaker:warn:daily:price:totalprice',
          25,
          expect.stringMatching(/^http:\/\/[^/]+\/breaker\?tier=warn$/),
        ],
      ]);
    }

    emulator.requestLog.reset();
    const again = await drive();
    expect(again.final.totals).toMatchObject({ reconciled: 4, unchanged: 4, writes: 0 });
    expect(triggerWrites()).toBe(0);
    expect((await triggersOf(first.sid)).map((t) => t.sid)).toContain(foreign.sid);
  });

  test('an exempt override set through /admin-overrides removes that subaccount’s own triggers', async () => {
    const [, second] = subaccounts();
    const auth = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;
    const res = await fetch(`${functions.url}/admin-overrides`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ accountSid: second.sid, exempt: true, note: 'internal' }),
    });
    expect(res.status).toBe(200);
    const result = await drive();
    expect(result.final.totals).toMatchObject({ delete: 2, writes: 2 });
    expect(await triggersOf(second.sid)).toEqual([]);

    const read = await fetch(`${functions.url}/admin-overrides`, {
      headers: { Authorization: auth },
    });
    expect(await read.json()).toEqual({
      overrides: [
        {
          accountSid: second.sid,
          override: expect.objectContaining({ exempt: true, updatedBy: 'ops' }),
        },
      ],
      rules: [
        expect.objectContaining({ id: 'warn:daily:price:totalprice' }),
        expect.objectContaining({ id: 'trip:daily:price:totalprice' }),
      ],
    });
  });

  test('a new subaccount is picked up by the next run, with only its writes', async () => {
    const added = emulator.accounts.createSubaccount('Late Customer');
    emulator.requestLog.reset();
    const result = await drive();
    expect(result.final.totals).toMatchObject({ create: 2, writes: 2 });
    expect(result.changes.map((c) => c.accountSid)).toEqual([added.sid]);
    expect(triggerWrites()).toBe(2);
  });

  test('a trigger registered by setup fires into the breaker, whose signature check accepts it', async () => {
    const [, , third] = subaccounts();
    const [delivery] = await emulator.recordUsage({
      accountSid: third.sid,
      category: 'totalprice',
      price: 150,
    });
    expect(delivery).toMatchObject({ status: 200, url: expect.stringContaining('/breaker?tier=') });
    expect(emulator.accounts.get(third.sid)?.status).toBe('suspended'); // $150 crossed the $100 trip
  });

  test('the Functions logged a line per setup call, never the admin password or an auth token', () => {
    const lines = logged.mock.calls.map((args) => args.map(String).join(' '));
    expect(lines.filter((l) => l.includes('"breaker":"setup"')).length).toBeGreaterThan(3);
    for (const line of lines) {
      expect(line).not.toContain(ADMIN.password);
      expect(line).not.toContain(emulator.mainAccount.authToken);
    }
  });
});
