import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { deliverCallback } from '../../emulator/callbacks/deliver-callback';
import { createClock } from '../../emulator/core/clock';
import { TwilioApiError } from '../../emulator/http/twilio-error';
import {
  createUsageTriggers,
  MAX_TRIGGERS_PER_ACCOUNT,
} from '../../emulator/resources/usage-triggers';
import type {
  AccountStatus,
  EmulatedAccount,
  EmulatorDeps,
  EmulatorResponse,
  HttpMethod,
  OutboundCallback,
  UsageTriggersModule,
} from '../../emulator/types';
import { TWILIO_EVALUATION_INTERVAL_MS } from '../../emulator/usage/evaluation-tick';
import { createVirtualClock } from '../../src/runtime/virtual-clock';
import { expectMatchesSpec } from '../support/openapi-contract';

const MAIN = `AC${'1'.repeat(32)}`;
const SUB = `AC${'2'.repeat(32)}`;
const OTHER_SUB = `AC${'3'.repeat(32)}`;
const LIST_PATH = '/2010-04-01/Accounts/{AccountSid}/Usage/Triggers.json';
const INSTANCE_PATH = '/2010-04-01/Accounts/{AccountSid}/Usage/Triggers/{Sid}.json';
const HOOK = 'http://127.0.0.1:9/breaker?tier=trip';

function account(sid: string, token: string, status: AccountStatus = 'active'): EmulatedAccount {
  const date = 'Mon, 02 Mar 2026 00:00:00 +0000';
  return {
    sid,
    auth_token: token,
    friendly_name: sid.slice(0, 6),
    owner_account_sid: MAIN,
    status,
    type: 'Full',
    date_created: date,
    date_updated: date,
  };
}

const stops: Array<() => void> = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

/**
 * A resource module on fake accounts, a recording (or real) deliverer and the emulator's clock on a
 * virtual clock (auto mode) starting Wed 2026-03-04 10:00 GMT, evaluating once a minute as Twilio
 * does: recordUsage resolves at the next minute, which costs no real time.
 */
function harness(deliver?: EmulatorDeps['deliverCallback'], { auto = true } = {}) {
  const accounts = new Map<string, EmulatedAccount>([
    [MAIN, account(MAIN, 'fake-parent-token')],
    [SUB, account(SUB, 'fake-sub-token')],
    [OTHER_SUB, account(OTHER_SUB, 'fake-other-token')],
  ]);
  const virtual = createVirtualClock({ start: Date.parse('2026-03-04T10:00:00Z'), auto });
  const clock = createClock(undefined, virtual);
  const sent: OutboundCallback[] = [];
  let sids = 0;
  const deps: EmulatorDeps = {
    accounts: {
      get: (sid) => accounts.get(sid),
      main: () => accounts.get(MAIN)!,
      canAct: () => true,
    },
    now: clock.now,
    newSid: (prefix) => `${prefix}${(++sids).toString(16).padStart(32, '0')}`,
    deliverCallback:
      deliver ??
      (async (cb) => {
        sent.push(cb);
        return {
          url: cb.url,
          status: 200,
          signature: 'not-signed-in-this-fake',
          params: cb.params,
        };
      }),
  };
  const module = createUsageTriggers(deps, {
    evaluationIntervalMs: TWILIO_EVALUATION_INTERVAL_MS,
    sleep: virtual.sleep,
  });
  stops.push(module.stop, virtual.dispose);
  return { module, accounts, clock, virtual, sent, call: caller(module) };
}

function caller(module: UsageTriggersModule) {
  return async (
    method: HttpMethod,
    pathAndQuery: string,
    form: Record<string, string> = {},
    // The tests read Twilio's JSON loosely; its shape is checked by expectMatchesSpec.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<EmulatorResponse & { body?: any }> => {
    const [path, qs = ''] = pathAndQuery.split('?');
    for (const route of module.routes) {
      const source = route.pattern.replace(/\./g, '\\.').replace(/:(\w+)/g, '(?<$1>[^/]+?)');
      const match = new RegExp(`^${source}$`).exec(path);
      if (route.method !== method || !match) continue;
      try {
        return await route.handler({
          method,
          host: route.host,
          path,
          query: new URLSearchParams(qs),
          form: new URLSearchParams(form),
          params: { ...match.groups },
          authAccountSid: MAIN,
        });
      } catch (error) {
        if (error instanceof TwilioApiError) return error.toResponse();
        throw error;
      }
    }
    throw new Error(`no route for ${method} ${path}`);
  };
}

