// The resumable setup runner. One call works through subaccount pages until its time budget is
// spent, then returns progress and a cursor; calling again with the cursor continues. Each account
// costs one list call plus the writes it needs. `concurrency` (SETUP_CONCURRENCY) is a ceiling: the
// requests in flight follow an adaptive limit (src/retry/adaptive-limit.ts) that backs off on
// Twilio's 429s and finds the account's real cap, so a ceiling above the cap costs a few 429s, not
// a storm. 10,000 subaccounts take a handful of invocations of a few seconds each, inside
// Functions' 10 s limit.
// Like the breaker's, every invocation also appends the audit events that earlier ones kept back
// while Sync was down (setup-run-audit.ts), starting with them and within the same budget.
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import type { AccountRecord } from '../twilio/gateway';
import { redactSecrets, rethrowUnlessTwilio } from '../twilio/twilio-errors';
import { countingGateway } from './counting-gateway';
import { keepReconcileTrigger } from '../reconcile/reconcile-trigger';
import { loadOverrides, OverridesUnavailableError } from './load-overrides';
import { syncOverrideStore } from './overrides';
import { processPage, type AccountChange, type PageContext } from './process-page';
import { systemClock } from '../runtime/clock';
import { createAdaptiveLimit } from '../retry/adaptive-limit';
import { OutOfTimeError } from '../retry/out-of-time';
import { requestGate } from '../retry/request-gate';
import {
  addTotals,
  CursorError,
  decodeCursor,
  emptyTotals,
  encodeCursor,
  MAX_CURSOR_FAILURES,
  startCursor,
  type SetupCursor,
  type SetupFailure,
  type SetupTotals,
} from './setup-cursor';
import { SETUP_RETRY, type SetupDeps, type SetupOptions, type SetupResult } from './setup-types';

export type {
  RecordWithin,
  SetupDeps,
  SetupOptions,
  SetupResult,
  SetupRunEvent,
} from './setup-types';

/**
 * A request still in flight when the budget ends may take its whole timeout (1.5 s, setup-function.ts)
 * before the answer: budget + that timeout fits in HANDLER_TIME_MS (src/runtime/time-budget.ts), so a
 * cold invocation still ends 1.5 s before Twilio's 10 s limit.
 */
export const SETUP_REQUEST_TIMEOUT_MS = 1500;
export const SETUP_MAX_BUDGET_MS = 5500;
export const SETUP_DEFAULTS = {
  budgetMs: SETUP_MAX_BUDGET_MS,
  concurrency: 10,
  pageSize: 500,
} as const;
export const MAX_CHANGES_PER_RESPONSE = 200;

interface Page {
  accounts: AccountRecord[];
  next: string | null;
}

interface Progress {
  cursor: SetupCursor;
  totals: SetupTotals;
  failures: SetupFailure[];
  changes: AccountChange[];
  done: boolean;
  error?: string;
}

const messageOf = (error: unknown) =>
  redactSecrets(error instanceof Error ? error.message : String(error));

/** Pages from `progress.cursor` on, until the start deadline or the end; updates `progress`. */
async function workPages(
  progress: Progress,
  ctx: PageContext,
  fetchPage: (cursor: SetupCursor) => Promise<Page>,
): Promise<void> {
  // Bounded by the clock; the counter only guards against a clock that stands still.
  for (let pages = 0; pages < 10_000 && ctx.clock.now() < ctx.startDeadline; pages += 1) {
    const cursor = progress.cursor;
    let page: Page;
    try {
      page = await fetchPage(cursor);
    } catch (caught) {
      if (caught instanceof OutOfTimeError) return;
      // A cursor the gateway did not make (RangeError) or Twilio failing: said in the answer.
      if (!(caught instanceof RangeError)) rethrowUnlessTwilio(caught);
      progress.error = messageOf(caught);
      return;
    }
    // If the page shifted since the cursor was made (accounts created or closed), redo all of it.
    const { pos, lastSid } = cursor;
    const resumeAt = pos > 0 && page.accounts[pos - 1]?.sid === lastSid ? pos : 0;
    const outcome = await processPage(page.accounts.slice(resumeAt), ctx);
    progress.totals = addTotals(progress.totals, outcome.totals);
    progress.failures = [...progress.failures, ...outcome.failures].slice(0, MAX_CURSOR_FAILURES);
    progress.changes.push(...outcome.changes);

    const reached = resumeAt + outcome.completed;
    if (reached < page.accounts.length) {
      const lastDone = reached > 0 ? page.accounts[reached - 1].sid : null;
      progress.cursor = { ...cursor, pos: reached, lastSid: lastDone };
      return;
    }
    const next = cursor.phase === 'main' ? null : page.next;
    progress.cursor = { ...cursor, phase: 'subaccounts', page: next, pos: 0, lastSid: null };
    if (cursor.phase === 'subaccounts' && page.next === null) {
      progress.done = true;
      return;
    }
  }
}

