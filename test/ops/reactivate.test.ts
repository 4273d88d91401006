import { AdminRequestError } from '../../src/admin/admin-request-error';
import type { AuditEvent } from '../../src/audit/audit-event';
import { REACTIVATIONS_MAP } from '../../src/audit/sync-names';
import type { Alert } from '../../src/notify/format-alert';
import { formatAlert } from '../../src/notify/format-alert';
import { parseReactivateInput, reactivate, type ReactivateDeps } from '../../src/ops/reactivate';
import type { Override } from '../../src/setup/overrides';
import { DEFAULT_RULES } from '../../src/setup/rules';
import type { AccountRecord, TriggerSpec } from '../../src/twilio/gateway';
import { translateTwilioError } from '../../src/twilio/twilio-errors';
import { rejectionOf, thrown } from '../support/rejection';

const MAIN = 'AC' + '0'.repeat(32);
const SUB = 'AC' + '1'.repeat(32);
const FOREIGN = 'AC' + '2'.repeat(32);
const NOW = Date.parse('2024-05-01T12:00:00Z');
const input = {
  accountSid: SUB,
  operator: 'Dana (on call)',
  reason: 'customer confirmed fraud fixed',
};

function twilioFailure(status: number, code: number, message: string) {
  return translateTwilioError({ status, code, message }, 'set account status to active');
}

interface FakeOptions {
  updateError?: unknown;
  createError?: unknown;
  override?: Override | null;
}

function fakeDeps(account: Partial<AccountRecord> | null, options: FakeOptions = {}) {
  const { updateError, createError, override = null } = options;
  const calls: string[] = [];
  const audited: AuditEvent[] = [];
  const alerts: Alert[] = [];
  const triggers: TriggerSpec[] = [];
  const reactivations = new Map<string, object>();
  const record: AccountRecord | null = account && {
    sid: SUB,
    friendlyName: 'Acme\u0007 Inc',
    status: 'suspended',
    ownerAccountSid: MAIN,
    authToken: 'fake-token-never-shown',
    ...account,
  };
  const deps: ReactivateDeps = {
    mainAccountSid: MAIN,
    signedInAs: 'admin',
    clock: { now: () => NOW },
    gateway: {
      async fetchAccount(sid) {
        calls.push(`fetch ${sid}`);
        return record && record.sid === sid ? { ...record } : null;
      },
      async putMapItem(map, key, data) {
        calls.push(`put ${map} ${key}`);
        reactivations.set(key, data);
      },
      async updateAccountStatus(sid, status) {
        calls.push(`update ${sid} ${status}`);
        if (updateError) throw updateError;
        return { sid: SUB, friendlyName: record!.friendlyName, ownerAccountSid: MAIN, status };
      },
      async readUsage(_sid, period, category) {
        calls.push(`usage ${period}`);
        const price = period === 'today' ? 500 : 12_345.67;
        return { category, period, count: 0, usage: price, price, priceUnit: 'usd', asOf: null };
      },
      async createTrigger(sid, spec) {
        calls.push(`create ${spec.friendlyName}`);
        if (createError) throw createError;
        triggers.push(spec);
        return { ...spec, sid: 'UT' + 'a'.repeat(32), accountSid: sid, dateFired: null };
      },
    },
    rearm: {
      rules: DEFAULT_RULES,
      overrides: { get: async () => override },
      domainName: 'breaker-1234-dev.twil.io',
    },
    notify: async (alert) => {
      calls.push('alert');
      alerts.push(alert);
      return { 'sms:***0001': 'sent' };
    },
    audit: async (event) => {
      calls.push(`audit ${event.outcome}`);
      audited.push(event);
      return 'written';
    },
  };
  return { deps, calls, audited, alerts, triggers, reactivations };
}

const refusal = (promise: Promise<unknown>) => rejectionOf(promise, AdminRequestError);

