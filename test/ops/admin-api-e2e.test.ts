// End to end: HTTP → twilio-run (the built admin Functions) → the emulator. Also the breaker and
// setup Functions, to show a reactivation holding against a delivery fired before it.
import type { Emulator } from '../../emulator';
import type { AuditEvent } from '../../src/audit/audit-event';
import { AUDIT_LIST } from '../../src/audit/sync-names';
import type { CoverageAccount } from '../../src/ops/coverage';
import { CSV_HEADER } from '../../src/ops/events-csv';
import { driveSetup } from '../../src/setup/drive-setup';
import type { TwilioGateway } from '../../src/twilio/gateway';
import { startAdminStack, type AdminStack } from '../support/admin-stack';
import { control, rawTwilio } from '../support/emulator-twilio';
import type { FunctionsServer } from '../support/functions-server';
import { postSignedForm } from '../support/twilio-signer';

const ADMIN = { username: 'ops', password: 'fake-admin-password-e2e' };
// Events the test appends itself are about this SID, which is no account of the emulator.
const SEEDED = 'AC' + 'e'.repeat(32);

let stack: AdminStack;
let emulator: Emulator;
let functions: FunctionsServer;
let gateway: TwilioGateway;
let logged: jest.SpyInstance;
/** Every response body this file received, to check no secret ever left the service. */
const bodies: string[] = [];

beforeAll(async () => {
  // The Functions run in this process: their console lines land in `logged`, checked below.
  stack = await startAdminStack({ admin: ADMIN });
  ({ emulator, functions, gateway, logged } = stack);
});

afterAll(() => stack?.stop());

const authorization = (password = ADMIN.password) =>
  `Basic ${Buffer.from(`${ADMIN.username}:${password}`).toString('base64')}`;

async function call(path: string, init: RequestInit = {}, password?: string) {
  const response = await fetch(`${functions.url}${path}`, {
    ...init,
    headers: { Authorization: authorization(password), ...init.headers },
  });
  const text = await response.text();
  bodies.push(text);
  return { status: response.status, headers: response.headers, text };
}

async function getJson<T>(path: string): Promise<T> {
  const { status, text } = await call(path);
  expect({ path, status }).toEqual({ path, status: 200 });
  return JSON.parse(text) as T;
}