export async function runSetup(deps: SetupDeps, options: SetupOptions): Promise<SetupResult> {
  const clock = deps.clock ?? systemClock;
  const started = clock.now();
  const budgetMs = options.budgetMs ?? SETUP_DEFAULTS.budgetMs;
  const deadline = started + budgetMs;
  const only = options.only ?? null;
  const main = only ? null : (deps.mainAccountSid ?? null);
  if (only && options.cursor) throw new CursorError('a run for one account has no cursor');
  const initial = options.cursor
    ? decodeCursor(options.cursor)
    : startCursor(options.mode, (deps.newRunId ?? randomUUID)(), started, main !== null);
  if (initial.mode !== options.mode) throw new CursorError(`belongs to a ${initial.mode} run`);

  // Alongside the work, not before it: a Sync outage must not eat the budget twice.
  const drained = deps.drainAudit?.(deadline).catch(() => 0);

  let calls = 0;
  const gateway = countingGateway(deps.gateway, () => (calls += 1));
  const ceiling = options.concurrency ?? SETUP_DEFAULTS.concurrency;
  const limit = createAdaptiveLimit({
    ceiling,
    initial: initial.limit ?? ceiling,
    clock,
    random: deps.random,
  });
  // Stop starting accounts a little early, so the ones in flight finish inside the budget; and no
  // request starts unless it can be answered by the deadline (twice the latency seen so far).
  const startDeadline = deadline - Math.min(1500, budgetMs * 0.2);
  const gate = requestGate(limit, () => deadline - Math.min(1500, 2 * limit.latencyMs));
  const pageSize = options.pageSize ?? SETUP_DEFAULTS.pageSize;
  const fetchPage = async (cursor: SetupCursor): Promise<Page> => {
    if (cursor.phase === 'main') {
      const sid = main as string;
      const mainAccount = { sid, friendlyName: 'main account', ownerAccountSid: sid };
      return { accounts: [{ ...mainAccount, status: 'active' }], next: null };
    }
    if (only) return { accounts: [only], next: null };
    const page = await gate.run(() => gateway.listSubaccountsPage(cursor.page, pageSize));
    return { accounts: page.accounts.filter((a) => a.sid !== main), next: page.nextCursor };
  };

  const progress: Progress = {
    cursor: initial,
    totals: emptyTotals(),
    failures: initial.failures,
    changes: [],
    done: false,
  };
  // The reconcile trigger once per run, on its first invocation; a failure never stops the run.
  const reconcile = !only && !options.cursor && deps.reconcileTrigger;
  const keptTrigger = reconcile
    ? gate
        .run(() =>
          keepReconcileTrigger(
            gateway,
            reconcile.mainAccountSid,
            reconcile.spec,
            options.mode === 'apply',
          ),
        )
        .then(
          (actions) => ({ actions }),
          (error: unknown) => ({ actions: [], error: messageOf(error) }),
        )
    : null;
  try {
    const store = deps.overrides ?? syncOverrideStore(gateway);
    const within = { ...SETUP_RETRY, clock, deadlineAt: startDeadline, random: deps.random };
    const overrides = await loadOverrides(store, gate, within);
    const reconcileDeps = {
      gateway,
      gate,
      overrides,
      rules: deps.rules,
      domainName: deps.domainName,
      clock,
    };
    // Accounts in flight: up to the ceiling; their requests wait for the adaptive limit.
    await workPages(
      progress,
      {
        mode: options.mode,
        clock,
        startDeadline,
        limit: pLimit(ceiling),
        reconcileDeps,
        random: deps.random,
      },
      fetchPage,
    );
  } catch (caught) {
    if (caught instanceof OverridesUnavailableError) progress.error = caught.message;
    else if (!(caught instanceof OutOfTimeError)) throw caught;
  }

  const { totals, failures, changes, done, error } = progress;
  const invocationTotals = addTotals(totals, { calls, rateLimited: gate.rateLimited });
  const cursor: SetupCursor = {
    ...progress.cursor,
    invocations: initial.invocations + 1,
    totals: addTotals(initial.totals, invocationTotals),
    failures,
    limit: Math.round(limit.limit * 100) / 100,
  };
  const result: SetupResult = {
    runId: cursor.runId,
    mode: options.mode,
    done,
    cursor: done ? null : encodeCursor(cursor),
    totals: cursor.totals,
    invocation: { accounts: totals.seen, writes: totals.writes, calls, elapsedMs: 0 },
    failures,
    changes: changes.slice(0, MAX_CHANGES_PER_RESPONSE),
    changesTruncated: Math.max(0, changes.length - MAX_CHANGES_PER_RESPONSE),
    ...(error ? { error } : {}),
  };
  if (drained) result.auditDrained = await drained;
  if (keptTrigger) result.reconcileTrigger = await keptTrigger;
  if (done && options.mode === 'apply' && deps.recordRun) {
    const event = {
      type: 'setup-run' as const,
      runId: cursor.runId,
      startedAt: cursor.startedAt,
      finishedAt: new Date(clock.now()).toISOString(),
      invocations: cursor.invocations,
      totals: cursor.totals,
      failures,
      ...(only ? { account: { sid: only.sid, friendlyName: only.friendlyName } } : {}),
    };
    result.summaryRecorded = await deps
      .recordRun(event, { deadlineAt: deadline, clock, random: deps.random })
      .then(
        (recorded) => recorded !== false,
        () => false,
      );
  }
  result.invocation.elapsedMs = clock.now() - started;
  return result;
}