const triggersOf = (sid: string) => `/2010-04-01/Accounts/${sid}/Usage/Triggers.json`;
const triggerOf = (sid: string, ut: string) =>
  `/2010-04-01/Accounts/${sid}/Usage/Triggers/${ut}.json`;

async function createTrigger(
  h: ReturnType<typeof harness>,
  form: Record<string, string>,
  accountSid = SUB,
) {
  const res = await h.call('POST', triggersOf(accountSid), { CallbackUrl: HOOK, ...form });
  expect(res.status).toBe(201);
  return res.body;
}

describe('Usage Triggers REST resource', () => {
  it('creates a trigger with Twilio defaults and a spec-valid body', async () => {
    const h = harness();
    const res = await h.call('POST', triggersOf(SUB), {
      CallbackUrl: HOOK,
      TriggerValue: '50',
      UsageCategory: 'totalprice',
    });
    expect(res.status).toBe(201);
    expectMatchesSpec('twilio_api_v2010', 'POST', LIST_PATH, 201, res.body);
    expect(res.body).toMatchObject({
      account_sid: SUB,
      api_version: '2010-04-01',
      callback_method: 'POST',
      callback_url: HOOK,
      current_value: '0',
      date_created: 'Wed, 04 Mar 2026 10:00:00 +0000',
      date_fired: null,
      friendly_name: '',
      recurring: 'alltime',
      trigger_by: 'usage',
      trigger_value: '50',
      usage_category: 'totalprice',
      usage_record_uri: `/2010-04-01/Accounts/${SUB}/Usage/Records.json?Category=totalprice`,
    });
    expect(res.body.sid).toMatch(/^UT[0-9a-f]{32}$/);
    expect(res.body.uri).toBe(triggerOf(SUB, res.body.sid));
  });

  it('keeps every optional field it is given', async () => {
    const h = harness();
    const body = await createTrigger(h, {
      TriggerValue: '12.5',
      UsageCategory: 'sms',
      CallbackMethod: 'get',
      FriendlyName: 'x'.repeat(64),
      Recurring: 'daily',
      TriggerBy: 'count',
    });
    expect(body).toMatchObject({
      callback_method: 'GET',
      friendly_name: 'x'.repeat(64),
      recurring: 'daily',
      trigger_by: 'count',
      trigger_value: '12.5',
    });
  });

  it.each([
    [{ TriggerValue: '5', UsageCategory: 'sms' }, 21604, 'CallbackUrl'],
    [{ CallbackUrl: HOOK, UsageCategory: 'sms' }, 21604, 'TriggerValue'],
    [{ CallbackUrl: HOOK, TriggerValue: '5' }, 21604, 'UsageCategory'],
    [
      { CallbackUrl: 'ftp://127.0.0.1/x', TriggerValue: '5', UsageCategory: 'sms' },
      21609,
      'CallbackUrl',
    ],
    [{ CallbackUrl: 'not a url', TriggerValue: '5', UsageCategory: 'sms' }, 21609, 'CallbackUrl'],
    [{ CallbackUrl: HOOK, TriggerValue: 'ten', UsageCategory: 'sms' }, 21609, 'TriggerValue'],
    [{ CallbackUrl: HOOK, TriggerValue: '0', UsageCategory: 'sms' }, 21609, 'TriggerValue'],
    [{ CallbackUrl: HOOK, TriggerValue: ' 30', UsageCategory: 'sms' }, 21609, '%2B'],
    [
      { CallbackUrl: HOOK, TriggerValue: '5', UsageCategory: 'SMS Outbound' },
      21609,
      'UsageCategory',
    ],
    [
      { CallbackUrl: HOOK, TriggerValue: '5', UsageCategory: 'made-up-category' },
      21609,
      'UsageCategory',
    ],
    [
      { CallbackUrl: HOOK, TriggerValue: '5', UsageCategory: 'sms', Recurring: 'weekly' },
      21609,
      'Recurring',
    ],
    [
      { CallbackUrl: HOOK, TriggerValue: '5', UsageCategory: 'sms', TriggerBy: 'minutes' },
      21609,
      'TriggerBy',
    ],
    [
      { CallbackUrl: HOOK, TriggerValue: '5', UsageCategory: 'sms', CallbackMethod: 'PUT' },
      21609,
      'CallbackMethod',
    ],
    [
      { CallbackUrl: HOOK, TriggerValue: '5', UsageCategory: 'sms', FriendlyName: 'x'.repeat(65) },
      21609,
      'FriendlyName',
    ],
  ])('rejects %j with code %i naming %s', async (form, code, named) => {
    const h = harness();
    const res = await h.call('POST', triggersOf(SUB), form);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code, status: 400 });
    expect(res.body.message).toContain(named);
    const list = await h.call('GET', triggersOf(SUB));
    expect(list.body.usage_triggers).toHaveLength(0);
  });

  it('reads TriggerValue +N as N above the current value of the watched field', async () => {
    const h = harness();
    await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 7 });
    const body = await createTrigger(h, {
      TriggerValue: '+30',
      UsageCategory: 'sms',
      TriggerBy: 'count',
    });
    expect(body.trigger_value).toBe('37');
    expect(body.current_value).toBe('7');
  });

  it('fetches a trigger only under the account that owns it', async () => {
    const h = harness();
    const { sid } = await createTrigger(h, { TriggerValue: '5', UsageCategory: 'sms' });
    const res = await h.call('GET', triggerOf(SUB, sid));
    expect(res.status).toBe(200);
    expectMatchesSpec('twilio_api_v2010', 'GET', INSTANCE_PATH, 200, res.body);
    expect(res.body.sid).toBe(sid);
    expect((await h.call('GET', triggerOf(OTHER_SUB, sid))).status).toBe(404);
    const missing = await h.call('GET', triggerOf(SUB, `UT${'f'.repeat(32)}`));
    expect(missing).toMatchObject({ status: 404, body: { code: 20404 } });
    const unknownAccount = await h.call('GET', triggerOf(`AC${'9'.repeat(32)}`, sid));
    expect(unknownAccount.status).toBe(404);
  });

  it('lists with the Recurring, TriggerBy and UsageCategory filters', async () => {
    const h = harness();
    await createTrigger(h, {
      TriggerValue: '1',
      UsageCategory: 'sms',
      Recurring: 'daily',
      TriggerBy: 'count',
    });
    await createTrigger(h, {
      TriggerValue: '2',
      UsageCategory: 'sms',
      Recurring: 'monthly',
      TriggerBy: 'price',
    });
    await createTrigger(h, {
      TriggerValue: '3',
      UsageCategory: 'calls',
      Recurring: 'daily',
      TriggerBy: 'price',
    });
    await createTrigger(h, { TriggerValue: '4', UsageCategory: 'calls' });
    await createTrigger(h, { TriggerValue: '5', UsageCategory: 'sms' }, OTHER_SUB);
    const values = async (query: string) => {
      const res = await h.call('GET', `${triggersOf(SUB)}${query}`);
      expect(res.status).toBe(200);
      expectMatchesSpec('twilio_api_v2010', 'GET', LIST_PATH, 200, res.body);
      return res.body.usage_triggers.map((t: { trigger_value: string }) => t.trigger_value);
    };
    expect(await values('')).toEqual(['1', '2', '3', '4']);
    expect(await values('?Recurring=daily')).toEqual(['1', '3']);
    expect(await values('?Recurring=alltime')).toEqual(['4']);
    expect(await values('?TriggerBy=price')).toEqual(['2', '3']);
    expect(await values('?UsageCategory=sms')).toEqual(['1', '2']);
    expect(await values('?UsageCategory=calls&TriggerBy=price&Recurring=daily')).toEqual(['3']);
    const bad = await h.call('GET', `${triggersOf(SUB)}?TriggerBy=minutes`);
    expect(bad).toMatchObject({ status: 400, body: { code: 21609 } });
  });

  it('pages through a long list by following next_page_uri', async () => {
    const h = harness();
    for (let i = 1; i <= 5; i++)
      await createTrigger(h, { TriggerValue: String(i), UsageCategory: 'sms' });
    const seen: string[] = [];
    let uri: string | null = `${triggersOf(SUB)}?PageSize=2`;
    for (let pages = 0; uri && pages < 10; pages++) {
      const res = await h.call('GET', uri);
      expectMatchesSpec('twilio_api_v2010', 'GET', LIST_PATH, 200, res.body);
      expect(res.body.page_size).toBe(2);
      seen.push(...res.body.usage_triggers.map((t: { trigger_value: string }) => t.trigger_value));
      uri = res.body.next_page_uri;
    }
    expect(seen).toEqual(['1', '2', '3', '4', '5']);
  });

  it('updates only CallbackUrl, CallbackMethod and FriendlyName', async () => {
    const h = harness();
    const created = await createTrigger(h, {
      TriggerValue: '5',
      UsageCategory: 'sms',
      Recurring: 'daily',
    });
    h.clock.set(new Date('2026-03-04T11:00:00Z'));
    const res = await h.call('POST', triggerOf(SUB, created.sid), {
      CallbackUrl: 'http://127.0.0.1:9/other',
      CallbackMethod: 'GET',
      FriendlyName: 'renamed',
      TriggerValue: '999',
      UsageCategory: 'calls',
      Recurring: 'yearly',
      TriggerBy: 'price',
    });
    expect(res.status).toBe(200);
    expectMatchesSpec('twilio_api_v2010', 'POST', INSTANCE_PATH, 200, res.body);
    expect(res.body).toMatchObject({
      callback_url: 'http://127.0.0.1:9/other',
      callback_method: 'GET',
      friendly_name: 'renamed',
      trigger_value: '5',
      usage_category: 'sms',
      recurring: 'daily',
      trigger_by: 'usage',
      date_created: created.date_created,
      date_updated: 'Wed, 04 Mar 2026 11:00:00 +0000',
    });
    const fetched = await h.call('GET', triggerOf(SUB, created.sid));
    expect(fetched.body.friendly_name).toBe('renamed');
  });

  it('validates the fields an update may change and leaves the trigger untouched on error', async () => {
    const h = harness();
    const { sid } = await createTrigger(h, { TriggerValue: '5', UsageCategory: 'sms' });
    const res = await h.call('POST', triggerOf(SUB, sid), { FriendlyName: 'x'.repeat(65) });
    expect(res).toMatchObject({ status: 400, body: { code: 21609 } });
    expect((await h.call('POST', triggerOf(SUB, sid), { CallbackUrl: 'nope' })).status).toBe(400);
    expect((await h.call('GET', triggerOf(SUB, sid))).body.callback_url).toBe(HOOK);
    expect((await h.call('POST', triggerOf(OTHER_SUB, sid), { FriendlyName: 'a' })).status).toBe(
      404,
    );
  });

  it('deletes with 204, after which the trigger is gone', async () => {
    const h = harness();
    const { sid } = await createTrigger(h, { TriggerValue: '5', UsageCategory: 'sms' });
    expect((await h.call('DELETE', triggerOf(OTHER_SUB, sid))).status).toBe(404);
    const res = await h.call('DELETE', triggerOf(SUB, sid));
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect((await h.call('GET', triggerOf(SUB, sid))).status).toBe(404);
    expect((await h.call('DELETE', triggerOf(SUB, sid))).status).toBe(404);
  });

  it(`refuses trigger number ${MAX_TRIGGERS_PER_ACCOUNT + 1} on one account`, async () => {
    const h = harness();
    const form = { CallbackUrl: HOOK, TriggerValue: '5', UsageCategory: 'sms' };
    for (let i = 0; i < MAX_TRIGGERS_PER_ACCOUNT; i++) {
      expect((await h.call('POST', triggersOf(SUB), form)).status).toBe(201);
    }
    const res = await h.call('POST', triggersOf(SUB), form);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(String(MAX_TRIGGERS_PER_ACCOUNT));
    expect((await h.call('POST', triggersOf(OTHER_SUB), form)).status).toBe(201);
  });
});

