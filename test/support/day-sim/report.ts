// What the day-in-the-life simulation reports, and the figures it works out from the emulator's
// deliveries and the reconcile's answers (run-day-sim.ts fills it in as the run goes).
import type { InMemoryStack } from '../in-memory-stack';
import type { AccountFacts, Unprotected } from './oracle';
import { DAY, type SimSettings } from './schedule';

export interface NewAccountFigure {
  sid: string;
  origin: 'one-call' | 'reconcile';
  createdAt: string;
  /** Virtual minutes from creation to its first protected minute (null: never, by the end). */
  unprotectedMinutes: number;
  protectedAt: string | null;
}

export interface DaySimReport {
  settings: SimSettings;
  subaccounts: number;
  sampledMinutes: number;
  unprotectedMinutes: number;
  unprotectedByReason: Partial<Record<Unprotected, number>>;
  newAccounts: NewAccountFigure[];
  missedTrips: string[];
  fraudEpisodes: number;
  /** Trip callbacks Twilio made to the breaker: a daily trip trigger's, or a re-arm's. */
  tripCallbacks: { daily: number; rearm: number };
  /** Usage crossing a trip level → Twilio's callback (virtual ms: the evaluation cadence). */
  maxCrossingToCallbackMs: number;
  reactivations: { total: number; customHeadroom: number; fraudResumed: number };
  /** Spend on accounts while unprotected (new ones before protection). */
  spentWhileUnprotected: number;
  /** The longest one-call protect (virtual ms, from the sign-up flow's call to its answer). */
  longestOneCallMs: number;
  /** Reconcile passes (started by the main account's daily trigger): how many, how long. */
  reconcile: { passes: number; steps: number; longestPassMs: number; startedAt: string[] };
}

export function emptyReport(settings: SimSettings): DaySimReport {
  return {
    settings,
    subaccounts: 0,
    sampledMinutes: 0,
    unprotectedMinutes: 0,
    unprotectedByReason: {},
    newAccounts: [],
    missedTrips: [],
    fraudEpisodes: 0,
    tripCallbacks: { daily: 0, rearm: 0 },
    maxCrossingToCallbackMs: 0,
    reactivations: { total: 0, customHeadroom: 0, fraudResumed: 0 },
    spentWhileUnprotected: 0,
    longestOneCallMs: 0,
    reconcile: { passes: 0, steps: 0, longestPassMs: 0, startedAt: [] },
  };
}

/** Counts a trip callback, and how long after its usage reached the value Twilio made it. */
export function countTrip(
  delivery: { url: string; params: Record<string, string>; firedAt: string; accountSid: string },
  facts: Map<string, AccountFacts>,
  report: DaySimReport,
) {
  if (!delivery.url.includes('/breaker?tier=trip')) return;
  const f = facts.get(delivery.accountSid);
  if (!f) return;
  const firedAt = Date.parse(delivery.firedAt);
  const alltime = delivery.params.Recurring === 'alltime';
  // When the usage first reached the trigger's value, from the simulation's own ledger.
  const from = alltime ? 0 : firedAt - (firedAt % DAY);
  const value = Number(delivery.params.TriggerValue);
  let total = 0;
  for (const u of f.usage) {
    if (u.at < from || u.at > firedAt) continue;
    total += u.price;
    if (total >= value - 1e-9) {
      report.maxCrossingToCallbackMs = Math.max(report.maxCrossingToCallbackMs, firedAt - u.at);
      break;
    }
  }
  if (alltime) report.tripCallbacks.rearm += 1;
  else report.tripCallbacks.daily += 1;
}

export function reconcileFigures(stack: InMemoryStack): DaySimReport['reconcile'] {
  const passes = new Map<string, { first: number; last: number; steps: number }>();
  for (const r of stack.reconciles) {
    if (r.body.action !== 'ran') continue;
    const pass = passes.get(r.body.runId) ?? { first: r.startedAt, last: r.endedAt, steps: 0 };
    pass.first = Math.min(pass.first, r.startedAt);
    pass.last = Math.max(pass.last, r.endedAt);
    pass.steps += 1;
    passes.set(r.body.runId, pass);
  }
  const all = [...passes.values()];
  return {
    passes: all.length,
    steps: all.reduce((n, p) => n + p.steps, 0),
    longestPassMs: Math.max(0, ...all.map((p) => p.last - p.first)),
    startedAt: [...passes.values()].map((p) => new Date(p.first).toISOString()),
  };
}
