// What `npm run simulate` says after the usage was evaluated, in plain words: the day's total
// against the warn and trip values, then what happened — a warning only, suspended (by its trip
// trigger or by a re-arm), nothing because the trip already fired this period (and what would arm
// it again), or nothing because the subaccount has no breaker triggers (run setup). Pure.
import { money } from '../src/rearm/describe-rearm';
import { isRearmTrigger } from '../src/rearm/rearm-marker';
import { rearmNeeded } from '../src/rearm/rearm-upkeep';
import { isOwnTrigger, markerTier } from '../src/setup/desired-triggers';
import type { TriggerRecord } from '../src/twilio/gateway';
import { firedThisPeriod, periodStart } from '../src/twilio/recurring-period';

export interface FiredCallback {
  url: string;
  status: number | 'network-error';
  params: Record<string, string>;
  error?: string;
}

export interface SimulateFacts {
  statusBefore: string;
  statusAfter: string;
  fired: FiredCallback[];
  /** The subaccount's triggers after the evaluation. */
  triggers: readonly TriggerRecord[];
  /** Today's total of the trip rule's category (Usage Records Today), and all time. */
  today: number;
  allTime: number;
  unit: string;
  now: number;
}

const tierOf = (t: TriggerRecord) =>
  isOwnTrigger(t.friendlyName) ? markerTier(t.friendlyName) : null;
const time = (iso: string) => `${iso.slice(11, 16)} GMT`;

function daily(facts: SimulateFacts, tier: 'warn' | 'trip') {
  return facts.triggers.find((t) => tierOf(t) === tier && t.recurring === 'daily') ?? null;
}

function firedToday(t: TriggerRecord | null, now: number): string | null {
  if (!t?.dateFired) return null;
  return firedThisPeriod(t.recurring, Date.parse(t.dateFired), now) ? t.dateFired : null;
}

export function describeSimulation(facts: SimulateFacts): string[] {
  const $ = (value: number) => money(Math.round(value * 100) / 100, facts.unit);
  const warn = daily(facts, 'warn');
  const trip = daily(facts, 'trip');
  const levels = [
    warn && `warn at ${$(Number(warn.triggerValue))}`,
    trip && `trip at ${$(Number(trip.triggerValue))}`,
  ]
    .filter(Boolean)
    .join(', ');
  const lines = [`Today's total: ${$(facts.today)}${levels ? ` (${levels})` : ''}.`];
  const rearms = facts.triggers.filter((t) => isRearmTrigger(t.friendlyName));
  const tripCallbacks = facts.fired.filter((c) => c.url.includes('tier=trip'));
  const warnCallbacks = facts.fired.filter((c) => c.url.includes('tier=warn'));

  if (!facts.triggers.some((t) => isOwnTrigger(t.friendlyName))) {
    lines.push(
      'No breaker triggers on this subaccount: nothing can suspend it. Run setup ' +
        '(`npm run setup`, "Run setup" in the dashboard, or POST /setup with its accountSid).',
    );
    return lines;
  }
  if (tripCallbacks.length > 0) {
    const byRearm = tripCallbacks.some((c) => c.params.Recurring === 'alltime');
    const what = byRearm
      ? 'its re-arm (the one-shot trigger its reactivation made) fired'
      : `its trip trigger fired at ${$(Number(tripCallbacks[0].params.TriggerValue))}`;
    if (facts.statusAfter === 'suspended' && facts.statusBefore !== 'suspended') {
      lines.push(`SUSPENDED${byRearm ? ' again' : ''}: ${what}.`);
    } else if (facts.statusAfter === 'suspended') {
      lines.push(`Already suspended: ${what}, and the breaker left it suspended.`);
    } else {
      const answers = tripCallbacks
        .map((c) => `${c.status}${c.error ? ` (${c.error})` : ''}`)
        .join(', ');
      lines.push(
        `${what[0].toUpperCase()}${what.slice(1)}, but the account is still active: the breaker ` +
          `answered ${answers} (allow-listed, dry run, or a failure: see its events).`,
      );
    }
    return lines;
  }
  if (warnCallbacks.length > 0) {
    lines.push(
      `Warning alert only: past the warn level${trip ? `, below the trip at ${$(Number(trip.triggerValue))}` : ''}.`,
    );
    return lines;
  }
  if (facts.statusAfter !== 'active') {
    lines.push(`No trigger fired: the account is ${facts.statusAfter}.`);
    return lines;
  }
  const live = rearms.find((t) => !t.dateFired && rearmNeeded(t, facts.now));
  if (live) {
    const left = Number(live.triggerValue) - facts.allTime;
    lines.push(
      `No trigger fired: its re-arm suspends it after ${$(left)} more (at ${$(facts.today + left)} today).`,
    );
    return lines;
  }
  const tripFired = firedToday(trip, facts.now);
  if (tripFired) {
    const midnight = new Date((periodStart('daily', facts.now) ?? facts.now) + 86_400_000);
    lines.push(
      `No trigger fired: its trip trigger already fired today at ${time(tripFired)} and fires ` +
        `again only from ${midnight.toISOString().slice(0, 16).replace('T', ' ')} GMT. Nothing ` +
        'suspends it before then. What re-arms it: reactivating it from the dashboard (a one-shot ' +
        'trigger at today\u2019s spend + the headroom), or setup repairing a failed re-arm.',
    );
    return lines;
  }
  const warnFired = firedToday(warn, facts.now);
  lines.push(
    warnFired
      ? `No trigger fired: the warning already fired today at ${time(warnFired)}; below the trip.`
      : 'No trigger fired: below every threshold.',
  );
  return lines;
}
