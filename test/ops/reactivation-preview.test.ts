import { AdminRequestError } from '../../src/admin/admin-request-error';
import { previewReactivation } from '../../src/ops/reactivation-preview';
import { DEFAULT_RULES } from '../../src/setup/rules';
import { rejectionOf } from '../support/rejection';
import { fakeGateway, MAIN_SID } from '../setup/fake-gateway';

function deps(override: object | null = null) {
  const fake = fakeGateway();
  const account = fake.addAccount('suspended', 'Acme');
  fake.setUsage(account.sid, 'today', 'totalprice', 512.5);
  return {
    fake,
    sid: account.sid,
    deps: {
      gateway: fake.gateway,
      mainAccountSid: MAIN_SID,
      rearm: {
        rules: DEFAULT_RULES,
        overrides: { get: async () => override as never },
        domainName: 'breaker-1234-dev.twil.io',
      },
    },
  };
}

describe('previewReactivation', () => {
  test('the trip rule, its value as the default headroom, today’s spend, and the words; writes nothing', async () => {
    const { fake, sid, deps: d } = deps();
    const preview = await previewReactivation(sid, d);
    expect(preview).toEqual({
      account: { sid, friendlyName: 'Acme', status: 'suspended' },
      rearm: {
        needed: true,
        ruleId: 'trip:daily:price:totalprice',
        usageCategory: 'totalprice',
        triggerBy: 'price',
        recurring: 'daily',
        defaultHeadroom: '100',
        periodValue: 512.5,
        period: 'today',
        unit: 'usd',
        statement: 'suspends again if it spends $100 more today (at $612.50)',
      },
    });
    expect(fake.writes()).toBe(0);
  });

  test('an exempt account needs no re-arm; a spend that cannot be read is null, not a failure', async () => {
    const exempt = deps({ exempt: true, values: {} });
    expect((await previewReactivation(exempt.sid, exempt.deps)).rearm).toMatchObject({
      needed: false,
      reason: 'exempt',
    });
    const unread = deps();
    unread.fake.failNext('readUsage', 503);
    expect((await previewReactivation(unread.sid, unread.deps)).rearm).toMatchObject({
      needed: true,
      periodValue: null,
      statement: 'suspends again if it spends $100 more today',
    });
  });

  test('404 for an account that is not ours', async () => {
    const { deps: d } = deps();
    const error = await rejectionOf(
      previewReactivation('AC' + 'e'.repeat(32), d),
      AdminRequestError,
    );
    expect([error.status, error.code]).toEqual([404, 'not-found']);
  });
});
