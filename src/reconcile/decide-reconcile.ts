// What a call to /reconcile does (pure). The daily trigger's callback starts a pass, or resumes one
// whose chain broke; a continuation (the Function calling itself, signed) runs the step it names,
// if that is still the next one. Everything else is answered 200 and left alone: a duplicate or a
// replayed callback costs one Sync read.
import type { ReconcilePass } from './reconcile-pass';

export type ReconcileCall = { kind: 'trigger' } | { kind: 'continue'; runId: string; step: number };

export type ReconcileDecision =
  | {
      act: 'run';
      runId: string;
      step: number;
      cursor: string | null;
      startedAt: string;
      resumed: boolean;
    }
  | { act: 'ignore'; why: 'pass-running' | 'pass-recent' | 'stale-continuation' };

export const RECONCILE_TIMING = {
  /** A trigger callback this soon after a pass started starts no other (a duplicate, a replay). */
  minIntervalMs: 10 * 60_000,
  /** A pass whose state has not moved for this long lost its chain: the next callback resumes it. */
  stallMs: 60_000,
};

export function decideReconcile(
  call: ReconcileCall,
  state: ReconcilePass | null,
  now: number,
  newRunId: () => string,
  timing = RECONCILE_TIMING,
): ReconcileDecision {
  const running = state !== null && !state.done;
  if (call.kind === 'continue') {
    if (running && state.runId === call.runId && state.step === call.step) {
      const { runId, step, cursor, startedAt } = state;
      return { act: 'run', runId, step, cursor, startedAt, resumed: false };
    }
    return { act: 'ignore', why: 'stale-continuation' };
  }
  if (running) {
    if (now - Date.parse(state.updatedAt) < timing.stallMs)
      return { act: 'ignore', why: 'pass-running' };
    const { runId, step, cursor, startedAt } = state;
    return { act: 'run', runId, step, cursor, startedAt, resumed: true };
  }
  if (state && now - Date.parse(state.startedAt) < timing.minIntervalMs) {
    return { act: 'ignore', why: 'pass-recent' };
  }
  const startedAt = new Date(now).toISOString();
  return { act: 'run', runId: newRunId(), step: 0, cursor: null, startedAt, resumed: false };
}
