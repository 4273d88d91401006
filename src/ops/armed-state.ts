// Is a subaccount armed right now? Protection (coverage.ts) says whether its triggers exist; this
// says whether one of them can still fire: a recurring trip trigger that already fired this period
// cannot fire again until the next one, so an active account in that state is only protected by a
// re-arm. Pure: the account's status, triggers, last reactivation and the time.
import type { Reactivation } from '../breaker/decision/reactivations';
import { lastTripFiring, rearmUpkeep } from '../rearm/rearm-upkeep';
import type { AccountStatus, TriggerRecord } from '../twilio/gateway';
import type { Protection } from './coverage';

/**
 * armed: a trip trigger can fire; fired: the trip fired this period and the account is suspended;
 * rearmed: it fired, ops reactivated it, a re-arm guards it; unprotected: nothing can fire.
 */
export type ArmedState =
  'armed' | 'fired' | 'rearmed' | 'unprotected' | 'exempt' | 'closed' | 'unknown';

export interface Armed {
  state: ArmedState;
  /** The reason in words, e.g. "reactivated at 14:05 GMT; its re-arm failed: setup repairs it". */
  why: string;
}

export interface ArmedInput {
  status: AccountStatus;
  protection: Protection;
  triggers: readonly TriggerRecord[];
  reactivation: Reactivation | null;
  now: number;
}

/** "14:05 GMT", or "2026-01-14 14:05 GMT" when not today. */
export function gmt(ms: number, now: number): string {
  const iso = new Date(ms).toISOString();
  const time = `${iso.slice(11, 16)} GMT`;
  return iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10)
    ? time
    : `${iso.slice(0, 10)} ${time}`;
}

function unarmedWhy(firedAt: number, input: ArmedInput): string {
  const fired = `trip fired at ${gmt(firedAt, input.now)}`;
  const record = input.reactivation;
  const at = record ? Date.parse(record.reactivatedAt) : NaN;
  // At the same instant counts as after: ops reactivate what the firing suspended.
  if (!record || !(at >= firedAt)) {
    return (
      `${fired} and the account is still active with nothing to fire again: reactivated ` +
      'outside the dashboard, allow-listed, in dry run, or its suspension failed'
    );
  }
  const when = `reactivated by ${record.operator} at ${gmt(at, input.now)}`;
  if (!record.rearm) return `${fired}; ${when} without a re-arm: run setup to re-arm it`;
  if (record.rearm.state === 'failed') {
    return `${fired}; ${when}, and its re-arm FAILED (${record.rearm.error ?? 'no reason given'}): run setup to repair it`;
  }
  if (record.rearm.state === 'not-needed') return `${fired}; ${when}: ${record.rearm.statement}`;
  return `${fired}; ${when}, but its re-arm trigger is gone (deleted?): reactivate again, or wait for the next period`;
}

export function armedState(input: ArmedInput): Armed {
  if (input.protection === 'closed')
    return { state: 'closed', why: 'closed accounts cost nothing' };
  if (input.protection === 'exempt') return { state: 'exempt', why: 'exempt by override' };
  if (input.protection === 'unknown')
    return { state: 'unknown', why: 'its triggers could not be read' };
  if (input.protection === 'unprotected') {
    return { state: 'unprotected', why: 'no trip trigger: run setup (or wait for the reconcile)' };
  }
  const firedAt = lastTripFiring(input.triggers, input.now);
  if (firedAt === null) {
    return { state: 'armed', why: 'its trip trigger has not fired this period' };
  }
  if (input.status === 'suspended') {
    return { state: 'fired', why: `trip fired at ${gmt(firedAt, input.now)}; suspended` };
  }
  if (rearmUpkeep(input.triggers, input.status, input.now).liveRearm) {
    const said = input.reactivation?.rearm?.state === 'armed' ? input.reactivation.rearm : null;
    return { state: 'rearmed', why: said ? said.statement : 'a re-arm trigger guards it' };
  }
  return { state: 'unprotected', why: unarmedWhy(firedAt, input) };
}
