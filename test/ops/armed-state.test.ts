import type { Reactivation } from '../../src/breaker/decision/reactivations';
import { armedState } from '../../src/ops/armed-state';
import { lastAction } from '../../src/ops/last-action';
import { noRearm } from '../../src/rearm/rearm-account';
import type { Rearm } from '../../src/rearm/rearm';
import { rearmName } from '../../src/rearm/rearm-marker';
import { desiredTriggers } from '../../src/setup/desired-triggers';
import { DEFAULT_RULES } from '../../src/setup/rules';
import type { TriggerRecord } from '../../src/twilio/gateway';

const NOW = Date.UTC(2026, 0, 15, 16, 0);
const AT = (h: number, m = 0) => new Date(Date.UTC(2026, 0, 15, h, m)).toISOString();
const ACCOUNT = 'AC' + '1'.repeat(32);
let n = 0;

function triggers(fired: { trip?: string; warn?: string } = {}): TriggerRecord[] {
  return desiredTriggers(DEFAULT_RULES, 'breaker.twil.io').map(({ spec }) => ({
    ...spec,
    sid: 'UT' + (++n).toString(16).padStart(32, '0'),
    accountSid: ACCOUNT,
    dateFired: spec.friendlyName.includes(':trip:') ? (fired.trip ?? null) : (fired.warn ?? null),
  }));
}

function rearmTrigger(dateFired: string | null, until = Date.UTC(2026, 0, 16)): TriggerRecord {
  return {
    ...triggers()[1],
    sid: 'UT' + (++n).toString(16).padStart(32, '0'),
    friendlyName: rearmName(DEFAULT_RULES[1], until),
    recurring: 'alltime',
    triggerValue: '12445',
    dateFired,
  };
}

function reactivation(at: string, rearm: Partial<Rearm> | null): Reactivation {
  const made = rearm && ({ ...noRearm('exempt', NOW), reason: undefined, ...rearm } as Rearm);
  return {
    accountSid: ACCOUNT,
    reactivatedAt: at,
    operator: 'Dana',
    reason: 'fixed',
    ...(made ? { rearm: made } : {}),
  };
}

const armed = {
  state: 'armed' as const,
  statement: 'suspends again if it spends $100 more today (at $600)',
};
const base = { protection: 'protected' as const, now: NOW, reactivation: null };

describe('armedState', () => {
  test('armed: protected and the trip has not fired this period (a warning does not count)', () => {
    const input = { ...base, status: 'active' as const, triggers: triggers({ warn: AT(9) }) };
    expect(armedState(input).state).toBe('armed');
    // Fired yesterday: armed again since 00:00 GMT.
    const yesterday = new Date(Date.UTC(2026, 0, 14, 22)).toISOString();
    expect(armedState({ ...input, triggers: triggers({ trip: yesterday }) }).state).toBe('armed');
  });

  test('fired: the trip fired today and the account is suspended', () => {
    const input = { ...base, status: 'suspended' as const, triggers: triggers({ trip: AT(10) }) };
    expect(armedState(input)).toEqual({
      state: 'fired',
      why: 'trip fired at 10:00 GMT; suspended',
    });
  });

  test('rearmed: fired, reactivated, a live re-arm guards it, in the words ops were shown', () => {
    const input = {
      ...base,
      status: 'active' as const,
      triggers: [...triggers({ trip: AT(10) }), rearmTrigger(null)],
      reactivation: reactivation(AT(11), armed),
    };
    expect(armedState(input)).toEqual({ state: 'rearmed', why: armed.statement });
  });

  test.each([
    ['reactivated without a re-arm', reactivation(AT(11), null), /without a re-arm: run setup/],
    [
      'its re-arm failed',
      reactivation(AT(11), { state: 'failed', error: 'Twilio answered 503' }),
      /re-arm FAILED \(Twilio answered 503\): run setup to repair it/,
    ],
    ['its re-arm trigger is gone', reactivation(AT(11), armed), /re-arm trigger is gone/],
    [
      'active with no reactivation after the firing',
      reactivation(AT(9), armed),
      /outside the dashboard/,
    ],
    ['active and never reactivated', null, /allow-listed, in dry run/],
  ])('unprotected: fired today, active, %s', (_label, record, why) => {
    const input = {
      ...base,
      status: 'active' as const,
      triggers: triggers({ trip: AT(10) }),
      reactivation: record,
    };
    const result = armedState(input);
    expect(result.state).toBe('unprotected');
    expect(result.why).toMatch(why);
  });

  test('unprotected: a re-arm that fired and an account still active', () => {
    const input = {
      ...base,
      status: 'active' as const,
      triggers: [...triggers({ trip: AT(10) }), rearmTrigger(AT(13))],
      reactivation: reactivation(AT(11), armed),
    };
    expect(armedState(input)).toMatchObject({ state: 'unprotected' });
  });

  test('an expired re-arm guards nothing', () => {
    const stale = rearmTrigger(null, Date.UTC(2026, 0, 15));
    const input = {
      ...base,
      status: 'active' as const,
      triggers: [...triggers({ trip: AT(10) }), stale],
      reactivation: reactivation(AT(11), armed),
    };
    expect(armedState(input).state).toBe('unprotected');
  });

  test('missing trip triggers, exempt, closed and unreadable say so before anything else', () => {
    const status = 'active' as const;
    for (const protection of ['unprotected', 'exempt', 'closed', 'unknown'] as const) {
      expect(armedState({ ...base, protection, status, triggers: [] }).state).toBe(protection);
    }
  });
});

describe('lastAction', () => {
  test('the latest of the firings and the reactivation, in words', () => {
    const record = reactivation(AT(11), armed);
    const list = [...triggers({ trip: AT(10), warn: AT(9) }), rearmTrigger(null)];
    expect(lastAction(list, record, NOW)).toEqual({
      kind: 'reactivated',
      at: AT(11),
      text: `reactivated by Dana at 11:00 GMT: ${armed.statement}`,
    });
    expect(lastAction(triggers({ trip: AT(10), warn: AT(9) }), null, NOW)).toMatchObject({
      kind: 'trip-fired',
      text: 'trip fired at 10:00 GMT',
    });
    const repaired = reactivation(AT(11), { ...armed, repairedAt: AT(12) });
    expect(lastAction(list, repaired, NOW)?.kind).toBe('rearm-repaired');
    expect(lastAction(triggers(), null, NOW)).toBeNull();
  });
});
