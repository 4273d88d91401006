// The resumable setup runner. One call works through subaccount pages until its time budget is
// spent, then returns progress and a cursor; calling again with the cursor continues. Each account
// costs one list call plus the writes it needs, at most `concurrency` at a time, so 10,000
// subaccounts take a handful of invocations of a few seconds each, inside Functions' 10 s limit.
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import type { AccountRecord, TwilioGateway } from '../twilio/gateway';
import { redactSecrets } from '../twilio/twilio-errors';
import { syncOverrideStore, type OverrideStore } from './overrides';
import { processPage, type AccountChange } from './process-page';
import { OutOfTimeError, rateLimitGate, systemClock, type SetupClock } from './rate-limit-gate';
import type { SetupMode } from './reconcile-account';
import type { Rule } from './rules';
import {
  addTotals,
  CursorError,
  decodeCursor,
  emptyTotals,
  encodeCursor,
  MAX_CURSOR_FAILURES,
  type SetupCursor,
  type SetupFailure,
  type SetupTotals,
} from './setup-cursor';

export const SETUP_DEFAULTS = { budgetMs: 8000, concurrency: 10, pageSize: 500 } as const;
export const MAX_CHANGES_PER_RESPONSE = 200;

/** What a completed apply run appends to the audit list. */
export interface SetupRunEvent {
  type: 'setup-run';
  runId: string;
  startedAt: string;
  finishedAt: string;
  invocations: number;
  totals: SetupTotals;
  failures: SetupFailure[];
}

export interface SetupDeps {
  gateway: TwilioGateway;
  rules: readonly Rule[];
  /** The Function's DOMAIN_NAME: callbacks go to https://DOMAIN_NAME/breaker?tier=… */
  domainName: string;
  /** When set, the main account gets the triggers too (the breaker only alerts for it). */
  mainAccountSid?: string | null;
  /** Defaults to the Sync store over `gateway`. */
  overrides?: OverrideStore;
  /**
   * Appends the summary of a completed apply run. Resolving false (kept for later, e.g. Sync down)
   * or rejecting is reported as summaryRecorded: false, never fatal.
   */
  recordRun?: (event: SetupRunEvent) => Promise<boolean | void>;
  clock?: SetupClock;
  random?: () => number;
  newRunId?: () => string;
}

export interface SetupOptions {
  mode: SetupMode;
  /** From the previous invocation's result; absent starts a new run. */
  cursor?: string | null;
  budgetMs?: number;
  concurrency?: number;
  pageSize?: number;
}

export interface SetupResult {
  runId: string;
  mode: SetupMode;
  done: boolean;
  /** Pass to the next invocation; null once done. */
  cursor: string | null;
  /** Since the run started, over all its invocations. */
  totals: SetupTotals;
  /** This invocation alone. */
  invocation: { accounts: number; writes: number; calls: number; elapsedMs: number };
  /** The run's first failures (totals.failed counts all). */
  failures: SetupFailure[];
  /** Accounts whose triggers this invocation changed (apply) or would change (plan); capped. */
  changes: AccountChange[];
  changesTruncated: number;
  /** Listing subaccounts failed in this invocation; the cursor still says where to go on. */
  error?: string;
  /** Set on the invocation that completes an apply run: whether the summary event was written. */
  summaryRecorded?: boolean;
}

