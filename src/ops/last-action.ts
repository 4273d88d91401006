// The last thing that happened to a subaccount's protection, as coverage shows it, from what
// coverage reads anyway: its triggers' DateFired and its last reactivation. The audit list has the
// whole story (the coverage row links to the account's events).
import type { Reactivation } from '../breaker/decision/reactivations';
import { isRearmTrigger } from '../rearm/rearm-marker';
import { isOwnTrigger, markerTier } from '../setup/desired-triggers';
import type { TriggerRecord } from '../twilio/gateway';
import { gmt } from './armed-state';

export interface LastAction {
  kind: 'trip-fired' | 'warn-fired' | 'rearm-fired' | 'reactivated' | 'rearm-repaired';
  /** ISO 8601. */
  at: string;
  text: string;
}

function candidates(triggers: readonly TriggerRecord[], record: Reactivation | null, now: number) {
  const found: Array<{ kind: LastAction['kind']; ms: number; text: string }> = [];
  for (const t of triggers) {
    const ms = t.dateFired ? Date.parse(t.dateFired) : NaN;
    if (!Number.isFinite(ms)) continue;
    if (isRearmTrigger(t.friendlyName)) {
      found.push({ kind: 'rearm-fired', ms, text: `re-arm fired at ${gmt(ms, now)}` });
    } else if (isOwnTrigger(t.friendlyName)) {
      const tier = markerTier(t.friendlyName);
      if (tier === 'trip')
        found.push({ kind: 'trip-fired', ms, text: `trip fired at ${gmt(ms, now)}` });
      if (tier === 'warn')
        found.push({ kind: 'warn-fired', ms, text: `warning at ${gmt(ms, now)}` });
    }
  }
  const at = record ? Date.parse(record.reactivatedAt) : NaN;
  if (record && Number.isFinite(at)) {
    const rearm = record.rearm ? `: ${record.rearm.statement}` : '';
    const text = `reactivated by ${record.operator} at ${gmt(at, now)}${rearm}`;
    found.push({ kind: 'reactivated', ms: at, text });
    const repaired = record.rearm?.repairedAt ? Date.parse(record.rearm.repairedAt) : NaN;
    if (Number.isFinite(repaired)) {
      const said = `re-arm repaired by setup at ${gmt(repaired, now)}: ${record.rearm?.statement}`;
      found.push({ kind: 'rearm-repaired', ms: repaired, text: said });
    }
  }
  return found;
}

export function lastAction(
  triggers: readonly TriggerRecord[],
  reactivation: Reactivation | null,
  now: number,
): LastAction | null {
  const found = candidates(triggers, reactivation, now);
  if (found.length === 0) return null;
  // Ties go to the later entry: a reactivation at the instant of the firing it answers is the news.
  const latest = found.reduce((a, b) => (b.ms >= a.ms ? b : a));
  return { kind: latest.kind, at: new Date(latest.ms).toISOString(), text: latest.text };
}
