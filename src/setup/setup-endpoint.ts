// POST /setup, the core: admin check, then one invocation of the resumable runner. Everything it
// touches is passed in, so tests drive it with a fake gateway and no runtime.
import { checkAdminAuth, loadAdminCredentials } from '../admin/admin-auth';
import { ConfigError } from '../config/load-config';
import { jsonResponse, type ResponseValue } from '../runtime/response-value';
import type { RuntimeRequest } from '../runtime/runtime-request';
import type { TwilioGateway } from '../twilio/gateway';
import { redactSecrets } from '../twilio/twilio-errors';
import type { SetupClock } from './rate-limit-gate';
import { runSetup, type SetupDeps } from './run-setup';
import { CursorError } from './setup-cursor';
import { loadSetupConfig } from './setup-env';

export interface SetupEndpointDeps {
  /** The Function's context: its env variables plus DOMAIN_NAME and ACCOUNT_SID. */
  env: Record<string, unknown>;
  /** Built only once the caller is authenticated. */
  gateway: () => TwilioGateway;
  recordRun?: SetupDeps['recordRun'];
  clock?: SetupClock;
  /** One JSON line per invocation (console.log in Functions); never a secret. */
  log?: (line: string) => void;
}

const badRequest = (message: string) => jsonResponse(400, { error: 'bad-request', message });

function serverError(error: unknown): ResponseValue {
  if (error instanceof ConfigError) {
    return jsonResponse(500, { error: 'misconfigured', message: error.message });
  }
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  return jsonResponse(500, { error: 'setup-failed', message });
}

interface SetupParams {
  mode: 'plan' | 'apply';
  cursor: string | null;
  budgetMs: number | null;
}

function parseParams(params: Record<string, unknown>): SetupParams | string {
  const mode = params.mode ?? 'plan';
  if (mode !== 'plan' && mode !== 'apply') return 'mode must be "plan" or "apply"';
  const cursor = params.cursor ?? null;
  if (cursor !== null && (typeof cursor !== 'string' || cursor.length > 8000)) {
    return 'cursor must be the string a previous call returned';
  }
  let budgetMs: number | null = null;
  if (params.budgetMs !== undefined && params.budgetMs !== '') {
    budgetMs = Number(params.budgetMs);
    if (!Number.isInteger(budgetMs) || budgetMs < 500) {
      return 'budgetMs must be a whole number of milliseconds, at least 500';
    }
  }
  return { mode, cursor: cursor || null, budgetMs };
}

export async function setupEndpoint(
  request: RuntimeRequest,
  deps: SetupEndpointDeps,
): Promise<ResponseValue> {
  try {
    const auth = checkAdminAuth(request.headers.authorization, loadAdminCredentials(deps.env));
    if (!auth.ok) return auth.response;
    if (request.method !== 'POST') {
      const message = 'POST mode=plan|apply, cursor (from the previous answer) and budgetMs';
      return jsonResponse(405, { error: 'method-not-allowed', message }, { Allow: 'POST' });
    }
    const params = parseParams(request.params);
    if (typeof params === 'string') return badRequest(params);
    const config = loadSetupConfig(deps.env);
    const domainName = deps.env.DOMAIN_NAME;
    if (typeof domainName !== 'string' || !domainName) {
      throw new ConfigError([{ variable: 'DOMAIN_NAME', problem: 'is not set (Twilio sets it)' }]);
    }
    const main = config.includeMainAccount ? deps.env.ACCOUNT_SID : null;
    const result = await runSetup(
      {
        gateway: deps.gateway(),
        rules: config.rules,
        domainName,
        mainAccountSid: typeof main === 'string' ? main : null,
        recordRun: deps.recordRun,
        clock: deps.clock,
      },
      {
        mode: params.mode,
        cursor: params.cursor,
        budgetMs: Math.min(params.budgetMs ?? config.budgetMs, config.budgetMs),
        concurrency: config.concurrency,
        pageSize: config.pageSize,
      },
    );
    const { runId, mode, done, invocation, totals } = result;
    deps.log?.(
      JSON.stringify({
        breaker: 'setup',
        by: auth.username,
        runId,
        mode,
        done,
        invocation,
        totals,
      }),
    );
    return jsonResponse(200, { ...result, rules: config.rules });
  } catch (error) {
    if (error instanceof CursorError) return badRequest(error.message);
    return serverError(error);
  }
}
