// Setup for ONE subaccount: the call a reseller's sign-up flow makes right after it creates a
// subaccount, so the new account is protected within seconds instead of at the next setup run.
// The same reconcile as a full run (reconcile-account.ts): the rules with the account's override,
// its triggers made, its re-arms kept. Safe to repeat: an account already right costs one list.
import { AdminRequestError } from '../admin/admin-request-error';
import { ownSubaccount } from '../admin/own-subaccount';
import { OutOfTimeError } from '../retry/out-of-time';
import { rateLimitGate } from '../retry/rate-limit-gate';
import { withRetry } from '../retry/with-retry';
import { systemClock } from '../runtime/clock';
import type { AccountStatus } from '../twilio/gateway';
import { actionWrites, type TriggerAction } from './plan';
import { reconcileAccount, type SetupMode } from './reconcile-account';
import { syncOverrideStore } from './overrides';
import { SETUP_RETRY, type SetupDeps } from './setup-types';

export interface ProtectResult {
  accountSid: string;
  friendlyName: string;
  status: AccountStatus;
  mode: SetupMode;
  /** What was done (apply: also by an attempt a transient failure cut short) or would be done (plan). */
  actions: TriggerAction[];
  /** Trigger writes made on Twilio (0 in plan mode). */
  writes: number;
}

export interface ProtectDeps extends Pick<
  SetupDeps,
  'gateway' | 'rules' | 'domainName' | 'overrides' | 'clock' | 'random'
> {
  /** The subaccount must belong to it. */
  mainAccountSid: string;
  budgetMs: number;
}

export async function protectAccount(
  accountSid: string,
  mode: SetupMode,
  deps: ProtectDeps,
): Promise<ProtectResult> {
  const clock = deps.clock ?? systemClock;
  const deadline = clock.now() + deps.budgetMs;
  const gate = rateLimitGate({ clock, deadline, random: deps.random });
  const retry = { ...SETUP_RETRY, clock, deadlineAt: deadline, random: deps.random };
  const attempt = <T>(call: () => Promise<T>) => withRetry(() => gate.run(call), retry);
  try {
    const fetchAccount = (sid: string) => attempt(() => deps.gateway.fetchAccount(sid));
    const account = await ownSubaccount({ fetchAccount }, deps.mainAccountSid, accountSid);
    if (account.status === 'closed') {
      throw new AdminRequestError(409, 'closed', `${accountSid} is closed: nothing to protect`);
    }
    const reconcileDeps = {
      gateway: deps.gateway,
      gate,
      overrides: deps.overrides ?? syncOverrideStore(deps.gateway),
      rules: deps.rules,
      domainName: deps.domainName,
      clock,
    };
    const done: TriggerAction[] = [];
    // Reconciling again after a transient failure is safe: it lists and plans anew.
    const actions = await attempt(() =>
      reconcileAccount(account, mode, reconcileDeps, (action) => done.push(action)),
    );
    const writes = mode === 'apply' ? done.reduce((sum, a) => sum + actionWrites(a), 0) : 0;
    const { friendlyName, status } = account;
    return {
      accountSid,
      friendlyName,
      status,
      mode,
      actions: mode === 'apply' ? done : actions,
      writes,
    };
  } catch (error) {
    if (error instanceof OutOfTimeError) {
      const message = `${accountSid} could not be protected within ${deps.budgetMs} ms (Twilio kept answering 429): call again`;
      throw new AdminRequestError(503, 'busy', message);
    }
    throw error;
  }
}
