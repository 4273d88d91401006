import type { AuditEvent } from '../../src/audit/audit-event';
import { createAuditSink } from '../../src/audit/audit-sink';
import { AUDIT_LIST } from '../../src/audit/sync-names';
import type { RuntimeRequest } from '../../src/runtime/runtime-request';
import { ADMIN_ACCESS } from '../../src/admin/admin-access';
import { runAdminEndpoint, type AdminEndpointDeps } from '../../src/admin/admin-endpoint';
import { setupEndpoint, type SetupEndpointOptions } from '../../src/setup/setup-endpoint';
import {
  drainAuditWith,
  recordRunWith,
  setupRunAuditEvent,
  setupRunEventId,
} from '../../src/setup/setup-run-audit';
import type { SetupRunEvent } from '../../src/setup/run-setup';
import { fakeGateway, MAIN_SID } from './fake-gateway';

const PASSWORD = 'fake-admin-password-for-tests';
const SETUP_TOKEN = 'fake-setup-token-for-tests-0123456789abcdef';
const ENV = {
  ADMIN_USERNAME: 'ops',
  ADMIN_PASSWORD: PASSWORD,
  ADMIN_TOKEN_SETUP: SETUP_TOKEN,
  DOMAIN_NAME: 'breaker-1234-dev.twil.io',
  ACCOUNT_SID: MAIN_SID,
  AUTH_TOKEN: 'fake-auth-token-not-a-secret',
};
// The scheduled run's credential (a wrong Basic password would be counted in Sync first).
const AUTH = `Bearer ${SETUP_TOKEN}`;

function post(
  params: Record<string, unknown>,
  /** null sends no Authorization header. */
  authorization: string | null = AUTH,
): RuntimeRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== null) headers.authorization = authorization;
  return { method: 'POST', url: 'https://breaker-1234-dev.twil.io/setup', headers, params };
}

function setup(env: Record<string, unknown> = ENV) {
  const fake = fakeGateway();
  for (let i = 0; i < 3; i += 1) fake.addAccount();
  const built = jest.fn(() => fake.gateway);
  const lines: string[] = [];
  const deps: SetupEndpointDeps = {
    env,
    gateway: built,
    clock: fake.clock,
    log: (l) => lines.push(l),
  };
  return { fake, built, deps, lines };
}

const body = (response: { body: string }) => JSON.parse(response.body);

type SetupEndpointDeps = AdminEndpointDeps & SetupEndpointOptions;

/** The setup Function as deployed: the shared admin shell around the setup endpoint. */
function callSetup(request: RuntimeRequest, deps: SetupEndpointDeps) {
  const { audit, ...shell } = deps;
  const endpoint = setupEndpoint({ audit, clock: shell.clock });
  return runAdminEndpoint(request, shell, endpoint, ADMIN_ACCESS.setup);
}

