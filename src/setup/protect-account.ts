// Setup for ONE subaccount: the call a reseller's sign-up flow makes right after it creates a
// subaccount (so the new account is protected within seconds instead of at the next setup run), and
// the dashboard's "Run setup for this account" after an override changed. It is the runner itself
// (run-setup.ts) given one account: the rules with the account's override, its triggers made, its
// re-arms kept, the adaptive limit, the run's summary in the audit trail. Safe to repeat: an account
// already right costs one trigger listing.
import { ownSubaccount } from '../admin/own-subaccount';
import { AdminRequestError } from '../admin/admin-request-error';
import { withRetry } from '../retry/with-retry';
import { systemClock } from '../runtime/clock';
import type { AccountStatus } from '../twilio/gateway';
import type { TriggerAction } from './plan';
import type { SetupMode } from './reconcile-account';
import { runSetup } from './run-setup';
import { SETUP_RETRY, type SetupDeps, type SetupOptions } from './setup-types';

export interface ProtectResult {
  accountSid: string;
  friendlyName: string;
  status: AccountStatus;
  mode: SetupMode;
  /** What was done (apply) or would be done (plan). */
  actions: TriggerAction[];
  /** Trigger writes made on Twilio (0 in plan mode). */
  writes: number;
  /** The run's id, as in its `setup-run` audit event. */
  runId: string;
  /** Apply mode: whether that audit event was written (false: kept for a later drain). */
  summaryRecorded?: boolean;
}

export interface ProtectDeps extends SetupDeps {
  /** The subaccount must belong to it. */
  mainAccountSid: string;
}

export async function protectAccount(
  accountSid: string,
  run: Pick<SetupOptions, 'mode' | 'budgetMs' | 'concurrency'>,
  deps: ProtectDeps,
): Promise<ProtectResult> {
  const clock = deps.clock ?? systemClock;
  const retry = { ...SETUP_RETRY, clock, deadlineAt: clock.now() + 2000, random: deps.random };
  const fetchAccount = (sid: string) => withRetry(() => deps.gateway.fetchAccount(sid), retry);
  const account = await ownSubaccount({ fetchAccount }, deps.mainAccountSid, accountSid);
  if (account.status === 'closed') {
    throw new AdminRequestError(409, 'closed', `${accountSid} is closed: nothing to protect`);
  }
  const result = await runSetup({ ...deps, mainAccountSid: null }, { ...run, only: account });
  if (!result.done) {
    const message = `${accountSid} could not be protected within the time budget (Twilio kept answering 429): call again`;
    throw new AdminRequestError(503, 'busy', message, { 'Retry-After': '5' });
  }
  const failure = result.failures.find((f) => f.accountSid === accountSid);
  if (failure) {
    throw new AdminRequestError(502, 'twilio-failed', `${accountSid}: ${failure.error}`);
  }
  const change = result.changes.find((c) => c.accountSid === accountSid);
  return {
    accountSid,
    friendlyName: account.friendlyName,
    status: account.status,
    mode: run.mode,
    actions: change?.actions ?? [],
    writes: result.totals.writes,
    runId: result.runId,
    ...(result.summaryRecorded === undefined ? {} : { summaryRecorded: result.summaryRecorded }),
  };
}
