import { callbackUrl, desiredTriggers, markerName } from '../../src/setup/desired-triggers';
import { applyOverride, overrideSchema } from '../../src/setup/overrides';
import { plan, type TriggerAction } from '../../src/setup/plan';
import { DEFAULT_RULES, type Rule } from '../../src/setup/rules';
import type { TriggerRecord } from '../../src/twilio/gateway';

const DOMAIN = 'breaker-1234-dev.twil.io';
const ACCOUNT = 'AC' + '1'.repeat(32);
const warn: Rule = {
  tier: 'warn',
  usageCategory: 'totalprice',
  triggerBy: 'price',
  value: '25',
  recurring: 'daily',
};
const trip: Rule = { ...warn, tier: 'trip', value: '100' };

let nextSid = 1;
/** A trigger as Twilio would list it after setup created it for `rule`. */
function existing(rule: Rule, changes: Partial<TriggerRecord> = {}): TriggerRecord {
  return {
    sid: 'UT' + String(nextSid++).padStart(32, '0'),
    accountSid: ACCOUNT,
    friendlyName: markerName(rule),
    usageCategory: rule.usageCategory,
    triggerBy: rule.triggerBy,
    triggerValue: rule.value,
    recurring: rule.recurring,
    callbackUrl: callbackUrl(DOMAIN, rule.tier),
    callbackMethod: 'POST',
    ...changes,
  };
}

const foreign = existing(warn, {
  friendlyName: 'Finance team: daily spend',
  callbackUrl: 'https://example.com/hook',
});
const unnamedForeign = existing(trip, { friendlyName: '' });

/** Actions with sids replaced by the trigger's role in the case, so the table reads clearly. */
function summary(actions: TriggerAction[], actual: TriggerRecord[]) {
  const name = (triggerSid: string) => actual.findIndex((t) => t.sid === triggerSid);
  return actions.map((a) =>
    a.kind === 'create'
      ? `create ${a.ruleId} ${a.spec.triggerValue}`
      : a.kind === 'replace'
        ? `replace #${name(a.triggerSid)} ${a.fromValue}->${a.spec.triggerValue}`
        : a.kind === 'update'
          ? `update #${name(a.triggerSid)}`
          : `delete #${name(a.triggerSid)} ${a.reason}`,
  );
}

describe('plan', () => {
  const desired = (rules: Rule[], domain = DOMAIN) => desiredTriggers(rules, domain);

  test.each<[string, TriggerRecord[], Rule[], string[]]>([
    [
      'nothing yet: creates both',
      [],
      [warn, trip],
      ['create warn:daily:price:totalprice 25', 'create trip:daily:price:totalprice 100'],
    ],
    [
      'already right: nothing to do (idempotent)',
      [existing(warn), existing(trip)],
      [warn, trip],
      [],
    ],
    [
      'Twilio echoes "100.00" for 100: still right',
      [existing(warn), existing(trip, { triggerValue: '100.00' })],
      [warn, trip],
      [],
    ],
    [
      'threshold changed: replaced',
      [existing(warn), existing(trip)],
      [warn, { ...trip, value: '150' }],
      ['replace #1 100->150'],
    ],
    [
      'callback URL changed: updated in place',
      [
        existing(warn),
        existing(trip, { callbackUrl: 'https://old-domain.twil.io/breaker?tier=trip' }),
      ],
      [warn, trip],
      ['update #1'],
    ],
    [
      'name changed by someone: updated back',
      [existing(warn), existing(trip, { friendlyName: 'breaker:trip' })],
      [warn, trip],
      ['update #1'],
    ],
    [
      'GET callback method: replaced (update cannot fix it)',
      [existing(warn, { callbackMethod: 'GET' }), existing(trip)],
      [warn, trip],
      ['replace #0 25->25'],
    ],
    [
      'rule removed: stale own trigger deleted',
      [existing(warn), existing(trip)],
      [trip],
      ['delete #0 stale'],
    ],
    [
      'unknown marker format: deleted as stale',
      [existing(warn), existing(trip), existing(trip, { friendlyName: 'breaker:panic:daily' })],
      [warn, trip],
      ['delete #2 stale'],
    ],
    [
      'duplicate copies: one kept, the rest deleted',
      [existing(trip), existing(trip), existing(warn)],
      [warn, trip],
      ['delete #1 duplicate'],
    ],
    [
      'duplicates with the wrong value: one replaced, one deleted',
      [existing(trip, { triggerValue: '5' }), existing(trip, { triggerValue: '6' })],
      [trip],
      ['replace #0 5->100', 'delete #1 duplicate'],
    ],
    [
      'foreign triggers untouched, even on the same category',
      [foreign, unnamedForeign, existing(warn)],
      [warn, trip],
      ['create trip:daily:price:totalprice 100'],
    ],
    [
      'no rules: own deleted, foreign kept',
      [foreign, existing(warn), existing(trip)],
      [],
      ['delete #1 stale', 'delete #2 stale'],
    ],
  ])('%s', (_name, actual, rules, expected) => {
    expect(summary(plan(actual, desired(rules)), actual)).toEqual(expected);
  });

  test('applying a plan and planning again gives nothing: setup converges', () => {
    const actual = [existing(warn, { triggerValue: '1' }), existing(trip), existing(trip), foreign];
    const actions = plan(actual, desired([warn, trip]));
    let after = [...actual];
    for (const a of actions) {
      if (a.kind === 'delete' || a.kind === 'replace')
        after = after.filter((t) => t.sid !== a.triggerSid);
      if (a.kind === 'create' || a.kind === 'replace') after.push({ ...existing(warn), ...a.spec });
    }
    expect(plan(after, desired([warn, trip]))).toEqual([]);
    expect(after).toContain(foreign);
  });

  test('an exempt override deletes the own triggers and keeps foreign ones', () => {
    const actual = [existing(warn), foreign, existing(trip)];
    const exempt = overrideSchema.parse({ exempt: true });
    const actions = plan(actual, desired(applyOverride(DEFAULT_RULES, exempt)));
    expect(summary(actions, actual)).toEqual(['delete #0 stale', 'delete #2 stale']);
  });

  test('an override value replaces only the rule it names', () => {
    const actual = [existing(DEFAULT_RULES[0]), existing(DEFAULT_RULES[1])];
    const override = overrideSchema.parse({ values: { 'trip:daily:price:totalprice': 500 } });
    const actions = plan(actual, desired(applyOverride(DEFAULT_RULES, override)));
    expect(summary(actions, actual)).toEqual(['replace #1 100->500']);
  });

  test('a new domain updates every own trigger in place, without replacing any', () => {
    const actual = [existing(warn), existing(trip)];
    const actions = plan(actual, desired([warn, trip], 'breaker-9999-prod.twil.io'));
    expect(actions.map((a) => a.kind)).toEqual(['update', 'update']);
    expect(actions[1]).toMatchObject({
      changes: { callbackUrl: 'https://breaker-9999-prod.twil.io/breaker?tier=trip' },
    });
  });
});