describe('recordUsage fires crossed triggers', () => {
  it('fires a count trigger at the first evaluation after the count reaches its value', async () => {
    const h = harness();
    const t = await createTrigger(h, {
      TriggerValue: '10',
      UsageCategory: 'sms',
      TriggerBy: 'count',
    });
    expect(await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 9 })).toEqual([]);
    expect(h.sent).toHaveLength(0);
    const results = await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 1 });
    expect(results).toMatchObject([{ triggerSid: t.sid, firedAt: '2026-03-04T10:02:00.000Z' }]);
    expect(h.sent).toEqual([
      {
        url: HOOK,
        method: 'POST',
        signingToken: 'fake-sub-token',
        params: {
          AccountSid: SUB,
          UsageTriggerSid: t.sid,
          // Recorded at 10:01:00 (the first recordUsage waited for that tick), evaluated at 10:02.
          DateFired: 'Wed, 04 Mar 2026 10:02:00 +0000',
          Recurring: 'alltime',
          UsageCategory: 'sms',
          TriggerBy: 'count',
          TriggerValue: '10',
          CurrentValue: '10',
          UsageRecordUri: `/2010-04-01/Accounts/${SUB}/Usage/Records.json?Category=sms`,
          IdempotencyToken: `${t.sid}-alltime`,
        },
      },
    ]);
    const fetched = await h.call('GET', triggerOf(SUB, t.sid));
    expect(fetched.body).toMatchObject({
      date_fired: 'Wed, 04 Mar 2026 10:02:00 +0000',
      current_value: '10',
    });
    expectMatchesSpec('twilio_api_v2010', 'GET', INSTANCE_PATH, 200, fetched.body);
  });

  it('fires a usage trigger (the default TriggerBy) on the usage field only', async () => {
    const h = harness();
    await createTrigger(h, { TriggerValue: '100', UsageCategory: 'calls-outbound' });
    await h.module.recordUsage({
      accountSid: SUB,
      category: 'calls-outbound',
      count: 500,
      usage: 99.5,
    });
    expect(h.sent).toHaveLength(0);
    await h.module.recordUsage({ accountSid: SUB, category: 'calls-outbound', usage: 0.5 });
    expect(h.sent.map((c) => c.params.CurrentValue)).toEqual(['100']);
  });

  it('fires a totalprice price trigger from spend recorded on any category', async () => {
    const h = harness();
    await createTrigger(h, {
      TriggerValue: '60',
      UsageCategory: 'totalprice',
      TriggerBy: 'price',
      Recurring: 'monthly',
    });
    const spend = await createTrigger(h, { TriggerValue: '60', UsageCategory: 'totalprice' });
    await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 100, price: 0.1 });
    await h.module.recordUsage({ accountSid: SUB, category: 'calls', usage: 30, price: 0.2 });
    await h.module.recordUsage({ accountSid: SUB, category: 'calls', price: 59.6 });
    expect(h.sent).toHaveLength(0);
    await h.module.recordUsage({ accountSid: SUB, category: 'calls', price: 0.52 });
    expect(h.sent.map((c) => [c.params.TriggerBy, c.params.CurrentValue])).toEqual([
      ['price', '60.42'],
      ['usage', '60.42'],
    ]);
    expect(h.sent[1].params.UsageTriggerSid).toBe(spend.sid);
    expect(h.sent[0].params.IdempotencyToken).toMatch(/-monthly-2026-03$/);
  });

  it('fires once per recurring period and again in the next GMT period', async () => {
    const h = harness();
    const daily = await createTrigger(h, {
      TriggerValue: '5',
      UsageCategory: 'sms',
      TriggerBy: 'count',
      Recurring: 'daily',
    });
    const once = await createTrigger(h, {
      TriggerValue: '5',
      UsageCategory: 'sms',
      TriggerBy: 'count',
    });
    await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 6 });
    await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 6 });
    expect(h.sent.map((c) => c.params.UsageTriggerSid)).toEqual([daily.sid, once.sid]);

    h.clock.set(new Date('2026-03-04T23:58:30Z'));
    await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 100 });
    expect(h.sent).toHaveLength(2);

    // A new GMT day: the daily total starts from zero and must be crossed again; the non-recurring
    // trigger, which compares all-time usage, never fires again.
    h.clock.set(new Date('2026-03-05T00:00:00Z'));
    await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 4 });
    expect(h.sent).toHaveLength(2);
    await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 1 });
    expect(h.sent).toHaveLength(3);
    expect(h.sent[2].params).toMatchObject({
      UsageTriggerSid: daily.sid,
      CurrentValue: '5',
      DateFired: 'Thu, 05 Mar 2026 00:02:00 +0000',
      IdempotencyToken: `${daily.sid}-daily-2026-03-05`,
    });
    expect(h.sent[0].params.IdempotencyToken).toBe(`${daily.sid}-daily-2026-03-04`);
    const fetched = await h.call('GET', triggerOf(SUB, once.sid));
    expect(fetched.body).toMatchObject({ current_value: '117', date_fired: expect.any(String) });
  });

  it('counts monthly and yearly periods in GMT', async () => {
    const h = harness();
    await createTrigger(h, {
      TriggerValue: '1',
      UsageCategory: 'sms',
      TriggerBy: 'count',
      Recurring: 'monthly',
    });
    await createTrigger(h, {
      TriggerValue: '1',
      UsageCategory: 'sms',
      TriggerBy: 'count',
      Recurring: 'yearly',
    });
    h.clock.set(new Date('2026-12-31T23:30:00Z'));
    await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 1 });
    h.clock.set(new Date('2026-12-31T23:58:00Z'));
    await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 1 });
    expect(h.sent.map((c) => c.params.Recurring)).toEqual(['monthly', 'yearly']);
    h.clock.set(new Date('2027-01-01T00:00:30Z'));
    await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 1 });
    expect(h.sent.map((c) => c.params.Recurring)).toEqual([
      'monthly',
      'yearly',
      'monthly',
      'yearly',
    ]);
  });

  it('counts usage recorded just before midnight for its own day, evaluated after midnight', async () => {
    const h = harness(undefined, { auto: false });
    const daily = await createTrigger(h, {
      TriggerValue: '5',
      UsageCategory: 'sms',
      TriggerBy: 'count',
      Recurring: 'daily',
    });
    h.clock.set(new Date('2026-03-04T23:59:30Z'));
    h.module.addUsage({ accountSid: SUB, category: 'sms', count: 5 });
    expect(h.module.nextEvaluationAt()?.toISOString()).toBe('2026-03-05T00:00:00.000Z');
    await h.virtual.advance(30_000);
    expect(h.sent.map((c) => c.params)).toMatchObject([
      {
        UsageTriggerSid: daily.sid,
        DateFired: 'Thu, 05 Mar 2026 00:00:00 +0000',
        IdempotencyToken: `${daily.sid}-daily-2026-03-04`,
      },
    ]);
  });

  it('rolls usage of a child category into its parents, not into its siblings', async () => {
    const h = harness();
    const calls = await createTrigger(h, { TriggerValue: '3', UsageCategory: 'calls' });
    await createTrigger(h, { TriggerValue: '1', UsageCategory: 'calls-inbound' });
    const spend = await createTrigger(h, {
      TriggerValue: '0.5',
      UsageCategory: 'totalprice',
      TriggerBy: 'price',
    });
    await h.module.recordUsage({ accountSid: SUB, category: 'calls-outbound', usage: 2 });
    expect(h.sent).toHaveLength(0);
    await h.module.recordUsage({ accountSid: SUB, category: 'calls-client', usage: 1, price: 0.5 });
    expect(h.sent.map((c) => [c.params.UsageTriggerSid, c.params.CurrentValue])).toEqual([
      [calls.sid, '3'],
      [spend.sid, '0.5'],
    ]);
  });

  it('leaves triggers of other accounts and other categories alone', async () => {
    const h = harness();
    const mine = await createTrigger(h, {
      TriggerValue: '1',
      UsageCategory: 'sms',
      TriggerBy: 'count',
    });
    await createTrigger(
      h,
      { TriggerValue: '1', UsageCategory: 'sms', TriggerBy: 'count' },
      OTHER_SUB,
    );
    await createTrigger(h, { TriggerValue: '1', UsageCategory: 'calls', TriggerBy: 'count' });
    await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 3 });
    expect(h.sent.map((c) => c.params.UsageTriggerSid)).toEqual([mine.sid]);
    const other = await h.call('GET', triggersOf(OTHER_SUB));
    expect(other.body.usage_triggers[0]).toMatchObject({ date_fired: null, current_value: '0' });
  });

  it('fires a trigger only once when usage arrives concurrently', async () => {
    const h = harness();
    await createTrigger(h, { TriggerValue: '3', UsageCategory: 'sms', TriggerBy: 'count' });
    await Promise.all(
      Array.from({ length: 10 }, () =>
        h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 1 }),
      ),
    );
    expect(h.sent).toHaveLength(1);
  });

  it('records usage on suspended and closed accounts; only the suspended one still fires', async () => {
    const h = harness();
    await createTrigger(h, { TriggerValue: '1', UsageCategory: 'sms', TriggerBy: 'count' });
    const closed = await createTrigger(
      h,
      { TriggerValue: '1', UsageCategory: 'sms', TriggerBy: 'count' },
      OTHER_SUB,
    );
    h.accounts.get(SUB)!.status = 'suspended';
    h.accounts.get(OTHER_SUB)!.status = 'closed';
    await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 1 });
    await h.module.recordUsage({ accountSid: OTHER_SUB, category: 'sms', count: 2 });
    expect(h.sent.map((c) => c.params.AccountSid)).toEqual([SUB]);
    expect((await h.call('GET', triggerOf(OTHER_SUB, closed.sid))).body.current_value).toBe('2');
  });

  it('refuses usage for an unknown account or with negative amounts', async () => {
    const h = harness();
    await expect(
      h.module.recordUsage({ accountSid: `AC${'9'.repeat(32)}`, category: 'sms', count: 1 }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      h.module.recordUsage({ accountSid: SUB, category: 'sms', price: -1 }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      h.module.recordUsage({ accountSid: SUB, category: 'sms', count: Number.NaN }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      h.module.recordUsage({ accountSid: SUB, category: 'smss', count: 1 }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('smss') });
  });

  it('signs with the token the owning account has when it fires (after a rotation too)', async () => {
    const h = harness();
    await createTrigger(h, { TriggerValue: '1', UsageCategory: 'sms', TriggerBy: 'count' });
    await createTrigger(h, { TriggerValue: '1', UsageCategory: 'sms', TriggerBy: 'count' }, MAIN);
    h.accounts.get(SUB)!.auth_token = 'fake-rotated-sub-token';
    await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 1 });
    await h.module.recordUsage({ accountSid: MAIN, category: 'sms', count: 1 });
    expect(h.sent.map((c) => c.signingToken)).toEqual([
      'fake-rotated-sub-token',
      'fake-parent-token',
    ]);
  });

  it('records a delivery that failed to send and still counts the trigger as fired', async () => {
    const h = harness(async () => {
      throw new Error('boom');
    });
    await createTrigger(h, { TriggerValue: '1', UsageCategory: 'sms', TriggerBy: 'count' });
    const [result] = await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 1 });
    expect(result).toMatchObject({ status: 'network-error', error: 'boom' });
    expect(h.module.deliveries()).toHaveLength(1);
    expect(await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 1 })).toEqual([]);
  });
});

