import { startEmulator, type Emulator } from '../../emulator';
import type { OutboundCallback } from '../../emulator/types';
import { control, emulatorClient, rawTwilio } from '../support/emulator-twilio';

let emulator: Emulator;
let delivered: OutboundCallback[];
beforeEach(async () => {
  delivered = [];
  emulator = await startEmulator({
    now: '2026-11-28T03:00:00Z',
    seed: { subaccounts: 2 },
    deliverCallback: async (cb) => {
      delivered.push(cb);
      return { url: cb.url, status: 200, signature: 'captured', params: cb.params };
    },
  });
});
afterEach(() => emulator.close());
const sub = () => emulator.accounts.list()[1];

/** A Usage Trigger on the subaccount, made through twilio-node as setup would. */
const addTrigger = (triggerValue: string, usageCategory: string, triggerBy: 'price' | 'count') =>
  emulatorClient(emulator).api.v2010.accounts(sub().sid).usage.triggers.create({
    callbackUrl: 'http://127.0.0.1:9/usage',
    triggerValue,
    usageCategory,
    triggerBy,
  });

describe('control endpoints', () => {
  it('summarises accounts without their tokens', async () => {
    emulator.addCall({ accountSid: sub().sid });
    const res = await control(emulator, 'GET', 'accounts');
    const accounts = res.body?.accounts as Array<Record<string, unknown>>;
    expect(accounts).toHaveLength(3);
    expect(accounts[0]).toMatchObject({ sid: emulator.mainAccount.sid, is_main: true });
    expect(accounts[1]).toMatchObject({ friendly_name: 'Demo Customer 001', live_calls: 1 });
    expect(JSON.stringify(res.body)).not.toContain(sub().auth_token);
    expect(JSON.stringify(res.body)).not.toContain(emulator.mainAccount.authToken);
  });

  it('creates subaccounts and marks one suspended by Twilio', async () => {
    const created = await control(emulator, 'POST', 'accounts', { friendlyName: 'Via control' });
    expect(created.status).toBe(201);
    const marked = await control(emulator, 'POST', `accounts/${sub().sid}/suspended-by-twilio`, {});
    expect(marked.body).toMatchObject({ status: 'suspended', suspended_by_twilio: true });
    const change = await rawTwilio(emulator, {
      method: 'POST',
      path: `/2010-04-01/Accounts/${sub().sid}.json`,
      form: { Status: 'active' },
    });
    expect(change.body).toMatchObject({ code: 21478 });
    const unknown = await control(
      emulator,
      'POST',
      `accounts/AC${'0'.repeat(32)}/suspended-by-twilio`,
    );
    expect(unknown.status).toBe(404);
  });

  it('records usage through the Usage Triggers module, which fires a crossed trigger', async () => {
    await addTrigger('10', 'totalprice', 'price');
    const below = await control(emulator, 'POST', 'usage', {
      accountSid: sub().sid,
      category: 'totalprice',
      price: 4,
    });
    expect(below.body).toEqual({ fired: [], intervalMs: 1000 });
    const above = await control(emulator, 'POST', 'usage', {
      accountSid: sub().sid,
      category: 'totalprice',
      price: 7,
    });
    expect(above.body?.fired).toMatchObject([
      { accountSid: sub().sid, firedAt: '2026-11-28T03:00:00.000Z' },
    ]);
    expect(delivered[0].signingToken).toBe(sub().auth_token);
    const bad = await control(emulator, 'POST', 'usage', { accountSid: sub().sid });
    expect(bad).toMatchObject({ status: 400, body: { error: 'category (string) is required' } });
  });

  it('records usage without waiting, shows the pending evaluation and runs it on request', async () => {
    await addTrigger('1', 'sms', 'count');
    const idle = await control(emulator, 'GET', 'usage/evaluation');
    expect(idle.body).toEqual({ intervalMs: 1000, nextEvaluationAt: null });
    const recorded = await control(emulator, 'POST', 'usage', {
      accountSid: sub().sid,
      category: 'sms',
      count: 1,
      wait: false,
    });
    // The clock is frozen at 03:00:00, a tick boundary: the next one is a second later.
    expect(recorded).toMatchObject({
      status: 202,
      body: { intervalMs: 1000, nextEvaluationAt: '2026-11-28T03:00:01.000Z' },
    });
    expect(delivered).toHaveLength(0);
    const run = await control(emulator, 'POST', 'usage/evaluation');
    expect(run.body?.fired).toMatchObject([{ accountSid: sub().sid, status: 200 }]);
    expect(delivered).toHaveLength(1);
    const bad = await control(emulator, 'POST', 'usage', {
      accountSid: sub().sid,
      category: 'sms',
      count: 1,
      wait: 'no',
    });
    expect(bad.status).toBe(400);
  });

  it('puts calls on an account', async () => {
    const res = await control(emulator, 'POST', 'calls', {
      accountSid: sub().sid,
      status: 'ringing',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ account_sid: sub().sid, status: 'ringing' });
    expect(emulator.calls.list(sub().sid)).toHaveLength(1);
    const bad = await control(emulator, 'POST', 'calls', {
      accountSid: sub().sid,
      status: 'completed',
    });
    expect(bad.status).toBe(400);
  });

  it('adds, lists and clears faults', async () => {
    const added = await control(emulator, 'POST', 'faults', {
      route: '/2010-04-01/Accounts.json',
      kind: 503,
    });
    expect(added.status).toBe(201);
    expect((await rawTwilio(emulator, { path: '/2010-04-01/Accounts.json' })).status).toBe(503);
    expect((await control(emulator, 'GET', 'faults')).body?.faults).toHaveLength(1);
    expect((await control(emulator, 'DELETE', 'faults')).status).toBe(204);
    expect(emulator.faults.list()).toEqual([]);
    expect((await control(emulator, 'POST', 'faults', { route: 'x', kind: 'boom' })).status).toBe(
      400,
    );
  });

  it('sets knobs and moves the clock', async () => {
    const knobs = await control(emulator, 'POST', 'knobs', { latencyMs: 5, concurrencyLimit: 3 });
    expect(knobs.body).toEqual({ latencyMs: 5, concurrencyLimit: 3 });
    expect((await control(emulator, 'POST', 'knobs', { latencyMs: -1 })).status).toBe(400);
    const advanced = await control(emulator, 'POST', 'clock', { advanceMs: 86_400_000 });
    expect(advanced.body).toEqual({ now: '2026-11-29T03:00:00.000Z' });
    const set = await control(emulator, 'POST', 'clock', { set: '2027-01-01T00:00:00Z' });
    expect(set.body).toEqual({ now: '2027-01-01T00:00:00.000Z' });
    expect(emulator.clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect((await control(emulator, 'POST', 'clock', { set: 'soon' })).status).toBe(400);
  });

  it('reports and resets the request log, without counting control calls', async () => {
    await rawTwilio(emulator, { path: '/2010-04-01/Accounts.json' });
    const log = await control(emulator, 'GET', 'requests');
    expect(log.body?.stats).toMatchObject({ count: 1 });
    expect(log.body?.entries).toHaveLength(1);
    const statsOnly = await control(emulator, 'GET', 'requests?entries=false');
    expect(statsOnly.body?.entries).toBeUndefined();
    expect((await control(emulator, 'DELETE', 'requests')).status).toBe(204);
    expect(emulator.requestLog.stats().count).toBe(0);
  });

  it('answers 404 with a hint for an unknown endpoint, and 400 for a non-JSON body', async () => {
    const res = await control(emulator, 'GET', 'nope');
    expect(res.status).toBe(404);
    expect(res.body?.error).toMatch(/control\.ts/);
    const raw = await fetch(`${emulator.url}/__emulator/knobs`, {
      method: 'POST',
      body: 'latency',
    });
    expect(raw.status).toBe(400);
  });
});
