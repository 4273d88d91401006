// Everything the breaker Function does between the runtime and the core, kept out of
// functions/breaker.ts so that file stays a shell: load the config, build (once per warm instance)
// the gateway and the breaker, adapt the request.
import { ConfigError, loadConfig, type BreakerConfig } from '../config/load-config';
import { jsonResponse, type ResponseValue } from '../runtime/response-value';
import { runtimeTwilioClient, type FunctionContext } from '../runtime/function-context';
import { toRuntimeRequest, type FunctionEventLike } from '../runtime/runtime-request';
import { createTwilioGateway } from '../twilio/gateway';
import { describeError } from '../twilio/twilio-errors';
import { BREAKER_QUERY_KEYS } from './delivery/callback-url';
import { createBreaker, type Breaker } from './create-breaker';

// The breaker retries Twilio calls itself, within its deadlines; a stuck request must give up well
// before the 10 s Functions limit.
export const BREAKER_HTTP = { autoRetry: false, maxRetries: 0, timeoutMs: 2000 };

let instance: { fingerprint: string; breaker: Breaker } | undefined;

function breakerFor(context: FunctionContext, config: BreakerConfig): Breaker {
  // A changed environment (a redeploy can keep an instance warm) gets a fresh breaker.
  const fingerprint = JSON.stringify([config, context.TWILIO_API_EMULATOR_URL ?? '']);
  if (instance?.fingerprint !== fingerprint) {
    const client = runtimeTwilioClient(context, BREAKER_HTTP);
    const gateway = createTwilioGateway({ client, syncServiceSid: config.syncServiceSid });
    instance = { fingerprint, breaker: createBreaker(config, { gateway }) };
  }
  return instance.breaker;
}

/** Never throws: whatever goes wrong is a 500 (so Twilio retries) and a log line without secrets. */
export async function breakerFunction(
  context: FunctionContext,
  event: FunctionEventLike,
): Promise<ResponseValue> {
  try {
    const config = loadConfig(context);
    const request = toRuntimeRequest(context, event, BREAKER_QUERY_KEYS);
    return await breakerFor(context, config).handle(request);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(JSON.stringify({ breaker: 'config-error', message: error.message }));
      return jsonResponse(500, { error: 'misconfigured', message: 'see the Function logs' });
    }
    console.error(JSON.stringify({ breaker: 'error', error: describeError(error) }));
    return jsonResponse(500, { error: 'internal', message: 'the breaker failed; retry' });
  }
}
