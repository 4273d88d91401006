import { AdminRequestError } from '../../src/admin/admin-request-error';
import type { AuditEvent } from '../../src/audit/audit-event';
import { REACTIVATIONS_MAP } from '../../src/audit/sync-names';
import { parseReactivateInput, reactivate, type ReactivateDeps } from '../../src/ops/reactivate';
import type { AccountRecord } from '../../src/twilio/gateway';
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

function fakeDeps(account: Partial<AccountRecord> | null, updateError?: unknown) {
  const calls: string[] = [];
  const audited: AuditEvent[] = [];
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
    },
    audit: async (event) => {
      calls.push(`audit ${event.outcome}`);
      audited.push(event);
      return 'written';
    },
  };
  return { deps, calls, audited, reactivations };
}

const refusal = (promise: Promise<unknown>) => rejectionOf(promise, AdminRequestError);

describe('reactivate', () => {
  it('records the reactivation, then sets the account active, then audits who and why', async () => {
    const { deps, calls, audited, reactivations } = fakeDeps({});
    const result = await reactivate(input, deps);
    expect(calls).toEqual([
      `fetch ${SUB}`,
      `put ${REACTIVATIONS_MAP} ${SUB}`,
      `update ${SUB} active`,
      'audit ok',
    ]);
    expect(reactivations.get(SUB)).toEqual({
      accountSid: SUB,
      reactivatedAt: '2024-05-01T12:00:00.000Z',
      operator: input.operator,
      reason: input.reason,
    });
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
    const { deps, calls, audited } = fakeDeps({}, byTwilio);
    const error = await refusal(reactivate(input, deps));
    expect([error.status, error.code]).toEqual([409, 'suspended-by-twilio']);
    expect(error.message).toMatch(/contact Twilio support/);
    expect(calls).toEqual([
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
    const parent = fakeDeps({}, twilioFailure(400, 21476, 'parent suspended'));
    expect((await refusal(reactivate(input, parent.deps))).code).toBe('parent-suspended');
    const closed = fakeDeps({}, twilioFailure(400, 21479, 'closed'));
    expect((await refusal(reactivate(input, closed.deps))).code).toBe('closed');
  });

  it('lets other Twilio failures through (the shell answers 502) without auditing', async () => {
    const down = twilioFailure(503, 0, 'unavailable');
    const { deps, audited } = fakeDeps({}, down);
    await expect(reactivate(input, deps)).rejects.toBe(down);
    expect(audited).toEqual([]);
  });
});

describe('parseReactivateInput', () => {
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
