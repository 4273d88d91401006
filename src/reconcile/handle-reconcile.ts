// POST /reconcile, the core: verify (main account's signature), read the pass, decide, claim the
// step, run up to one setup invocation's worth of it (run-setup.ts, apply mode, the caller's cursor
// kept in Sync instead), save where it stands, and hand the next step to a new invocation.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../runtime/clock';
import { jsonResponse, type ResponseValue } from '../runtime/response-value';
import type { RuntimeRequest } from '../runtime/runtime-request';
import { withRetry } from '../retry/with-retry';
import { runSetup, type SetupDeps, type SetupOptions } from '../setup/run-setup';
import type { TwilioGateway } from '../twilio/gateway';
import { redactSecrets } from '../twilio/twilio-errors';
import { decideReconcile, RECONCILE_TIMING } from './decide-reconcile';
import { claimStep, readPass, writePass, type ReconcilePass } from './reconcile-pass';
import { verifyReconcile } from './verify-reconcile';
import { rethrowUnlessTwilio } from '../twilio/twilio-errors';

/** A pass stops chaining after this many steps (10,000 subaccounts take about a dozen). */
export const MAX_STEPS = 200;

export interface ReconcileDeps {
  gateway: TwilioGateway;
  clock: Clock;
  main: { accountSid: string; authToken: string };
  /** Setup's deps and options for each step (rules, domain, audit…), as the setup Function has them. */
  setup: Omit<SetupDeps, 'gateway' | 'clock' | 'newRunId'>;
  options: Pick<SetupOptions, 'budgetMs' | 'concurrency' | 'pageSize'>;
  /** Starts the next step in a new invocation and resolves once it is on its way. */
  continueWith(runId: string, step: number): Promise<'sent' | 'failed'>;
  log(line: string): void;
  newRunId?: () => string;
  random?: () => number;
  timing?: typeof RECONCILE_TIMING;
}

/** Sync reads and writes around a step: retried briefly, the step's budget is for the work. */
const SYNC_RETRY_MS = 1500;

const messageOf = (error: unknown) =>
  redactSecrets(error instanceof Error ? error.message : String(error)).slice(0, 300);

export async function handleReconcile(
  request: RuntimeRequest,
  deps: ReconcileDeps,
): Promise<ResponseValue> {
  const { clock, gateway } = deps;
  const verified = verifyReconcile(request, deps.main);
  if (!verified.ok) {
    deps.log(JSON.stringify({ breaker: 'reconcile-refused', reason: verified.reason }));
    return jsonResponse(verified.status, { error: verified.reason, message: verified.problem });
  }
  const retry = <T>(call: () => Promise<T>) =>
    withRetry(call, { clock, deadlineAt: clock.now() + SYNC_RETRY_MS, random: deps.random });
  let state: ReconcilePass | null;
  try {
    state = await retry(() => readPass(gateway));
  } catch (error) {
    deps.log(JSON.stringify({ breaker: 'reconcile-error', step: 'read', error: messageOf(error) }));
    return jsonResponse(503, { error: 'sync-unavailable', message: 'retry shortly' });
  }
  const now = clock.now();
  const newRunId = deps.newRunId ?? randomUUID;
  const decision = decideReconcile(verified.call, state, now, newRunId, deps.timing);
  if (decision.act === 'ignore') return jsonResponse(200, { action: 'ignored', why: decision.why });
  let claimed;
  try {
    // Resumes of one stalled state share a key per stall window, starts one per interval: two
    // callbacks at once act once, and a holder that died does not block the next window.
    const timing = deps.timing ?? RECONCILE_TIMING;
    const attempt = decision.resumed
      ? `resume:${Math.floor(now / timing.stallMs)}`
      : decision.step === 0
        ? `start:${Math.floor(now / timing.minIntervalMs)}`
        : 'run';
    claimed = await retry(() => claimStep(gateway, state, now, attempt));
  } catch (error) {
    deps.log(
      JSON.stringify({ breaker: 'reconcile-error', step: 'claim', error: messageOf(error) }),
    );
    return jsonResponse(503, { error: 'sync-unavailable', message: 'retry shortly' });
  }
  if (claimed === 'exists') return jsonResponse(200, { action: 'ignored', why: 'step-taken' });

  const { runId, step, cursor, startedAt } = decision;
  const result = await runSetup(
    { ...deps.setup, gateway, clock, random: deps.random, newRunId: () => runId },
    { ...deps.options, mode: 'apply', cursor },
  );
  const finishedAt = new Date(clock.now()).toISOString();
  // A step that made no progress (Sync or Twilio failing) ends the chain: the next callback to
  // /reconcile resumes it, instead of steps calling each other around an outage.
  const stuck = !result.done && (result.invocation.accounts === 0 || step + 1 >= MAX_STEPS);
  const pass: ReconcilePass = {
    runId,
    step: step + 1,
    cursor: result.cursor,
    startedAt,
    updatedAt: finishedAt,
    done: result.done,
    ...(result.done ? { finishedAt } : {}),
    totals: result.totals,
    ...(result.error ? { error: result.error } : {}),
  };
  let saved = true;
  try {
    await retry(() => writePass(gateway, pass));
  } catch (error) {
    rethrowUnlessTwilio(error);
    saved = false; // the next callback finds the pass stalled and redoes this step (no harm)
  }
  const next = saved && !result.done && !stuck ? await deps.continueWith(runId, step + 1) : null;
  const line = {
    breaker: 'reconcile',
    runId,
    step,
    resumed: decision.resumed,
    done: result.done,
    accounts: result.invocation.accounts,
    writes: result.invocation.writes,
    saved,
    next,
    ...(result.error ? { error: result.error } : {}),
  };
  deps.log(JSON.stringify(line));
  return jsonResponse(200, { action: 'ran', ...line, totals: result.totals });
}
