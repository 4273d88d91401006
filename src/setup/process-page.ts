// Reconciles the accounts of one page, `limit` at a time, and reports how many at its start are
// done: the cursor advances over that prefix only. Accounts after the first unfinished one may have
// been done too; they are redone next time, at the cost of one list call each and no writes.
import type pLimit from 'p-limit';
import type { AccountRecord } from '../twilio/gateway';
import { redactSecrets, rethrowUnlessTwilio } from '../twilio/twilio-errors';
import { actionWrites, type TriggerAction } from './plan';
import type { Clock } from '../runtime/clock';
import { OutOfTimeError } from '../retry/out-of-time';
import { withRetry } from '../retry/with-retry';
import { SETUP_RETRY } from './setup-types';
import { reconcileAccount, type ReconcileDeps, type SetupMode } from './reconcile-account';
import type { SetupFailure, SetupTotals } from './setup-cursor';

export interface AccountChange {
  accountSid: string;
  friendlyName: string;
  actions: TriggerAction[];
}

export interface PageContext {
  mode: SetupMode;
  clock: Clock;
  /** No account starts at or after this instant. */
  startDeadline: number;
  limit: ReturnType<typeof pLimit>;
  reconcileDeps: ReconcileDeps;
  /** 0 ≤ random() < 1 for the retries' jitter; injectable so tests are deterministic. */
  random?: () => number;
}

export interface PageOutcome {
  /** Accounts at the start of the slice that are finished (reconciled, skipped or failed). */
  completed: number;
  totals: Partial<SetupTotals>;
  failures: SetupFailure[];
  changes: AccountChange[];
}

type AccountResult =
  | { state: 'deferred'; executed: TriggerAction[] }
  | { state: 'closed'; executed: TriggerAction[] }
  | { state: 'reconciled'; actions: TriggerAction[]; executed: TriggerAction[] }
  | { state: 'failed'; error: string; executed: TriggerAction[] };

async function processAccount(account: AccountRecord, ctx: PageContext): Promise<AccountResult> {
  const executed: TriggerAction[] = [];
  if (account.status === 'closed') return { state: 'closed', executed };
  try {
    // A transient failure (a 5xx, a timeout) is worth another try while the budget lasts: the
    // account is listed and planned anew, so what the first attempt wrote is not written again.
    const actions = await withRetry(
      () =>
        reconcileAccount(account, ctx.mode, ctx.reconcileDeps, (action) => executed.push(action)),
      { ...SETUP_RETRY, clock: ctx.clock, deadlineAt: ctx.startDeadline, random: ctx.random },
    );
    return { state: 'reconciled', actions, executed };
  } catch (error) {
    if (error instanceof OutOfTimeError) return { state: 'deferred', executed };
    rethrowUnlessTwilio(error);
    return { state: 'failed', error: redactSecrets(error.message).slice(0, 200), executed };
  }
}

function countActions(totals: Partial<SetupTotals>, actions: TriggerAction[], writes: boolean) {
  for (const action of actions) {
    totals[action.kind] = (totals[action.kind] ?? 0) + 1;
    if (writes) totals.writes = (totals.writes ?? 0) + actionWrites(action);
  }
}

export async function processPage(
  accounts: AccountRecord[],
  ctx: PageContext,
): Promise<PageOutcome> {
  let stopped = false;
  const results = await Promise.all(
    accounts.map((account) =>
      ctx.limit(async (): Promise<AccountResult> => {
        if (stopped || ctx.clock.now() >= ctx.startDeadline) {
          stopped = true;
          return { state: 'deferred', executed: [] };
        }
        return processAccount(account, ctx);
      }),
    ),
  );

  const firstUnfinished = results.findIndex((r) => r.state === 'deferred');
  const completed = firstUnfinished === -1 ? results.length : firstUnfinished;
  const outcome: PageOutcome = { completed, totals: {}, failures: [], changes: [] };
  const totals = outcome.totals;
  const apply = ctx.mode === 'apply';

  results.forEach((result, i) => {
    // Writes that happened are counted wherever they happened; they will not happen again.
    if (apply) countActions(totals, result.executed, true);
    if (i >= completed) return;
    const account = accounts[i];
    totals.seen = (totals.seen ?? 0) + 1;
    if (result.state === 'closed') totals.skippedClosed = (totals.skippedClosed ?? 0) + 1;
    if (result.state === 'failed') {
      totals.failed = (totals.failed ?? 0) + 1;
      outcome.failures.push({ accountSid: account.sid, error: result.error });
    }
    if (result.state === 'reconciled') {
      totals.reconciled = (totals.reconciled ?? 0) + 1;
      if (result.actions.length === 0) totals.unchanged = (totals.unchanged ?? 0) + 1;
      else {
        const { sid: accountSid, friendlyName } = account;
        outcome.changes.push({ accountSid, friendlyName, actions: result.actions });
      }
      if (!apply) countActions(totals, result.actions, false);
    }
  });
  return outcome;
}