describe('trigger evaluation on a tick', () => {
  it('evaluates at the next minute, not when usage is recorded, then waits for nothing', async () => {
    const h = harness(undefined, { auto: false });
    const t = await createTrigger(h, {
      TriggerValue: '1',
      UsageCategory: 'sms',
      TriggerBy: 'count',
    });
    expect(h.module.nextEvaluationAt()).toBeNull();
    await h.virtual.advance(20_000);
    h.module.addUsage({ accountSid: SUB, category: 'sms', count: 1 });
    expect(h.module.nextEvaluationAt()?.toISOString()).toBe('2026-03-04T10:01:00.000Z');
    await h.virtual.advance(39_999);
    expect(h.sent).toHaveLength(0);
    expect((await h.call('GET', triggerOf(SUB, t.sid))).body).toMatchObject({
      current_value: '1',
      date_fired: null,
    });
    await h.virtual.advance(1);
    expect(h.sent.map((c) => c.params.DateFired)).toEqual(['Wed, 04 Mar 2026 10:01:00 +0000']);
    // Nothing changed since: no evaluation is scheduled, and nothing sleeps on the clock.
    expect(h.module.nextEvaluationAt()).toBeNull();
    expect(h.virtual.pendingSleeps()).toBe(0);
  });

  it('fires a trigger created past its value at the next evaluation, and only then', async () => {
    const h = harness(undefined, { auto: false });
    h.module.addUsage({ accountSid: SUB, category: 'sms', count: 5 });
    await h.virtual.advance(60_000);
    expect(h.module.nextEvaluationAt()).toBeNull();

    const t = await createTrigger(h, {
      TriggerValue: '3',
      UsageCategory: 'sms',
      TriggerBy: 'count',
    });
    expect(t.date_fired).toBeNull();
    expect(h.module.nextEvaluationAt()?.toISOString()).toBe('2026-03-04T10:02:00.000Z');
    expect(h.sent).toHaveLength(0);
    await h.virtual.advance(60_000);
    expect(h.sent.map((c) => c.params)).toMatchObject([
      { UsageTriggerSid: t.sid, CurrentValue: '5', DateFired: 'Wed, 04 Mar 2026 10:02:00 +0000' },
    ]);

    // +1 is above the usage now: nothing can fire, so nothing is scheduled.
    await createTrigger(h, { TriggerValue: '+1', UsageCategory: 'sms', TriggerBy: 'count' });
    expect(h.module.nextEvaluationAt()).toBeNull();
  });

  it('runs the pending evaluation at once when asked (evaluateNow)', async () => {
    const h = harness(undefined, { auto: false });
    await createTrigger(h, { TriggerValue: '1', UsageCategory: 'sms', TriggerBy: 'count' });
    await h.virtual.advance(15_000);
    h.module.addUsage({ accountSid: SUB, category: 'sms', count: 1 });
    const fired = await h.module.evaluateNow();
    expect(fired).toMatchObject([{ accountSid: SUB, firedAt: '2026-03-04T10:00:15.000Z' }]);
    expect(h.module.nextEvaluationAt()).toBeNull();
    expect(await h.module.evaluateNow()).toEqual([]);
  });

  it('stops: waiting recordUsage calls resolve with nothing fired', async () => {
    const h = harness(undefined, { auto: false });
    await createTrigger(h, { TriggerValue: '1', UsageCategory: 'sms', TriggerBy: 'count' });
    const waiting = h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 1 });
    h.module.stop();
    expect(await waiting).toEqual([]);
    expect(h.sent).toHaveLength(0);
    expect(h.virtual.pendingSleeps()).toBe(0);
  });
});

