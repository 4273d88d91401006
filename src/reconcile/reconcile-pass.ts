// Where the reconcile stands, kept in Sync between invocations (one Function call runs one step of
// a setup pass, a few seconds of work). A step is claimed by an atomic Sync create keyed on the
// exact state it starts from, so two invocations that saw the same state (a retried callback, a
// continuation arriving while a stalled pass is being resumed) cannot both run it.
import { createHash } from 'node:crypto';
import { RECONCILE_MAP } from '../audit/sync-names';
import type { SetupTotals } from '../setup/setup-cursor';
import type { TwilioGateway } from '../twilio/gateway';

export const PASS_KEY = 'pass';
/** Claims outlive any pass by far; Sync deletes them after that. */
export const CLAIM_TTL_SECONDS = 2 * 24 * 3600;

export interface ReconcilePass {
  runId: string;
  /** The next step to run (0 = the pass has not run yet). */
  step: number;
  /** setup's cursor for that step; null at step 0. */
  cursor: string | null;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601: when a step last finished (or the pass started). */
  updatedAt: string;
  done: boolean;
  finishedAt?: string;
  totals?: SetupTotals;
  /** Why the chain stopped early (the next callback resumes it). */
  error?: string;
}

export function readPass(gateway: Pick<TwilioGateway, 'fetchMapItem'>) {
  return gateway.fetchMapItem<ReconcilePass>(RECONCILE_MAP, PASS_KEY);
}

export function writePass(gateway: Pick<TwilioGateway, 'putMapItem'>, pass: ReconcilePass) {
  return gateway.putMapItem(RECONCILE_MAP, PASS_KEY, pass);
}

/**
 * The claim key for acting on `state` (null: no pass yet): equal states, equal keys. `attempt`
 * tells a resume apart from the step's own run: the invocation that claimed a step may have died
 * holding it, and a resume must still be able to take that step (once per resume window).
 */
export function claimKey(state: ReconcilePass | null, attempt = 'run'): string {
  const seen = state ? [state.runId, state.step, state.updatedAt, attempt] : ['none', attempt];
  return `claim:${createHash('sha256').update(JSON.stringify(seen)).digest('hex').slice(0, 32)}`;
}

/** 'created' when this invocation may act on `state`; 'exists' when another already does. */
export function claimStep(
  gateway: Pick<TwilioGateway, 'createMapItem'>,
  state: ReconcilePass | null,
  now: number,
  attempt?: string,
) {
  const data = { at: new Date(now).toISOString() };
  return gateway.createMapItem(RECONCILE_MAP, claimKey(state, attempt), data, CLAIM_TTL_SECONDS);
}
