// The shell steps every admin Function shares: adapt the invocation, check the admin credentials,
// refuse cross-origin browser POSTs, build the Twilio gateway (only once the caller is signed in),
// run the endpoint's core, and turn any failure into a JSON answer that says what to fix — never a
// secret. `Cache-Control: no-store` on every answer, whatever the core set.
import { ConfigError } from '../config/load-config';
import { systemClock, type Clock } from '../runtime/clock';
import { publicOrigin } from '../runtime/public-origin';
import { jsonResponse, type ResponseValue } from '../runtime/response-value';
import {
  toRuntimeRequest,
  type FunctionEventLike,
  type RuntimeRequest,
} from '../runtime/runtime-request';
import type { TwilioGateway } from '../twilio/gateway';
import { redactSecrets, TwilioError } from '../twilio/twilio-errors';
import { checkAdminAuth, loadAdminCredentials } from './admin-auth';
import { adminGateway, type AdminContext } from './admin-gateway';
import { AdminRequestError } from './admin-request-error';

export interface AdminServices {
  /** The Function's context: its env variables plus DOMAIN_NAME and ACCOUNT_SID. */
  env: Record<string, unknown>;
  /** The admin username that signed in. */
  username: string;
  /** Built on first use. */
  gateway(): TwilioGateway;
  clock: Clock;
  /** One JSON line (console.log in Functions); never a secret. */
  log(line: string): void;
}

export type AdminHandler = (
  request: RuntimeRequest,
  services: AdminServices,
) => Promise<ResponseValue>;

export interface AdminEndpointDeps {
  env: Record<string, unknown>;
  gateway: () => TwilioGateway;
  clock?: Clock;
  log?: (line: string) => void;
}

/**
 * A browser sends Origin with every POST. Basic credentials a browser remembered (from its own
 * sign-in prompt) would ride along on a form POST from any other site, so such a POST must come from
 * this service's own pages. Clients without an Origin (the command line, curl) are not browsers.
 */
function crossOrigin(request: RuntimeRequest, env: Record<string, unknown>): boolean {
  const origin = request.headers.origin;
  if (request.method !== 'POST' || origin === undefined) return false;
  const domain = typeof env.DOMAIN_NAME === 'string' ? env.DOMAIN_NAME : 'localhost';
  return origin !== publicOrigin(domain, request.headers.host);
}

function failure(error: unknown, log: (line: string) => void): ResponseValue {
  if (error instanceof AdminRequestError) return error.toResponse();
  if (error instanceof ConfigError) {
    return jsonResponse(500, { error: 'misconfigured', message: error.message });
  }
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  log(JSON.stringify({ breaker: 'admin-error', message }));
  if (error instanceof TwilioError) {
    return jsonResponse(502, { error: 'twilio-error', message: `${message} Retry shortly.` });
  }
  return jsonResponse(500, {
    error: 'internal',
    message: 'The admin endpoint failed; see the Function logs.',
  });
}

export async function runAdminEndpoint(
  request: RuntimeRequest,
  deps: AdminEndpointDeps,
  handler: AdminHandler,
): Promise<ResponseValue> {
  const log = deps.log ?? ((line: string) => console.log(line));
  let response: ResponseValue;
  try {
    const auth = checkAdminAuth(request.headers.authorization, loadAdminCredentials(deps.env));
    if (!auth.ok) return auth.response;
    if (crossOrigin(request, deps.env)) {
      throw new AdminRequestError(
        403,
        'cross-origin',
        "POST from another site's page refused: use the dashboard served by this service",
      );
    }
    let gateway: TwilioGateway | undefined;
    response = await handler(request, {
      env: deps.env,
      username: auth.username,
      gateway: () => (gateway ??= deps.gateway()),
      clock: deps.clock ?? systemClock,
      log,
    });
  } catch (error) {
    response = failure(error, log);
  }
  return { ...response, headers: { ...response.headers, 'Cache-Control': 'no-store' } };
}

// Admin reads may wait out a 429 (twilio-node's backoff); a stuck request gives up well inside 10 s.
const HTTP = { autoRetry: true, maxRetries: 3, timeoutMs: 3000 };

/** Everything a functions/admin-*.ts shell does besides writing the answer. */
export function adminFunction(
  context: AdminContext,
  event: FunctionEventLike,
  handler: AdminHandler,
): Promise<ResponseValue> {
  const request = toRuntimeRequest(context, event, []);
  return runAdminEndpoint(
    request,
    { env: context, gateway: () => adminGateway(context, HTTP) },
    handler,
  );
}