describe('setupEndpoint', () => {
  test('wrong credentials: 401, and no Twilio call but the wrong password’s count in Sync', async () => {
    const { deps, built, fake } = setup();
    const none = await callSetup(post({ mode: 'apply' }, null), deps);
    expect(none.status).toBe(401);
    expect(built).not.toHaveBeenCalled();
    const wrong = `Basic ${Buffer.from('ops:guess').toString('base64')}`;
    const guessed = await callSetup(post({ mode: 'apply' }, wrong), deps);
    expect(guessed.status).toBe(401);
    expect(guessed.headers['WWW-Authenticate']).toBeDefined();
    // Nothing but the wrong password's count: the sign-in limiter's Sync slots (src/limits/).
    expect(fake.calls.filter((c) => c !== 'createMapItem')).toEqual([]);
  });

  test('mode defaults to plan, which writes nothing', async () => {
    const { deps, fake } = setup();
    const response = await callSetup(post({}), deps);
    expect(response.status).toBe(200);
    expect(body(response)).toMatchObject({
      mode: 'plan',
      done: true,
      totals: { create: 6, writes: 0 },
    });
    expect(fake.writes()).toBe(0);
  });

  test('apply registers the triggers, returns the rules, and logs one line without secrets', async () => {
    const { deps, fake, lines } = setup();
    const response = await callSetup(post({ mode: 'apply' }), deps);
    expect(body(response)).toMatchObject({
      mode: 'apply',
      done: true,
      cursor: null,
      totals: { create: 6, writes: 6 },
      rules: [expect.objectContaining({ tier: 'warn' }), expect.objectContaining({ tier: 'trip' })],
    });
    expect(fake.triggersOf(fake.accounts[0].sid)[0].callbackUrl).toBe(
      'https://breaker-1234-dev.twil.io/breaker?tier=warn',
    );
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      breaker: 'setup',
      by: 'token:setup',
      mode: 'apply',
    });
    for (const text of [...lines, response.body]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(ENV.AUTH_TOKEN);
    }
  });

  test('SETUP_INCLUDE_MAIN_ACCOUNT and SETUP_RULES are honoured', async () => {
    const rules = '[{"tier":"trip","usageCategory":"totalprice","value":"300"}]';
    const { deps, fake } = setup({
      ...ENV,
      SETUP_INCLUDE_MAIN_ACCOUNT: 'true',
      SETUP_RULES: rules,
    });
    await callSetup(post({ mode: 'apply' }), deps);
    const onMain = (name: string) =>
      fake.triggersOf(MAIN_SID).filter((t) => t.friendlyName.startsWith(name));
    expect(onMain('breaker:').map((t) => t.triggerValue)).toEqual(['300']);
    expect(fake.triggersOf(fake.accounts[2].sid)).toHaveLength(1);
    // The reconcile trigger is the main account's whatever SETUP_INCLUDE_MAIN_ACCOUNT says.
    expect(onMain('breaker-reconcile:')).toHaveLength(1);
  });

  test('keeps the main account’s daily reconcile trigger, and deletes it with SETUP_RECONCILE=off', async () => {
    const { deps, fake } = setup({ ...ENV, SETUP_RECONCILE_VALUE: '0.05' });
    const first = await callSetup(post({ mode: 'apply' }), deps);
    expect(body(first).reconcileTrigger).toMatchObject({ actions: [{ kind: 'create' }] });
    expect(fake.triggersOf(MAIN_SID)).toEqual([
      expect.objectContaining({
        friendlyName: 'breaker-reconcile:daily',
        usageCategory: 'totalprice',
        triggerBy: 'price',
        triggerValue: '0.05',
        recurring: 'daily',
        callbackUrl: 'https://breaker-1234-dev.twil.io/reconcile',
      }),
    ]);
    const again = await callSetup(post({ mode: 'apply' }), deps);
    expect(body(again).reconcileTrigger).toEqual({ actions: [] });

    const off = { ...deps, env: { ...ENV, SETUP_RECONCILE: 'off' } };
    const removed = await callSetup(post({ mode: 'apply' }), off);
    expect(body(removed).reconcileTrigger).toMatchObject({ actions: [{ kind: 'delete' }] });
    expect(fake.triggersOf(MAIN_SID)).toEqual([]);
  });

  test('accountSid: setup for that one subaccount only, done in one call, audited as such', async () => {
    const { deps, fake } = setup();
    const sink = createAuditSink({ clock: fake.clock, log: () => undefined });
    const withAudit: SetupEndpointDeps = {
      ...deps,
      audit: (gateway) => ({ recordRun: recordRunWith(sink, gateway) }),
    };
    const [, second] = fake.accounts;
    const response = await callSetup(post({ mode: 'apply', accountSid: second.sid }), withAudit);
    expect(body(response)).toMatchObject({
      accountSid: second.sid,
      mode: 'apply',
      writes: 2,
      actions: [{ kind: 'create' }, { kind: 'create' }],
      summaryRecorded: true,
    });
    expect(fake.accounts.map((a) => fake.triggersOf(a.sid).length)).toEqual([0, 2, 0]);
    expect(fake.calls).not.toContain('listSubaccountsPage');
    expect(fake.listItems(AUDIT_LIST)).toEqual([
      expect.objectContaining({
        action: 'setup-run',
        count: 1,
        accountSid: second.sid,
        friendlyName: second.friendlyName,
      }),
    ]);
  });

  test('accountSid of an account that is not one of our subaccounts → 404, nothing written', async () => {
    const { deps, fake } = setup();
    for (const accountSid of ['AC' + 'e'.repeat(32), MAIN_SID]) {
      const response = await callSetup(post({ mode: 'apply', accountSid }), deps);
      expect(response.status).toBe(404);
      expect(body(response).message).toBe(
        `${accountSid} is not a subaccount of this account: check the SID`,
      );
    }
    expect(fake.writes()).toBe(0);
  });

  test.each([
    [{ mode: 'apply', accountSid: 'AC123' }, /accountSid must be a subaccount SID/],
    [{ mode: 'apply', accountSid: 'AC' + 'a'.repeat(32), cursor: 'x' }, /leave cursor out/],
    [{ mode: 'destroy' }, /mode/],
    [{ mode: 'apply', cursor: 'garbage' }, /cursor/],
    [{ mode: 'apply', cursor: 42 }, /cursor/],
    [{ mode: 'apply', budgetMs: 'soon' }, /budgetMs/],
    [{ mode: 'apply', budgetMs: 10 }, /budgetMs/],
  ])('%p → 400 saying what to send', async (params, message) => {
    const { deps } = setup();
    const response = await callSetup(post(params), deps);
    expect(response.status).toBe(400);
    expect(body(response).message).toMatch(message);
  });

  test('a POST from another site’s page (a browser replaying remembered credentials) → 403', async () => {
    const { deps, fake } = setup();
    const request = post({ mode: 'apply' });
    request.headers.origin = 'https://evil.example';
    const response = await callSetup(request, deps);
    expect(response.status).toBe(403);
    expect(fake.writes()).toBe(0);
  });

  test('GET → 405 with Allow: POST (after authentication)', async () => {
    const { deps } = setup();
    const response = await callSetup({ ...post({}), method: 'GET' }, deps);
    expect(response).toMatchObject({ status: 405, headers: { Allow: 'POST' } });
  });

  test('a bad configuration → 500 naming the variable, never its value', async () => {
    const { deps } = setup({ ...ENV, SETUP_RULES: '[{"tier":"trip","value":"oops-secretish"}]' });
    const response = await callSetup(post({ mode: 'apply' }), deps);
    expect(response.status).toBe(500);
    expect(body(response)).toMatchObject({
      error: 'misconfigured',
      message: expect.stringContaining('SETUP_RULES'),
    });
    expect(response.body).not.toContain('oops-secretish');
  });

  test('with the audit option: the summary is written, and one kept back is drained next call', async () => {
    const { deps, fake } = setup();
    // One virtual clock for everything in a test: two would each move when only they are idle.
    const clock = fake.clock;
    const sink = createAuditSink({ clock, log: () => undefined });
    const withAudit: SetupEndpointDeps = {
      ...deps,
      clock,
      audit: (gateway) => ({
        recordRun: recordRunWith(sink, gateway),
        drainAudit: drainAuditWith(sink, gateway),
      }),
    };
    fake.failNext('appendListItem', ...Array<number>(1000).fill(503));
    const first = body(await callSetup(post({ mode: 'apply', budgetMs: 1000 }), withAudit));
    expect(first).toMatchObject({ done: true, summaryRecorded: false, auditDrained: 0 });
    expect(sink.pendingCount()).toBe(1);

    fake.recover();
    const second = body(await callSetup(post({ mode: 'apply' }), withAudit));
    expect(second).toMatchObject({ done: true, summaryRecorded: true, auditDrained: 1 });
    const ids = (fake.listItems(AUDIT_LIST) as AuditEvent[]).map((e) => e.id);
    expect(ids.sort()).toEqual(
      [setupRunEventId(first.runId), setupRunEventId(second.runId)].sort(),
    );
  });

  test('unset admin credentials fail closed with 500', async () => {
    const { deps, built } = setup({ ...ENV, ADMIN_PASSWORD: '' });
    const response = await callSetup(post({ mode: 'apply' }), deps);
    expect(response.status).toBe(500);
    expect(body(response).message).toContain('ADMIN_PASSWORD');
    expect(built).not.toHaveBeenCalled();
  });
});

describe('setupRunAuditEvent', () => {
  test('a run with failures is a partial setup-run event listing the failed subaccounts', () => {
    const run: SetupRunEvent = {
      type: 'setup-run',
      runId: 'run-1',
      startedAt: '2025-01-01T00:00:00.000Z',
      finishedAt: '2025-01-01T00:00:12.500Z',
      invocations: 3,
      totals: {
        seen: 10,
        reconciled: 9,
        unchanged: 0,
        skippedClosed: 0,
        failed: 1,
        create: 18,
        replace: 0,
        update: 0,
        delete: 0,
        writes: 18,
        calls: 30,
        rateLimited: 0,
      },
      failures: [{ accountSid: 'AC' + 'a'.repeat(32), error: 'refused' }],
    };
    expect(setupRunAuditEvent(run, 'ev-1')).toMatchObject({
      id: 'ev-1',
      source: 'setup',
      action: 'setup-run',
      outcome: 'partial',
      durationMs: 12500,
      count: 10,
      accountSids: ['AC' + 'a'.repeat(32)],
      detail: { runId: 'run-1', invocations: 3, writes: 18, failed: 1 },
    });
  });
});
