// The setup runner's contract: what it needs (SetupDeps), what one invocation is asked to do
// (SetupOptions) and what it answers (SetupResult). run-setup.ts re-exports all of it.
import type { AccountRecord, TriggerSpec, TwilioGateway } from '../twilio/gateway';
import type { TriggerAction } from './plan';
import type { OverrideStore } from './overrides';
import type { AccountChange } from './process-page';
import type { Clock } from '../runtime/clock';
import type { SetupMode } from './reconcile-account';
import type { Rule } from './rules';
import type { SetupFailure, SetupTotals } from './setup-cursor';

/** Setup's retries of a transient failure (a 5xx, a timeout): slower than the breaker's, and as many as the budget allows. */
export const SETUP_RETRY = { baseDelayMs: 200, maxDelayMs: 2000, maxAttempts: 50 } as const;

/** What a completed apply run appends to the audit list. */
export interface SetupRunEvent {
  type: 'setup-run';
  runId: string;
  startedAt: string;
  finishedAt: string;
  invocations: number;
  totals: SetupTotals;
  failures: SetupFailure[];
  /** Set when the run was for this one subaccount (SetupOptions.only). */
  account?: { sid: string; friendlyName: string };
}

/** How long recording the summary may take: retried until deadlineAt, on this clock. */
export interface RecordWithin {
  deadlineAt: number;
  clock: Clock;
  random?: () => number;
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
   * Appends the summary of a completed apply run (setup-run-audit.ts: recordRunWith). Resolving
   * false (kept for a later drain, e.g. Sync down) or rejecting is reported as
   * summaryRecorded: false, never fatal.
   */
  recordRun?: (event: SetupRunEvent, within: RecordWithin) => Promise<boolean | void>;
  /**
   * Appends audit events earlier invocations kept back because Sync failed; resolves how many
   * reached the list (setup-run-audit.ts: drainAuditWith). Called at the start of every invocation.
   */
  drainAudit?: (deadlineAt: number) => Promise<number>;
  /**
   * The main account's daily reconcile trigger (src/reconcile/): kept at the start of every run;
   * `spec` null deletes it (SETUP_RECONCILE=off). Absent: setup leaves it alone.
   */
  reconcileTrigger?: { mainAccountSid: string; spec: TriggerSpec | null };
  clock?: Clock;
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
  /**
   * Only this subaccount (already checked to be one of ours), e.g. right after its override
   * changed: the run is that one account, done in one invocation.
   */
  only?: AccountRecord;
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
  /**
   * Listing subaccounts, or reading the overrides, still failed after retries: the invocation
   * stopped early, no account was marked failed for it, and the cursor says where to go on.
   */
  error?: string;
  /** Set on the invocation that completes an apply run: whether the summary event was written. */
  summaryRecorded?: boolean;
  /** With drainAudit: events kept back by earlier invocations that this one appended. */
  auditDrained?: number;
  /** On a run's first invocation with reconcileTrigger: what its upkeep did (or would do). */
  reconcileTrigger?: { actions: TriggerAction[]; error?: string };
}