describe('reactivate', () => {
  it('re-arms, records the reactivation with the re-arm, then sets the account active, then audits', async () => {
    const { deps, calls, audited, reactivations, triggers } = fakeDeps({});
    const result = await reactivate(input, deps);
    const rearmName = 'breaker-rearm:2024-05-02:trip:daily:price:totalprice';
    expect(calls).toEqual([
      `fetch ${SUB}`,
      'usage all-time',
      'usage today',
      `create ${rearmName}`,
      `put ${REACTIVATIONS_MAP} ${SUB}`,
      `update ${SUB} active`,
      'audit ok',
    ]);
    expect(triggers).toEqual([
      expect.objectContaining({ recurring: 'alltime', triggerValue: '12445.67' }),
    ]);
    expect(result.protection).toBe('suspends again if it spends $100 more today (at $600)');
    expect(reactivations.get(SUB)).toEqual({
      accountSid: SUB,
      reactivatedAt: '2024-05-01T12:00:00.000Z',
      operator: input.operator,
      reason: input.reason,
      rearm: result.rearm,
    });
    expect(result.rearm).toMatchObject({ state: 'armed', headroom: '100', firesAt: 600 });
    expect(result.account).toEqual({ sid: SUB, status: 'active', friendlyName: 'Acme\u0007 Inc' });
    expect(result.audit).toBe('written');
    expect(result.event).toMatchObject({
      source: 'ops',
      action: 'reactivated',
      outcome: 'ok',
      accountSid: SUB,
      friendlyName: 'Acme  Inc',
      time: '2024-05-01T12:00:00.000Z',
      detail: {
        operator: input.operator,
        reason: input.reason,
        signedInAs: 'admin',
        previousStatus: 'suspended',
        rearm: 'armed',
        protection: 'suspends again if it spends $100 more today (at $600)',
        headroom: '100',
        firesAt: 600,
        rearmUntil: '2024-05-02T00:00:00.000Z',
      },
    });
    expect(audited).toEqual([result.event]);
    expect(JSON.stringify(result)).not.toContain('fake-token-never-shown');
  });

  it.each([
    ['an unknown account', null, SUB],
    ['another parent’s subaccount', { ownerAccountSid: FOREIGN }, SUB],
    ['the main account', { sid: MAIN, ownerAccountSid: MAIN }, MAIN],
  ])('404 for %s, with nothing written', async (_label, account, sid) => {
    const { deps, calls } = fakeDeps(account);
    const error = await refusal(reactivate({ ...input, accountSid: sid }, deps));
    expect([error.status, error.code]).toEqual([404, 'not-found']);
    expect(calls.filter((c) => !c.startsWith('fetch'))).toEqual([]);
  });

  it('409 closed and 409 not-suspended change and record nothing', async () => {
    for (const [status, code] of [
      ['closed', 'closed'],
      ['active', 'not-suspended'],
    ] as const) {
      const { deps, calls } = fakeDeps({ status });
      const error = await refusal(reactivate(input, deps));
      expect([error.status, error.code]).toEqual([409, code]);
      expect(calls).toEqual([`fetch ${SUB}`]);
    }
  });

  it('409 suspended-by-twilio (21478): says to contact Twilio, and the attempt is audited', async () => {
    const byTwilio = twilioFailure(400, 21478, 'subaccount has been suspended by Twilio');
    const { deps, calls, audited } = fakeDeps({}, { updateError: byTwilio });
    const error = await refusal(reactivate(input, deps));
    expect([error.status, error.code]).toEqual([409, 'suspended-by-twilio']);
    expect(error.message).toMatch(/contact Twilio support/);
    expect(calls.filter((c) => !/^(usage|create)/.test(c))).toEqual([
      `fetch ${SUB}`,
      `put ${REACTIVATIONS_MAP} ${SUB}`,
      `update ${SUB} active`,
      'audit error',
    ]);
    expect(audited[0]).toMatchObject({
      action: 'reactivated',
      outcome: 'error',
      reason: 'suspended-by-twilio',
      detail: { operator: input.operator },
    });
  });

  it('409 parent-suspended (21476) and 409 closed when Twilio says closed (21479)', async () => {
    const parent = fakeDeps({}, { updateError: twilioFailure(400, 21476, 'parent suspended') });
    expect((await refusal(reactivate(input, parent.deps))).code).toBe('parent-suspended');
    const closed = fakeDeps({}, { updateError: twilioFailure(400, 21479, 'closed') });
    expect((await refusal(reactivate(input, closed.deps))).code).toBe('closed');
  });

  it('lets other Twilio failures through (the shell answers 502) without auditing', async () => {
    const down = twilioFailure(503, 0, 'unavailable');
    const { deps, audited } = fakeDeps({}, { updateError: down });
    await expect(reactivate(input, deps)).rejects.toBe(down);
    expect(audited).toEqual([]);
  });
});

