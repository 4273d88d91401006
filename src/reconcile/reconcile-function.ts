// Everything functions/reconcile.ts does besides writing the answer: read the environment (the
// main account's credentials, setup's settings), build the gateway (no autoRetry: setup waits out
// 429s itself) and the audit side of a step, and continue a pass by calling itself.
import { ConfigError, loadConfig } from '../config/load-config';
import type { Clock } from '../runtime/clock';
import { systemClock } from '../runtime/clock';
import { runtimeTwilioClient, type FunctionContext } from '../runtime/function-context';
import { jsonResponse, type ResponseValue } from '../runtime/response-value';
import { toRuntimeRequest, type FunctionEventLike } from '../runtime/runtime-request';
import type { SetupDeps } from '../setup/run-setup';
import { SETUP_HTTP } from '../setup/setup-endpoint';
import { loadSetupConfig } from '../setup/setup-env';
import { instanceSetupAudit } from '../setup/setup-run-audit';
import { createTwilioGateway, type TwilioGateway } from '../twilio/gateway';
import { sendContinuation, signedContinuation } from './continuation';
import { handleReconcile, type ReconcileDeps } from './handle-reconcile';
import { reconcileTriggerSpec, reconcileUrl } from './reconcile-trigger';

/** One step's setup work: the rest of the 10 s is for Sync, the continuation and the answer. */
export const RECONCILE_STEP_MS = 6000;

export interface ReconcileWiring {
  env: Record<string, unknown>;
  gateway: TwilioGateway;
  clock: Clock;
  audit?: Pick<SetupDeps, 'recordRun' | 'drainAudit'>;
  /** How the next step is started; by default a signed POST to this Function's own URL. */
  continueWith?: ReconcileDeps['continueWith'];
  log?: (line: string) => void;
}

/** The reconcile's deps from the Function's environment (throws ConfigError on a bad one). */
export function reconcileDeps(wiring: ReconcileWiring): ReconcileDeps {
  const config = loadConfig(wiring.env);
  const setup = loadSetupConfig(wiring.env);
  const domainName = String(wiring.env.DOMAIN_NAME ?? 'localhost');
  const main = { accountSid: config.accountSid, authToken: config.authToken };
  return {
    gateway: wiring.gateway,
    clock: wiring.clock,
    main,
    setup: {
      rules: setup.rules,
      domainName,
      mainAccountSid: setup.includeMainAccount ? config.accountSid : null,
      reconcileTrigger: {
        mainAccountSid: config.accountSid,
        spec: setup.reconcileValue ? reconcileTriggerSpec(domainName, setup.reconcileValue) : null,
      },
      ...wiring.audit,
    },
    options: {
      budgetMs: Math.min(setup.budgetMs, RECONCILE_STEP_MS),
      concurrency: setup.concurrency,
      pageSize: setup.pageSize,
    },
    continueWith:
      wiring.continueWith ??
      ((runId, step) =>
        sendContinuation(signedContinuation(reconcileUrl(domainName), main, runId, step))),
    log: wiring.log ?? ((line) => console.log(line)),
  };
}

// Per warm instance, like setup's: a pass summary Sync refused waits here for the next step.
const audit = instanceSetupAudit();

export async function reconcileFunction(
  context: FunctionContext,
  event: FunctionEventLike,
): Promise<ResponseValue> {
  let deps: ReconcileDeps;
  try {
    const syncServiceSid = loadConfig(context).syncServiceSid;
    const client = runtimeTwilioClient(context, SETUP_HTTP);
    const gateway = createTwilioGateway({ client, syncServiceSid });
    deps = reconcileDeps({ env: context, gateway, clock: systemClock, audit: audit(gateway) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(JSON.stringify({ breaker: 'config-error', message: error.message }));
    return jsonResponse(500, { error: 'misconfigured', message: 'see the Function logs' });
  }
  return handleReconcile(toRuntimeRequest(context, event, []), deps);
}
