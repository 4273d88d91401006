import { rearmName } from '../../src/rearm/rearm-marker';
import { desiredTriggers } from '../../src/setup/desired-triggers';
import { DEFAULT_RULES } from '../../src/setup/rules';
import type { TriggerRecord } from '../../src/twilio/gateway';
import { describeSimulation, type SimulateFacts } from '../../scripts/simulate-outcome';

const NOW = Date.UTC(2026, 0, 15, 14, 0);
const AT = (h: number) => new Date(Date.UTC(2026, 0, 15, h)).toISOString();
const SID = 'AC' + '1'.repeat(32);

function own(fired: { warn?: string; trip?: string } = {}): TriggerRecord[] {
  return desiredTriggers(DEFAULT_RULES, 'localhost:3000').map(({ spec }, i) => ({
    ...spec,
    sid: 'UT' + String(i).padStart(32, '0'),
    accountSid: SID,
    dateFired: (spec.friendlyName.includes(':trip:') ? fired.trip : fired.warn) ?? null,
  }));
}

const callback = (tier: 'warn' | 'trip', value: string, recurring = 'daily') => ({
  url: `http://localhost:3000/breaker?tier=${tier}`,
  status: 200,
  params: { TriggerValue: value, Recurring: recurring },
});

const facts = (over: Partial<SimulateFacts>): SimulateFacts => ({
  statusBefore: 'active',
  statusAfter: 'active',
  fired: [],
  triggers: own(),
  today: 0,
  allTime: 1000,
  unit: 'usd',
  now: NOW,
  ...over,
});

describe('describeSimulation', () => {
  test('suspended by its trip trigger, with the day against warn and trip', () => {
    const lines = describeSimulation(
      facts({
        statusAfter: 'suspended',
        fired: [callback('warn', '25'), callback('trip', '100')],
        today: 500,
      }),
    );
    expect(lines).toEqual([
      "Today's total: $500 (warn at $25, trip at $100).",
      'SUSPENDED: its trip trigger fired at $100.',
    ]);
  });

  test('a warning only', () => {
    const lines = describeSimulation(facts({ fired: [callback('warn', '25')], today: 40 }));
    expect(lines[1]).toBe('Warning alert only: past the warn level, below the trip at $100.');
  });

  test('nothing fired because the trip already fired today: says so, and what would re-arm it', () => {
    const lines = describeSimulation(
      facts({ triggers: own({ warn: AT(9), trip: AT(10) }), today: 1000 }),
    );
    expect(lines[1]).toMatch(
      /^No trigger fired: its trip trigger already fired today at 10:00 GMT and fires again only from 2026-01-16 00:00 GMT\. .*reactivating it from the dashboard/,
    );
  });

  test('suspended again by a re-arm; before that, how far the re-arm is', () => {
    const rearm: TriggerRecord = {
      ...own()[1],
      sid: 'UT' + 'e'.repeat(32),
      friendlyName: rearmName(DEFAULT_RULES[1], Date.UTC(2026, 0, 16)),
      recurring: 'alltime',
      triggerValue: '1100',
      dateFired: null,
    };
    const waiting = describeSimulation(
      facts({ triggers: [...own({ trip: AT(10) }), rearm], today: 550, allTime: 1050 }),
    );
    expect(waiting[1]).toBe(
      'No trigger fired: its re-arm suspends it after $50 more (at $600 today).',
    );
    const again = describeSimulation(
      facts({
        statusAfter: 'suspended',
        triggers: [...own({ trip: AT(10) }), { ...rearm, dateFired: AT(14) }],
        fired: [callback('trip', '1100', 'alltime')],
      }),
    );
    expect(again[1]).toBe(
      'SUSPENDED again: its re-arm (the one-shot trigger its reactivation made) fired.',
    );
  });

  test('no breaker triggers: run setup', () => {
    const lines = describeSimulation(facts({ triggers: [], today: 500 }));
    expect(lines).toEqual([
      "Today's total: $500.",
      expect.stringMatching(
        /^No breaker triggers on this subaccount: nothing can suspend it\. Run setup/,
      ),
    ]);
  });

  test('a trip that fired on an account left active says why it may be', () => {
    const lines = describeSimulation(
      facts({ fired: [{ ...callback('trip', '100'), status: 500 }] }),
    );
    expect(lines[1]).toMatch(
      /^Its trip trigger fired at \$100, but the account is still active: the breaker answered 500/,
    );
  });
});
