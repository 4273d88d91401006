// Everything functions/reconcile.ts does besides writing the answer: read the environment (the
// main account's credentials, setup's settings), build the gateway (no autoRetry: setup waits out
// 429s itself) and the audit side of a step, and continue a pass by calling itself.
import { ConfigError, loadConfig } from '../config/load-config';
import { systemClock } from '../runtime/clock';
import { runtimeTwilioClient, type FunctionContext } from '../runtime/function-context';
import { jsonResponse, type ResponseValue } from '../runtime/response-value';
import { toRuntimeRequest, type FunctionEventLike } from '../runtime/runtime-request';
import { SETUP_HTTP } from '../setup/setup-endpoint';
import { loadSetupConfig } from '../setup/setup-env';
import { instanceSetupAudit } from '../setup/setup-run-audit';
import { createTwilioGateway } from '../twilio/gateway';
import { sendContinuation, signedContinuation } from './continuation';
import { handleReconcile } from './handle-reconcile';
import { reconcileTriggerSpec, reconcileUrl } from './reconcile-trigger';

/** One step's setup work: the rest of the 10 s is for Sync, the continuation and the answer. */
export const RECONCILE_STEP_MS = 6000;

// Per warm instance, like setup's: a pass summary Sync refused waits here for the next step.
const audit = instanceSetupAudit();

export async function reconcileFunction(
  context: FunctionContext,
  event: FunctionEventLike,
): Promise<ResponseValue> {
  let config;
  let setup;
  try {
    config = loadConfig(context);
    setup = loadSetupConfig(context);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(JSON.stringify({ breaker: 'config-error', message: error.message }));
    return jsonResponse(500, { error: 'misconfigured', message: 'see the Function logs' });
  }
  const domainName = String(context.DOMAIN_NAME ?? 'localhost');
  const main = { accountSid: config.accountSid, authToken: config.authToken };
  const client = runtimeTwilioClient(context, SETUP_HTTP);
  const gateway = createTwilioGateway({ client, syncServiceSid: config.syncServiceSid });
  const includeMain = setup.includeMainAccount ? config.accountSid : null;
  return handleReconcile(toRuntimeRequest(context, event, []), {
    gateway,
    clock: systemClock,
    main,
    setup: {
      rules: setup.rules,
      domainName,
      mainAccountSid: includeMain,
      reconcileTrigger: {
        mainAccountSid: config.accountSid,
        spec: setup.reconcileValue ? reconcileTriggerSpec(domainName, setup.reconcileValue) : null,
      },
      ...audit(gateway),
    },
    options: {
      budgetMs: Math.min(setup.budgetMs, RECONCILE_STEP_MS),
      concurrency: setup.concurrency,
      pageSize: setup.pageSize,
    },
    continueWith: (runId, step) =>
      sendContinuation(signedContinuation(reconcileUrl(domainName), main, runId, step)),
    log: (line) => console.log(line),
  });
}
