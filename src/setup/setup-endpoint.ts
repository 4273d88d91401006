// POST /setup, the core: one invocation of the resumable runner, behind the shared admin shell
// (src/admin/admin-endpoint.ts: credentials, cross-origin refusal, no-store, error answers).
import type { AdminHandler } from '../admin/admin-endpoint';
import { AdminRequestError, badRequest } from '../admin/admin-request-error';
import { ConfigError } from '../config/load-config';
import { jsonResponse } from '../runtime/response-value';
import type { TwilioGateway } from '../twilio/gateway';
import type { Clock } from '../runtime/clock';
import { runSetup, SETUP_REQUEST_TIMEOUT_MS, type SetupDeps } from './run-setup';
import { CursorError } from './setup-cursor';
import { protectAccount } from './protect-account';
import { reconcileTriggerSpec } from '../reconcile/reconcile-trigger';
import { isAccountSid } from '../twilio/sids';
import { loadSetupConfig } from './setup-env';

// Setup waits out 429s itself, within its time budget (src/retry/adaptive-limit.ts). A request that
// hangs must give up soon enough that one started just before the budget ends still answers well
// inside Functions' 10 s, cold start included (run-setup.ts, SETUP_REQUEST_TIMEOUT_MS).
export const SETUP_HTTP = { autoRetry: false, maxRetries: 0, timeoutMs: SETUP_REQUEST_TIMEOUT_MS };

export interface SetupEndpointOptions {
  /**
   * The audit side of an invocation, over the given (already built) gateway: recordRun appends
   * the summary of a completed apply run, drainAudit the events earlier invocations kept back.
   */
  audit?: (gateway: TwilioGateway) => Pick<SetupDeps, 'recordRun' | 'drainAudit'>;
  /** The runner's clock (time budget, backoff); the system clock unless given. */
  clock?: Clock;
}

interface SetupParams {
  mode: 'plan' | 'apply';
  cursor: string | null;
  budgetMs: number | null;
  /** Setup for this one subaccount only ("protect this account"). */
  accountSid: string | null;
}

function accountSidOf(params: Record<string, unknown>): string | null {
  const value = params.accountSid;
  if (value === undefined || value === null || value === '') return null;
  if (!isAccountSid(value)) {
    throw badRequest('accountSid must be a subaccount SID: AC followed by 32 hex digits');
  }
  return value;
}

function parseParams(params: Record<string, unknown>): SetupParams {
  const accountSid = accountSidOf(params);
  // One account: protecting it is the point of the call, so apply unless told to plan.
  const mode = params.mode ?? (accountSid ? 'apply' : 'plan');
  if (mode !== 'plan' && mode !== 'apply') throw badRequest('mode must be "plan" or "apply"');
  if (accountSid && params.cursor) {
    throw badRequest('accountSid sets up one account in one call: leave cursor out');
  }
  const cursor = params.cursor ?? null;
  if (cursor !== null && (typeof cursor !== 'string' || cursor.length > 8000)) {
    throw badRequest('cursor must be the string a previous call returned');
  }
  let budgetMs: number | null = null;
  if (params.budgetMs !== undefined && params.budgetMs !== null && params.budgetMs !== '') {
    budgetMs = Number(params.budgetMs);
    if (!Number.isInteger(budgetMs) || budgetMs < 500) {
      throw badRequest('budgetMs must be a whole number of milliseconds, at least 500');
    }
  }
  return { mode, cursor: cursor || null, budgetMs, accountSid };
}

export function setupEndpoint(options: SetupEndpointOptions = {}): AdminHandler {
  return async (request, services) => {
    if (request.method !== 'POST') {
      const message =
        'POST mode=plan|apply, cursor (from the previous answer) and budgetMs; or accountSid for one subaccount';
      throw new AdminRequestError(405, 'method-not-allowed', message, { Allow: 'POST' });
    }
    const params = parseParams(request.params);
    const config = loadSetupConfig(services.env);
    const domainName = services.env.DOMAIN_NAME;
    if (typeof domainName !== 'string' || !domainName) {
      throw new ConfigError([{ variable: 'DOMAIN_NAME', problem: 'is not set (Twilio sets it)' }]);
    }
    const main = config.includeMainAccount ? services.env.ACCOUNT_SID : null;
    const gateway = services.gateway();
    const budgetMs = Math.min(params.budgetMs ?? config.budgetMs, config.budgetMs);
    if (params.accountSid) {
      const mainAccountSid = services.env.ACCOUNT_SID;
      if (!isAccountSid(mainAccountSid)) {
        const problem = 'must be the main account SID (Twilio sets it)';
        throw new ConfigError([{ variable: 'ACCOUNT_SID', problem }]);
      }
      const result = await protectAccount(
        params.accountSid,
        { mode: params.mode, budgetMs, concurrency: config.concurrency },
        {
          gateway,
          rules: config.rules,
          domainName,
          mainAccountSid,
          ...options.audit?.(gateway),
          clock: options.clock,
        },
      );
      const { accountSid, mode, writes } = result;
      const by = services.username;
      services.log(JSON.stringify({ breaker: 'setup-account', by, accountSid, mode, writes }));
      return jsonResponse(200, { ...result, rules: config.rules });
    }
    const mainSid = services.env.ACCOUNT_SID;
    const reconcileTrigger = isAccountSid(mainSid)
      ? {
          mainAccountSid: mainSid,
          spec: config.reconcileValue
            ? reconcileTriggerSpec(domainName, config.reconcileValue)
            : null,
        }
      : undefined;
    try {
      const result = await runSetup(
        {
          gateway,
          rules: config.rules,
          domainName,
          mainAccountSid: typeof main === 'string' ? main : null,
          reconcileTrigger,
          ...options.audit?.(gateway),
          clock: options.clock,
        },
        {
          mode: params.mode,
          cursor: params.cursor,
          budgetMs,
          concurrency: config.concurrency,
          pageSize: config.pageSize,
        },
      );
      const { runId, mode, done, invocation, totals, error } = result;
      const by = services.username;
      const line = { breaker: 'setup', by, runId, mode, done, invocation, totals, error };
      services.log(JSON.stringify(line));
      return jsonResponse(200, { ...result, rules: config.rules });
    } catch (error) {
      if (error instanceof CursorError) throw badRequest(error.message);
      throw error;
    }
  };
}