/** Counts every gateway call, so the result can say what a run cost. */
function countingGateway(gateway: TwilioGateway, onCall: () => void): TwilioGateway {
  return new Proxy(gateway, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        onCall();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

function startCursor(mode: SetupMode, runId: string, now: number, withMain: boolean): SetupCursor {
  const startedAt = new Date(now).toISOString();
  const phase = withMain ? 'main' : 'subaccounts';
  const position = { phase, page: null, pos: 0, lastSid: null } as const;
  return {
    v: 1,
    runId,
    mode,
    startedAt,
    invocations: 0,
    ...position,
    totals: emptyTotals(),
    failures: [],
  };
}

interface Page {
  accounts: AccountRecord[];
  next: string | null;
}

export async function runSetup(deps: SetupDeps, options: SetupOptions): Promise<SetupResult> {
  const clock = deps.clock ?? systemClock;
  const started = clock.now();
  const budgetMs = options.budgetMs ?? SETUP_DEFAULTS.budgetMs;
  const deadline = started + budgetMs;
  const main = deps.mainAccountSid ?? null;
  let cursor = options.cursor
    ? decodeCursor(options.cursor)
    : startCursor(options.mode, (deps.newRunId ?? randomUUID)(), started, main !== null);
  if (cursor.mode !== options.mode) throw new CursorError(`belongs to a ${cursor.mode} run`);

  let calls = 0;
  const gateway = countingGateway(deps.gateway, () => (calls += 1));
  const gate = rateLimitGate({ clock, deadline, random: deps.random });
  const ctx = {
    mode: options.mode,
    clock,
    // Stop starting accounts a little early, so the ones in flight finish inside the budget.
    startDeadline: deadline - Math.min(1500, budgetMs * 0.2),
    limit: pLimit(options.concurrency ?? SETUP_DEFAULTS.concurrency),
    reconcileDeps: {
      gateway,
      gate,
      overrides: deps.overrides ?? syncOverrideStore(gateway),
      rules: deps.rules,
      domainName: deps.domainName,
    },
  };

  const fetchPage = async (): Promise<Page> => {
    if (cursor.phase === 'main') {
      const sid = main as string;
      const mainAccount = { sid, friendlyName: 'main account', ownerAccountSid: sid };
      return { accounts: [{ ...mainAccount, status: 'active' }], next: null };
    }
    const pageSize = options.pageSize ?? SETUP_DEFAULTS.pageSize;
    const page = await gate.run(() => gateway.listSubaccountsPage(cursor.page, pageSize));
    return { accounts: page.accounts.filter((a) => a.sid !== main), next: page.nextCursor };
  };

  let totals = emptyTotals();
  let failures = cursor.failures;
  const changes: AccountChange[] = [];
  let done = false;
  let error: string | undefined;
  // Bounded by the clock; the counter only guards against a clock that stands still.
  for (let pages = 0; pages < 10_000 && clock.now() < ctx.startDeadline; pages += 1) {
    let page: Page;
    try {
      page = await fetchPage();
    } catch (caught) {
      if (!(caught instanceof OutOfTimeError)) {
        error = redactSecrets(caught instanceof Error ? caught.message : String(caught));
      }
      break;
    }
    // If the page shifted since the cursor was made (accounts created or closed), redo all of it.
    const { pos, lastSid } = cursor;
    const resumeAt = pos > 0 && page.accounts[pos - 1]?.sid === lastSid ? pos : 0;
    const outcome = await processPage(page.accounts.slice(resumeAt), ctx);
    totals = addTotals(totals, outcome.totals);
    failures = [...failures, ...outcome.failures].slice(0, MAX_CURSOR_FAILURES);
    changes.push(...outcome.changes);

    const reached = resumeAt + outcome.completed;
    if (reached < page.accounts.length) {
      cursor = {
        ...cursor,
        pos: reached,
        lastSid: reached > 0 ? page.accounts[reached - 1].sid : null,
      };
      break;
    }
    const atEnd = cursor.phase === 'subaccounts' && page.next === null;
    const next = cursor.phase === 'main' ? null : page.next;
    cursor = { ...cursor, phase: 'subaccounts', page: next, pos: 0, lastSid: null };
    if (atEnd) {
      done = true;
      break;
    }
  }

  totals = addTotals(totals, { calls, rateLimited: gate.rateLimited });
  cursor = {
    ...cursor,
    invocations: cursor.invocations + 1,
    totals: addTotals(cursor.totals, totals),
    failures,
  };
  const result: SetupResult = {
    runId: cursor.runId,
    mode: options.mode,
    done,
    cursor: done ? null : encodeCursor(cursor),
    totals: cursor.totals,
    invocation: {
      accounts: totals.seen,
      writes: totals.writes,
      calls,
      elapsedMs: clock.now() - started,
    },
    failures,
    changes: changes.slice(0, MAX_CHANGES_PER_RESPONSE),
    changesTruncated: Math.max(0, changes.length - MAX_CHANGES_PER_RESPONSE),
    ...(error ? { error } : {}),
  };
  if (done && options.mode === 'apply' && deps.recordRun) {
    result.summaryRecorded = await deps
      .recordRun({
        type: 'setup-run',
        runId: cursor.runId,
        startedAt: cursor.startedAt,
        finishedAt: new Date(clock.now()).toISOString(),
        invocations: cursor.invocations,
        totals: cursor.totals,
        failures,
      })
      .then(
        (recorded) => recorded !== false,
        () => false,
      );
  }
  return result;
}
