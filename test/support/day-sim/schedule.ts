// What happens over the simulated days, drawn from a seeded generator so every run is the same:
// the main account's own small spend, each subaccount's legitimate use, fraud bursts, new
// subaccounts (half protected by the sign-up flow's one call, half left to the reconcile). Fraud
// that gets an account suspended, and ops' reactivations, are decided as the run goes (run-day-sim).
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface SimSettings {
  /** 00:00 GMT of the first day. */
  start: number;
  days: number;
  seed: number;
  initialSubaccounts: number;
  newPerDay: number;
  fraudPerDay: number;
  /** The main account's own spend, every `mainSpendEveryMs` (alert SMS, numbers…). */
  mainSpend: number;
  mainSpendEveryMs: number;
  /** Emulator latency per Twilio request (virtual ms). */
  latencyMs: number;
}

export const DEFAULT_SIM: SimSettings = {
  start: Date.UTC(2026, 0, 15),
  days: 3,
  seed: 11,
  initialSubaccounts: 20,
  newPerDay: 6,
  fraudPerDay: 4,
  mainSpend: 0.01,
  mainSpendEveryMs: 15 * MINUTE,
  latencyMs: 50,
};

export type SimEvent =
  | { at: number; kind: 'main-spend' }
  | { at: number; kind: 'legit'; account: number; price: number }
  | { at: number; kind: 'fraud'; account: number | 'newest'; perMinute: number; minutes: number }
  | { at: number; kind: 'new-subaccount'; protectAtSignUp: boolean };

export function drawSchedule(settings: SimSettings, random: () => number): SimEvent[] {
  const { start, days } = settings;
  const end = start + days * DAY;
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const events: SimEvent[] = [];
  for (let at = start; at < end; at += settings.mainSpendEveryMs)
    events.push({ at, kind: 'main-spend' });
  // Legitimate use: each initial subaccount a little, now and then (it may cross the warning).
  for (let account = 0; account < settings.initialSubaccounts; account += 1) {
    for (let at = start + between(0, HOUR); at < end; at += between(30 * MINUTE, 120 * MINUTE)) {
      events.push({
        at: Math.floor(at),
        kind: 'legit',
        account,
        price: Math.round(between(20, 150)) / 100,
      });
    }
  }
  let created = 0;
  for (let day = 0; day < days; day += 1) {
    const dayStart = start + day * DAY;
    for (let i = 0; i < settings.newPerDay; i += 1) {
      const at = Math.floor(dayStart + between(0, DAY));
      events.push({ at, kind: 'new-subaccount', protectAtSignUp: created % 2 === 0 });
      created += 1;
    }
    for (let i = 0; i < settings.fraudPerDay; i += 1) {
      const at = Math.floor(dayStart + between(0, DAY - HOUR));
      // One fraud a day hits the newest subaccount: whatever protects it (or not yet) is tested.
      const account =
        i === 0 ? ('newest' as const) : Math.floor(between(0, settings.initialSubaccounts));
      events.push({
        at,
        kind: 'fraud',
        account,
        perMinute: Math.round(between(15, 60)),
        minutes: Math.round(between(8, 30)),
      });
    }
  }
  return events.sort((a, b) => a.at - b.at);
}

/**
 * The documented worst case for a subaccount left to the reconcile (docs/SETUP.md): created just
 * after a pass went by, it waits for the next day's pass — 24 h, plus how long after 00:00 GMT the
 * main account's spend reaches the trigger's value, plus Twilio's evaluation cadence, plus the
 * pass itself. In minutes, rounded up, plus the one minute the simulation samples at.
 */
export function reconcileBoundMinutes(parts: {
  firstSpendAfterMidnightMs: number;
  evaluationMs: number;
  passMs: number;
}): number {
  const ms = DAY + parts.firstSpendAfterMidnightMs + parts.evaluationMs + parts.passMs;
  return Math.ceil(ms / MINUTE) + 1;
}