describe('signed delivery to a real receiver', () => {
  let server: http.Server;
  let received: {
    method?: string;
    url?: string;
    headers: http.IncomingHttpHeaders;
    body: string;
  }[];
  let base: string;

  beforeAll(async () => {
    received = [];
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (received = []));

  it("is valid with the subaccount's token and invalid with the parent's", async () => {
    const h = harness(deliverCallback);
    const url = `${base}/usage-trigger?tier=trip`;
    const t = await createTrigger(h, {
      CallbackUrl: url,
      TriggerValue: '5',
      UsageCategory: 'totalprice',
    });
    const [result] = await h.module.recordUsage({
      accountSid: SUB,
      category: 'calls',
      price: 7.25,
    });
    expect(result.status).toBe(204);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/usage-trigger?tier=trip');
    const params = Object.fromEntries(new URLSearchParams(request.body));
    expect(params).toMatchObject({ AccountSid: SUB, UsageTriggerSid: t.sid, CurrentValue: '7.25' });
    const signature = String(request.headers['x-twilio-signature']);
    expect(twilio.validateRequest('fake-sub-token', signature, url, params)).toBe(true);
    expect(twilio.validateRequest('fake-parent-token', signature, url, params)).toBe(false);
    expect(
      twilio.validateRequest(
        'fake-sub-token',
        signature,
        `${base}/usage-trigger?tier=warn`,
        params,
      ),
    ).toBe(false);

    const [delivery] = h.module.deliveries();
    expect(delivery).toMatchObject({
      method: 'POST',
      accountSid: SUB,
      triggerSid: t.sid,
      status: 204,
      signature,
    });
    expect(
      twilio.validateRequest('fake-sub-token', delivery.signature, delivery.url, delivery.params),
    ).toBe(true);
  });

  it('delivers a GET trigger with the parameters in the signed query string', async () => {
    const h = harness(deliverCallback);
    const url = `${base}/hook`;
    await createTrigger(h, {
      CallbackUrl: url,
      CallbackMethod: 'GET',
      TriggerValue: '1',
      UsageCategory: 'sms',
      TriggerBy: 'count',
    });
    await h.module.recordUsage({ accountSid: SUB, category: 'sms', count: 1 });
    const [request] = received;
    expect(request.method).toBe('GET');
    const query = new URL(request.url!, base).searchParams;
    expect(query.get('AccountSid')).toBe(SUB);
    const signature = String(request.headers['x-twilio-signature']);
    expect(twilio.validateRequest('fake-sub-token', signature, `${base}${request.url}`, {})).toBe(
      true,
    );
    expect(
      twilio.validateRequest('fake-parent-token', signature, `${base}${request.url}`, {}),
    ).toBe(false);
  });
});
