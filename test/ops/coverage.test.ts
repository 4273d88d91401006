import { classifyCoverage } from '../../src/ops/coverage';
import { desiredTriggers } from '../../src/setup/desired-triggers';
import { DEFAULT_RULES, type Rule } from '../../src/setup/rules';
import type { TriggerRecord } from '../../src/twilio/gateway';

const DOMAIN = 'breaker-1234-dev.twil.io';
const ACCOUNT = 'AC' + '1'.repeat(32);
const rules: Rule[] = DEFAULT_RULES.map((r) => ({ ...r }));
let nextSid = 1;

/** The triggers setup would create for `wanted`, as Twilio lists them. */
function registered(wanted: readonly Rule[], domain = DOMAIN): TriggerRecord[] {
  return desiredTriggers(wanted, domain).map(({ spec }) => ({
    ...spec,
    sid: 'UT' + (nextSid++).toString(16).padStart(32, '0'),
    accountSid: ACCOUNT,
  }));
}

const trip = rules.find((r) => r.tier === 'trip')!;
const warn = rules.find((r) => r.tier === 'warn')!;
const input = { status: 'active' as const, rules, override: null, domainName: DOMAIN };

describe('classifyCoverage', () => {
  it('protected: every wanted trigger in place', () => {
    expect(classifyCoverage({ ...input, actual: registered(rules) })).toEqual({
      protection: 'protected',
      triggers: { expected: 2, present: 2, missing: 0, outdated: 0 },
    });
  });

  it('unprotected: no triggers at all', () => {
    expect(classifyCoverage({ ...input, actual: [] })).toEqual({
      protection: 'unprotected',
      triggers: { expected: 2, present: 0, missing: 2, outdated: 0 },
    });
  });

  it('unprotected: the trip trigger is missing even though the warning is there', () => {
    const result = classifyCoverage({ ...input, actual: registered([warn]) });
    expect(result.protection).toBe('unprotected');
    expect(result.triggers).toEqual({ expected: 2, present: 1, missing: 1, outdated: 0 });
  });

  it('outdated: the trip trigger exists but setup would still change something', () => {
    expect(classifyCoverage({ ...input, actual: registered([trip]) }).protection).toBe('outdated');
    const oldValue = registered([{ ...trip, value: '50' }, warn]);
    expect(classifyCoverage({ ...input, actual: oldValue })).toEqual({
      protection: 'outdated',
      triggers: { expected: 2, present: 2, missing: 0, outdated: 1 },
    });
    const movedService = registered(rules, 'old-service.twil.io');
    expect(classifyCoverage({ ...input, actual: movedService }).triggers.outdated).toBe(2);
    const stale = registered([...rules, { ...trip, usageCategory: 'sms' }]);
    expect(classifyCoverage({ ...input, actual: stale }).protection).toBe('outdated');
  });

  it("ignores other people's triggers", () => {
    const foreign = { ...registered([trip])[0], friendlyName: 'billing alarm' };
    const result = classifyCoverage({ ...input, actual: [...registered(rules), foreign] });
    expect(result.protection).toBe('protected');
  });

  it('applies the override: other values, or exempt', () => {
    const override = { exempt: false, values: { 'trip:daily:price:totalprice': '500' } };
    const withOverride = { ...input, override };
    expect(classifyCoverage({ ...withOverride, actual: registered(rules) }).protection).toBe(
      'outdated',
    );
    const custom = registered([{ ...trip, value: '500' }, warn]);
    expect(classifyCoverage({ ...withOverride, actual: custom }).protection).toBe('protected');

    const exempt = { ...input, override: { exempt: true, values: {} } };
    expect(classifyCoverage({ ...exempt, actual: [] })).toEqual({
      protection: 'exempt',
      triggers: { expected: 0, present: 0, missing: 0, outdated: 0 },
    });
    // Its old triggers are what setup would still delete.
    expect(classifyCoverage({ ...exempt, actual: registered(rules) }).triggers.outdated).toBe(2);
  });

  it('closed: nothing expected', () => {
    expect(classifyCoverage({ ...input, status: 'closed', actual: registered(rules) })).toEqual({
      protection: 'closed',
      triggers: { expected: 0, present: 0, missing: 0, outdated: 0 },
    });
  });

  it('with warn rules only, unprotected when none is there', () => {
    const warnOnly = { ...input, rules: [warn] };
    expect(classifyCoverage({ ...warnOnly, actual: [] }).protection).toBe('unprotected');
    expect(classifyCoverage({ ...warnOnly, actual: registered([warn]) }).protection).toBe(
      'protected',
    );
  });

  it('with no rules at all, nothing is missing', () => {
    expect(classifyCoverage({ ...input, rules: [], actual: [] }).protection).toBe('protected');
  });
});
