// The alert gate (src/notify/alert-gate.ts) on its own: its three questions, the period and
// reactivation in its key, several instances sharing one fake Sync, and what it does when Twilio
// cannot say.
import { alertPeriod, createAlertGate, type AlertCandidate } from '../../src/notify/alert-gate';
import type { TriggerRecord } from '../../src/twilio/gateway';
import { TwilioTransientError } from '../../src/twilio/twilio-errors';
import { fakeSyncMap } from '../admin/support/fake-sync-map';
import { registeredTriggers, sid, TRIGGER, WARN_TRIGGER } from '../breaker/support/deliveries';

const ACCOUNT = sid('AC', 0xa);
const DAY = 86_400_000;
const NOON = Date.UTC(2026, 0, 15, 12);

function setup(instances = 1, triggers: TriggerRecord[] = registeredTriggers(ACCOUNT)) {
  const sync = fakeSyncMap();
  const state = { listFails: false, lists: 0 };
  const gateway = {
    ...sync.gateway,
    async listTriggers() {
      state.lists += 1;
      if (state.listFails) {
        throw new TwilioTransientError(
          'Twilio did not answer (fake)',
          503,
          undefined,
          'listTriggers',
          true,
        );
      }
      return triggers;
    },
  };
  const gates = Array.from({ length: instances }, () => createAlertGate());
  let now = NOON;
  const admit = (changes: Partial<AlertCandidate> = {}, instance = 0) =>
    gates[instance].admit(
      {
        accountSid: ACCOUNT,
        triggerSid: WARN_TRIGGER,
        tier: 'warn',
        accountStatus: 'active',
        reactivatedAt: null,
        ...changes,
      },
      gateway,
      () => now,
    );
  return { sync, state, admit, at: (ms: number) => (now = ms) };
}

const SENT = { send: true, unchecked: [] };

describe('the alert gate', () => {
  test('a warn for a suspended or closed account: held, without asking Twilio', async () => {
    const { admit, state } = setup();
    for (const accountStatus of ['suspended', 'closed'] as const) {
      expect(await admit({ accountStatus })).toEqual({ send: false, reason: 'account-suspended' });
    }
    expect(state.lists).toBe(0);
    expect(await admit({ accountStatus: 'suspended', tier: 'trip', triggerSid: TRIGGER })).toEqual(
      SENT,
    );
  });

  test('a trigger setup did not register, or registered for the other tier: held', async () => {
    const { admit } = setup();
    const held = { send: false, reason: 'unregistered-trigger' };
    expect(await admit({ triggerSid: sid('UT', 0xbad) })).toEqual(held);
    expect(await admit({ triggerSid: TRIGGER })).toEqual(held); // the trip trigger, sent as a warn
    expect(await admit({ tier: 'trip', triggerSid: WARN_TRIGGER })).toEqual(held);
  });

  test('once per account, tier and day across instances; again the next day', async () => {
    const { admit, at } = setup(3);
    const first = await Promise.all([0, 1, 2, 0, 1, 2].map((i) => admit({}, i)));
    expect(first.filter((a) => a.send)).toHaveLength(1);
    expect(first.filter((a) => !a.send)).toEqual(
      Array(5).fill({ send: false, reason: 'already-alerted' }),
    );
    expect(await admit({ tier: 'trip', triggerSid: TRIGGER }, 1)).toEqual(SENT); // the other tier
    at(Date.UTC(2026, 0, 16, 0, 0, 1));
    expect(await admit({}, 2)).toEqual(SENT);
  });

  test('a monthly trigger: once per GMT month', async () => {
    const monthly = registeredTriggers(ACCOUNT).map((t) => ({
      ...t,
      recurring: 'monthly' as const,
    }));
    const { admit, at } = setup(1, monthly);
    expect(await admit()).toEqual(SENT);
    at(NOON + 10 * DAY);
    expect(await admit()).toEqual({ send: false, reason: 'already-alerted' });
    at(Date.UTC(2026, 1, 1));
    expect(await admit()).toEqual(SENT);
  });

  test('after ops reactivate the account, its next suspension is alerted again the same day', async () => {
    const { admit } = setup();
    const trip = { tier: 'trip' as const, triggerSid: TRIGGER };
    expect(await admit(trip)).toEqual(SENT);
    expect(await admit(trip)).toEqual({ send: false, reason: 'already-alerted' });
    expect(await admit({ ...trip, reactivatedAt: NOON + 60_000 })).toEqual(SENT);
  });

  test('the trigger list unreadable: the alert goes out, still once', async () => {
    const { admit, state } = setup(2);
    state.listFails = true;
    expect(await admit({}, 0)).toEqual({ send: true, unchecked: ['trigger-list'] });
    expect(await admit({}, 1)).toEqual({ send: false, reason: 'already-alerted' });
  });

  test('Sync unreachable: the alert goes out, once per instance', async () => {
    const { admit, sync } = setup(2);
    sync.state.down = true;
    expect(await admit({}, 0)).toEqual({ send: true, unchecked: ['alert-slot'] });
    expect(await admit({}, 0)).toEqual({ send: false, reason: 'already-alerted' });
    expect(await admit({}, 1)).toEqual({ send: true, unchecked: ['alert-slot'] });
  });
});

describe('alertPeriod', () => {
  test.each([
    ['daily', '2026-01-15', Date.UTC(2026, 0, 16)],
    ['monthly', '2026-01', Date.UTC(2026, 1, 1)],
    ['yearly', '2026', Date.UTC(2027, 0, 1)],
    ['alltime', 'alltime', NOON + 365 * DAY],
    ['', 'alltime', NOON + 365 * DAY],
  ])('%s → %s, ending at its GMT boundary', (recurring, id, endsAt) => {
    expect(alertPeriod(recurring, NOON)).toEqual({ id, endsAt });
  });
});
