// The simulation's own judge, independent of the product's coverage code: from the triggers Twilio
// (the emulator) lists, the account's status and the usage the simulation itself recorded, is a
// subaccount protected this minute — and if not, why; and did any trip level get crossed without
// the account being suspended?
import type { TriggerRecord } from '../../../src/twilio/gateway';
import { DAY } from './schedule';

export type Unprotected =
  | 'new, left to the reconcile'
  | 'new, sign-up protect pending'
  | 'trip fired, still active, not reactivated'
  | 'reactivated without a live re-arm'
  | 'unexplained';

export interface AccountFacts {
  sid: string;
  createdAt: number;
  /** initial: protected by the first setup run; else how the sign-up flow treated it. */
  origin: 'initial' | 'one-call' | 'reconcile';
  /** Usage the simulation recorded (totalprice), in time order. */
  usage: Array<{ at: number; price: number }>;
  /** Ops' reactivations: when, and the headroom the re-arm was asked for. */
  reactivations: Array<{ at: number; headroom: number }>;
}

const dayStart = (t: number) => t - (t % DAY);
const firedAt = (t: TriggerRecord) => (t.dateFired ? Date.parse(t.dateFired) : null);
const isTrip = (t: TriggerRecord) => t.friendlyName.startsWith('breaker:trip:');
const isRearm = (t: TriggerRecord) => t.friendlyName.startsWith('breaker-rearm:');

/** A re-arm's expiry from its name (breaker-rearm:<YYYY-MM-DD|never>:…), read here on its own. */
function rearmExpiry(t: TriggerRecord): number {
  const day = t.friendlyName.split(':')[1];
  return day === 'never' ? Infinity : Date.parse(`${day}T00:00:00Z`);
}

export function spent(facts: AccountFacts, from: number, to: number): number {
  return facts.usage.filter((u) => u.at >= from && u.at <= to).reduce((s, u) => s + u.price, 0);
}

/** The triggers that can still suspend the account at `now`. */
export function liveTripTriggers(triggers: readonly TriggerRecord[], now: number) {
  return triggers.filter((t) => {
    const at = firedAt(t);
    if (isTrip(t) && t.recurring === 'daily') return at === null || at < dayStart(now);
    if (isRearm(t)) return at === null && now < rearmExpiry(t);
    return false;
  });
}

export function judge(
  facts: AccountFacts,
  status: string,
  triggers: readonly TriggerRecord[],
  now: number,
): 'protected' | 'suspended' | Unprotected {
  if (status !== 'active') return 'suspended';
  if (liveTripTriggers(triggers, now).length > 0) return 'protected';
  const trips = triggers.filter((t) => isTrip(t) || isRearm(t));
  if (!trips.some(isTrip)) {
    if (facts.origin === 'reconcile') return 'new, left to the reconcile';
    if (facts.origin === 'one-call') return 'new, sign-up protect pending';
    return 'unexplained';
  }
  const lastFired = Math.max(
    ...trips
      .map((t) => firedAt(t) ?? -Infinity)
      .filter((at) => at >= dayStart(now) || at === -Infinity),
  );
  if (!Number.isFinite(lastFired)) return 'unexplained';
  return facts.reactivations.some((r) => r.at >= lastFired)
    ? 'reactivated without a live re-arm'
    : 'trip fired, still active, not reactivated';
}

/**
 * A trip level crossed by `tick` (the last trigger evaluation) that did not suspend: a live trip
 * trigger that existed by then and whose value the account's usage had reached.
 */
export function missedTrip(
  facts: AccountFacts,
  status: string,
  triggers: readonly TriggerRecord[],
  tick: number,
  createdAt: (t: TriggerRecord) => number,
): string | null {
  if (status !== 'active') return null;
  for (const t of liveTripTriggers(triggers, tick)) {
    if (createdAt(t) > tick) continue;
    const total = isRearm(t) ? spent(facts, 0, tick) : spent(facts, dayStart(tick), tick);
    if (total >= Number(t.triggerValue) - 1e-9) {
      return `${facts.sid}: ${t.friendlyName} at ${t.triggerValue}, usage ${total.toFixed(2)} by ${new Date(tick).toISOString()}, still active`;
    }
  }
  return null;
}

/**
 * The product's promise, judged from the simulation's own records alone (no trigger listing): a
 * protected account is suspended once today's spend reaches the trip value — or, after ops
 * reactivated it today, once it spends the chosen headroom more. Usage up to `tick` (the last
 * evaluation) counts; `protectedSince` is when its trip trigger was first seen.
 */
export function brokenPromise(
  facts: AccountFacts,
  status: string,
  tick: number,
  trip: number,
  protectedSince: number | null,
): string | null {
  if (status !== 'active' || protectedSince === null || protectedSince > tick) return null;
  const today = dayStart(tick);
  const last = facts.reactivations.at(-1);
  const when = new Date(tick).toISOString();
  if (last && last.at >= today) {
    const since = spent(facts, last.at, tick);
    if (since >= last.headroom - 1e-9) {
      return `${facts.sid}: spent ${since.toFixed(2)} since its reactivation (headroom ${last.headroom}) by ${when}, still active`;
    }
    return null;
  }
  const total = spent(facts, today, tick);
  return total >= trip - 1e-9
    ? `${facts.sid}: spent ${total.toFixed(2)} today (trip ${trip}) by ${when}, still active`
    : null;
}