describe('reactivate: the re-arm', () => {
  it('uses the headroom ops chose', async () => {
    const { deps } = fakeDeps({});
    const result = await reactivate({ ...input, headroom: '150' }, deps);
    expect(result.rearm).toMatchObject({ headroom: '150', firesAt: 650, triggerValue: '12495.67' });
    expect(result.protection).toBe('suspends again if it spends $150 more today (at $650)');
  });

  it('defaults the headroom to the account’s own trip value (its override)', async () => {
    const override = { exempt: false, values: { 'trip:daily:price:totalprice': '250' } };
    const { deps } = fakeDeps({}, { override });
    const result = await reactivate(input, deps);
    expect(result.rearm).toMatchObject({ headroom: '250', firesAt: 750 });
  });

  it('a failed re-arm still reactivates, and says so in the answer, the event and an alert', async () => {
    const down = twilioFailure(503, 0, 'unavailable');
    const { deps, calls, audited, alerts, reactivations } = fakeDeps({}, { createError: down });
    const result = await reactivate(input, deps);
    expect(result.account.status).toBe('active');
    expect(result.rearm.state).toBe('failed');
    expect(result.protection).toMatch(/^NOT RE-ARMED \(creating the one-shot trigger failed/);
    expect(calls.slice(-3)).toEqual([`update ${SUB} active`, 'alert', 'audit partial']);
    expect(audited[0]).toMatchObject({
      outcome: 'partial',
      error: expect.stringMatching(/creating the one-shot trigger failed/),
      alerts: { 'sms:***0001': 'sent' },
      detail: { rearm: 'failed' },
    });
    expect(reactivations.get(SUB)).toMatchObject({ rearm: { state: 'failed' } });
    expect(formatAlert(alerts[0])).toMatch(
      /REACTIVATED but NOT RE-ARMED: NOT RE-ARMED.*Run setup now/,
    );
  });

  it('an exempt account needs no re-arm: nothing created, said plainly', async () => {
    const { deps, calls } = fakeDeps({}, { override: { exempt: true, values: {} } });
    const result = await reactivate(input, deps);
    expect(result.rearm).toMatchObject({ state: 'not-needed', reason: 'exempt' });
    expect(result.protection).toMatch(/exempt/);
    expect(calls.some((c) => c.startsWith('create'))).toBe(false);
  });
});

describe('parseReactivateInput', () => {
  it('takes a headroom as a positive decimal, and refuses anything else', () => {
    const base = { accountSid: SUB, operator: 'Dana', reason: 'ok' };
    expect(parseReactivateInput({ ...base, headroom: ' 150 ' }).headroom).toBe('150');
    expect(parseReactivateInput({ ...base, headroom: 12.5 }).headroom).toBe('12.5');
    expect(parseReactivateInput({ ...base, headroom: '' }).headroom).toBeUndefined();
    for (const bad of ['0', '-5', 'abc', '1e3', '1.23456', ['1']]) {
      const error = thrown(() => parseReactivateInput({ ...base, headroom: bad }));
      expect((error as AdminRequestError).message).toMatch(/^headroom must be a positive amount/);
    }
  });

  it('trims and replaces control characters', () => {
    expect(
      parseReactivateInput({ accountSid: SUB, operator: '  Dana\n', reason: 'paid\r\nin full ' }),
    ).toEqual({ accountSid: SUB, operator: 'Dana', reason: 'paid  in full' });
  });

  it.each([
    ['accountSid', { operator: 'a', reason: 'b' }],
    ['accountSid', { accountSid: 'AC1', operator: 'a', reason: 'b' }],
    ['operator is required', { accountSid: SUB, reason: 'b' }],
    ['operator is required', { accountSid: SUB, operator: '   ', reason: 'b' }],
    ['reason is required', { accountSid: SUB, operator: 'a' }],
    ['operator must be at most 100', { accountSid: SUB, operator: 'a'.repeat(101), reason: 'b' }],
    ['reason must be at most 500', { accountSid: SUB, operator: 'a', reason: 'b'.repeat(501) }],
    ['operator is required', { accountSid: SUB, operator: ['a', 'b'], reason: 'b' }],
  ])('refuses bad input: %s', (message, params) => {
    const error = thrown(() => parseReactivateInput(params));
    expect(error).toBeInstanceOf(AdminRequestError);
    expect((error as AdminRequestError).status).toBe(400);
    expect((error as AdminRequestError).message).toContain(message);
  });
});