const reactivate = (body: Record<string, string>) =>
  call('/admin-reactivate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

const statusOf = (sid: string) => emulator.accounts.get(sid)!.status;
const query = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;

async function coverageOf(sid: string): Promise<CoverageAccount | undefined> {
  let cursor = '';
  for (let page = 0; page < 50; page += 1) {
    const body = await getJson<{ accounts: CoverageAccount[]; nextCursor: string | null }>(
      `/admin-coverage${query({ pageSize: '2', cursor })}`,
    );
    const found = body.accounts.find((a) => a.sid === sid);
    if (found || !body.nextCursor) return found;
    cursor = body.nextCursor;
  }
  throw new Error('coverage did not end');
}

async function eventsOf(accountSid: string, extra: Record<string, string> = {}) {
  const body = await getJson<{ events: AuditEvent[] }>(
    `/admin-events${query({ account: accountSid, pageSize: '200', ...extra })}`,
  );
  return body.events;
}

describe('admin API through twilio-run and the emulator', () => {
  test('a wrong or missing password → 401 with WWW-Authenticate and no data, on every endpoint', async () => {
    const victim = emulator.accounts.createSubaccount('Not yours');
    await rawTwilio(emulator, {
      method: 'POST',
      path: `/2010-04-01/Accounts/${victim.sid}.json`,
      form: { Status: 'suspended' },
    });
    for (const path of ['/admin-events', '/admin-coverage']) {
      const response = await call(path, {}, 'wrong-password-guess');
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(JSON.parse(response.text)).toEqual({
        error: 'unauthorized',
        message: expect.any(String),
      });
    }
    const anonymous = await fetch(`${functions.url}/admin-events`);
    expect(anonymous.status).toBe(401);
    const attempt = await call(
      '/admin-reactivate',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ accountSid: victim.sid, operator: 'x', reason: 'y' }),
      },
      'wrong-password-guess',
    );
    expect(attempt.status).toBe(401);
    expect(statusOf(victim.sid)).toBe('suspended');
  });

  test('events: newest first, paged by cursor, filtered, as CSV; bad filters → 400', async () => {
    for (let n = 0; n < 130; n += 1) {
      await gateway.appendListItem(AUDIT_LIST, {
        id: `ev-seed-${n}`,
        time: new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString(),
        source: 'breaker',
        action: n % 13 === 0 ? 'suspended' : 'alerted',
        reason: 'seeded',
        outcome: 'ok',
        durationMs: 1,
        accountSid: SEEDED,
        friendlyName: n === 129 ? '=HYPERLINK("http://evil.example","click")' : `Seed ${n}`,
      });
    }
    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const page = await getJson<{ events: AuditEvent[]; nextCursor: string | null }>(
        `/admin-events${query({ account: SEEDED, pageSize: '50', cursor })}`,
      );
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor ?? '';
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(Array.from({ length: 130 }, (_, i) => `ev-seed-${129 - i}`));

    const suspended = await eventsOf(SEEDED, { action: 'suspended,failed' });
    expect(suspended.map((e) => e.id)).toEqual(
      [130 - 13, 104, 91, 78, 65, 52, 39, 26, 13, 0].map((n) => `ev-seed-${n}`),
    );
    const lastHour = await eventsOf(SEEDED, {
      since: '2024-01-01T01:00:00Z',
      until: '2024-01-01T01:09:59Z',
    });
    expect(lastHour.map((e) => e.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `ev-seed-${69 - i}`),
    );

    const csv = await call(
      `/admin-events${query({ account: SEEDED, pageSize: '20', format: 'csv' })}`,
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('cache-control')).toBe('no-store');
    expect(csv.headers.get('x-next-cursor')).toBeTruthy();
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);

    const refused: Array<Record<string, string>> = [
      { account: 'x'.repeat(65) },
      { action: 'exploded' },
      { exclude: 'exploded' },
      { since: 'last tuesday' },
      { pageSize: '500' },
      { cursor: 'forged' },
    ];
    for (const bad of refused) {
      const response = await call(`/admin-events${query(bad)}`);
      expect({ bad, status: response.status }).toEqual({ bad, status: 400 });
      expect(JSON.parse(response.text).error).toBe('bad-request');
    }
  });

  test('coverage: a new subaccount is unprotected, protected after setup apply', async () => {
    const newcomer = emulator.accounts.createSubaccount('<img src=x onerror=alert(1)>');
    const before = await coverageOf(newcomer.sid);
    expect(before).toEqual({
      sid: newcomer.sid,
      friendlyName: '<img src=x onerror=alert(1)>',
      status: 'active',
      protection: 'unprotected',
      triggers: { expected: 2, present: 0, missing: 2, outdated: 0 },
      armed: {
        state: 'unprotected',
        why: 'no trip trigger: run setup (or wait for the reconcile)',
      },
      spend: {
        period: 'today',
        usageCategory: 'totalprice',
        triggerBy: 'price',
        value: 0,
        unit: 'usd',
        warn: '25',
        trip: '100',
      },
      lastAction: null,
    });

    await driveSetup({ url: functions.url, ...ADMIN, mode: 'apply' });
    const after = await coverageOf(newcomer.sid);
    expect(after).toMatchObject({
      protection: 'protected',
      triggers: { expected: 2, present: 2, missing: 0, outdated: 0 },
      armed: { state: 'armed' },
    });
    const bad = await call('/admin-coverage?pageSize=1000');
    expect(bad.status).toBe(400);
  });

  test('reactivate: active again, who and why on record, and a delivery fired before cannot suspend it again', async () => {
    const customer = emulator.accounts.createSubaccount('Reactivate me');
    await driveSetup({ url: functions.url, ...ADMIN, mode: 'apply' });
    const fired = await emulator.recordUsage({
      accountSid: customer.sid,
      category: 'totalprice',
      price: 150,
    });
    expect(fired.map((d) => d.status)).toEqual([200, 200]);
    expect(statusOf(customer.sid)).toBe('suspended');
    const trip = fired.find((d) => d.url.includes('tier=trip'))!;

    const response = await reactivate({
      accountSid: customer.sid,
      operator: 'Dana (on call)',
      reason: 'Customer rotated the leaked key',
    });
    expect(response.status).toBe(200);
    const body = JSON.parse(response.text);
    expect(body.account).toEqual({
      sid: customer.sid,
      status: 'active',
      friendlyName: 'Reactivate me',
    });
    expect(body.audit).toBe('written');
    expect(body.protection).toBe('suspends again if it spends $100 more today (at $250)');
    expect(statusOf(customer.sid)).toBe('active');

    const [reactivated] = await eventsOf(customer.sid, { action: 'reactivated' });
    expect(reactivated).toMatchObject({
      id: body.event.id,
      source: 'ops',
      outcome: 'ok',
      detail: {
        operator: 'Dana (on call)',
        reason: 'Customer rotated the leaked key',
        signedInAs: 'ops',
      },
    });

    // A delivery of the same trigger fired before the reactivation (an earlier firing arriving
    // late, so another delivery key) is validly signed, and still must not suspend the account.
    const earlier = new Date(Date.parse(trip.params.DateFired) - 60_000);
    const late = { ...trip.params, DateFired: earlier.toUTCString().replace('GMT', '+0000') };
    const token = emulator.accounts.get(customer.sid)!.auth_token;
    expect((await postSignedForm(trip.url, late, token)).status).toBe(200);
    expect((await postSignedForm(trip.url, trip.params, token)).status).toBe(200);
    expect(statusOf(customer.sid)).toBe('active');
    const skipped = await eventsOf(customer.sid, { action: 'skipped' });
    expect(skipped[0]).toMatchObject({ reason: 'fired-before-reactivation' });

    const again = await reactivate({ accountSid: customer.sid, operator: 'Dana', reason: 'twice' });
    expect(again.status).toBe(409);
    expect(JSON.parse(again.text).error).toBe('not-suspended');
  });

  test("reactivate takes a form body from the service's own pages, not from another site's", async () => {
    const customer = emulator.accounts.createSubaccount('Form customer');
    await gateway.updateAccountStatus(customer.sid, 'suspended');
    const form = (origin: string) => ({
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
      body: new URLSearchParams({
        accountSid: customer.sid,
        operator: 'Lee',
        reason: 'paid',
      }).toString(),
    });
    const forged = await call('/admin-reactivate', form('https://evil.example'));
    expect([forged.status, JSON.parse(forged.text).error]).toEqual([403, 'cross-origin']);
    expect(statusOf(customer.sid)).toBe('suspended');
    const response = await call('/admin-reactivate', form(functions.url));
    expect(response.status).toBe(200);
    expect(statusOf(customer.sid)).toBe('active');
  });

  test('reactivate takes a form body without an Origin (command line)', async () => {
    const customer = emulator.accounts.createSubaccount('Form customer 2');
    await gateway.updateAccountStatus(customer.sid, 'suspended');
    const response = await call('/admin-reactivate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        accountSid: customer.sid,
        operator: 'Lee',
        reason: 'paid',
      }).toString(),
    });
    expect(response.status).toBe(200);
    expect(statusOf(customer.sid)).toBe('active');
  });

  test('reactivate refuses: closed → 409, suspended by Twilio (21478) → 409, unknown → 404, bad input → 400', async () => {
    const closed = emulator.accounts.createSubaccount('Closed');
    await rawTwilio(emulator, {
      method: 'POST',
      path: `/2010-04-01/Accounts/${closed.sid}.json`,
      form: { Status: 'closed' },
    });
    const closedAnswer = await reactivate({
      accountSid: closed.sid,
      operator: 'Dana',
      reason: 'x',
    });
    expect([closedAnswer.status, JSON.parse(closedAnswer.text).error]).toEqual([409, 'closed']);

    const frozen = emulator.accounts.createSubaccount('Frozen by Twilio');
    await control(emulator, 'POST', `accounts/${frozen.sid}/suspended-by-twilio`, {});
    const frozenAnswer = await reactivate({
      accountSid: frozen.sid,
      operator: 'Dana',
      reason: 'x',
    });
    expect(frozenAnswer.status).toBe(409);
    expect(JSON.parse(frozenAnswer.text)).toEqual({
      error: 'suspended-by-twilio',
      message: expect.stringMatching(/contact Twilio support/),
    });
    expect(statusOf(frozen.sid)).toBe('suspended');
    const [attempt] = await eventsOf(frozen.sid, { action: 'reactivated' });
    expect(attempt).toMatchObject({ outcome: 'error', reason: 'suspended-by-twilio' });

    const unknown = await reactivate({
      accountSid: 'AC' + 'd'.repeat(32),
      operator: 'D',
      reason: 'x',
    });
    expect([unknown.status, JSON.parse(unknown.text).error]).toEqual([404, 'not-found']);
    const main = await reactivate({
      accountSid: emulator.mainAccount.sid,
      operator: 'D',
      reason: 'x',
    });
    expect(main.status).toBe(404);
    const noReason = await reactivate({ accountSid: frozen.sid, operator: 'Dana' });
    expect([noReason.status, JSON.parse(noReason.text).error]).toEqual([400, 'bad-request']);
    // GET is the dialog's preview: it reads, changes nothing.
    const viaGet = await call(`/admin-reactivate${query({ accountSid: frozen.sid })}`);
    expect(viaGet.status).toBe(200);
    expect(JSON.parse(viaGet.text).rearm).toMatchObject({ needed: true, defaultHeadroom: '100' });
    expect(statusOf(frozen.sid)).toBe('suspended');
  });

  test('no response and no log line holds a password or an auth token', () => {
    const secrets = [
      ADMIN.password,
      emulator.mainAccount.authToken,
      ...emulator.accounts.list().map((a) => a.auth_token),
    ];
    const logs = logged.mock.calls.map((args) => args.map(String).join(' '));
    expect(bodies.length).toBeGreaterThan(20);
    // The audit lines of the Functions did land here: the check below saw them.
    expect(logs.some((line) => line.includes('"action":"reactivated"'))).toBe(true);
    for (const text of [...bodies, ...logs]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});
