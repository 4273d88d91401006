// The shell every admin Function shares, so ONE path guards them all: adapt the invocation, load
// the admin auth settings (a bad one fails closed), authenticate the caller (authenticate.ts) and
// check the endpoint's scope (admin-access.ts), refuse cross-origin browser POSTs, build the Twilio
// gateways (only for a caller who got through), run the endpoint's core, and turn any failure into
// a JSON answer that says what to fix — never a secret. `Cache-Control: no-store` on every answer,
// refusals included, whatever the core set.
import { ConfigError } from '../config/load-config';
import { systemClock, type Clock } from '../runtime/clock';
import type { FunctionContext } from '../runtime/function-context';
import { publicOrigin } from '../runtime/public-origin';
import { jsonResponse, type ResponseValue } from '../runtime/response-value';
import {
  toRuntimeRequest,
  type FunctionEventLike,
  type RuntimeRequest,
} from '../runtime/runtime-request';
import type { TwilioGateway, VerifyGateway } from '../twilio/gateway';
import type { RetryOptions } from '../twilio/http-client';
import { redactSecrets, TwilioError } from '../twilio/twilio-errors';
import {
  ANONYMOUS,
  describeScope,
  type AdminAccess,
  type AdminPrincipal,
  type AdminScope,
} from './admin-access';
import { loadAdminAuthConfig, type AdminAuthConfig } from './admin-auth-config';
import { adminGateway, adminVerifyGateway } from './admin-gateway';
import { AdminRequestError } from './admin-request-error';
import { authenticate, FAILED_SIGN_IN_DELAY_MS } from './authenticate';

export interface AdminServices {
  /** The Function's context: its env variables plus DOMAIN_NAME and ACCOUNT_SID. */
  env: Record<string, unknown>;
  /** The admin username that signed in, or `token:<scope>` for an API token. */
  username: string;
  /** Who called, and with which scopes; ANONYMOUS on the sign-in endpoint. */
  principal: AdminPrincipal;
  /** The admin auth settings, already validated. */
  auth: AdminAuthConfig;
  /** Built on first use. */
  gateway(): TwilioGateway;
  /** Twilio Verify, built on first use (the sign-in endpoint's code step). */
  verify(): VerifyGateway;
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
  verify?: () => VerifyGateway;
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

function forbidden(principal: AdminPrincipal, needs: AdminScope): AdminRequestError {
  const may = principal.scopes.map(describeScope).join('; ');
  const message = `This credential (${principal.name}) may ${may}; this endpoint needs to ${describeScope(needs)}.`;
  return new AdminRequestError(403, 'forbidden', message);
}

const domainOf = (env: Record<string, unknown>) =>
  typeof env.DOMAIN_NAME === 'string' && env.DOMAIN_NAME ? env.DOMAIN_NAME : 'localhost';

const pathOf = (request: RuntimeRequest) => {
  try {
    return new URL(request.url).pathname;
  } catch {
    return '?';
  }
};

async function guarded(
  request: RuntimeRequest,
  deps: AdminEndpointDeps,
  handler: AdminHandler,
  access: AdminAccess,
  clock: Clock,
  log: (line: string) => void,
): Promise<ResponseValue> {
  const auth = loadAdminAuthConfig(deps.env);
  let principal = ANONYMOUS;
  if (access !== 'sign-in') {
    const authorization = request.headers.authorization;
    const result = await authenticate(authorization, auth, domainOf(deps.env), clock.now());
    if (!result.ok) {
      log(JSON.stringify({ breaker: 'admin-refused', path: pathOf(request), why: result.failure }));
      if (result.failure === 'wrong-password') await clock.sleep(FAILED_SIGN_IN_DELAY_MS);
      return result.response;
    }
    principal = result.principal;
    if (!principal.scopes.includes(access)) throw forbidden(principal, access);
  }
  if (crossOrigin(request, deps.env)) {
    throw new AdminRequestError(
      403,
      'cross-origin',
      "POST from another site's page refused: use the dashboard served by this service",
    );
  }
  let gateway: TwilioGateway | undefined;
  let verify: VerifyGateway | undefined;
  return handler(request, {
    env: deps.env,
    username: principal.name,
    principal,
    auth,
    gateway: () => (gateway ??= deps.gateway()),
    verify: () => {
      if (!deps.verify) throw new Error('no Verify gateway was given to this admin endpoint');
      return (verify ??= deps.verify());
    },
    clock,
    log,
  });
}

/**
 * Runs `handler` behind the admin checks. `access` is the scope the endpoint needs (see
 * ADMIN_ACCESS), 'admin' unless said otherwise; 'sign-in' only for the sign-in endpoint itself.
 */
export async function runAdminEndpoint(
  request: RuntimeRequest,
  deps: AdminEndpointDeps,
  handler: AdminHandler,
  access: AdminAccess = 'admin',
): Promise<ResponseValue> {
  const log = deps.log ?? ((line: string) => console.log(line));
  let response: ResponseValue;
  try {
    response = await guarded(request, deps, handler, access, deps.clock ?? systemClock, log);
  } catch (error) {
    response = failure(error, log);
  }
  return { ...response, headers: { ...response.headers, 'Cache-Control': 'no-store' } };
}

// Admin reads may wait out a 429 (twilio-node's backoff); a stuck request gives up well inside 10 s.
const HTTP: RetryOptions = { autoRetry: true, maxRetries: 3, timeoutMs: 3000 };

export interface AdminFunctionOptions {
  /** The scope the endpoint needs (ADMIN_ACCESS); 'admin' unless given. */
  access?: AdminAccess;
  /** How its Twilio client retries and times out. */
  http?: RetryOptions;
}

/** Everything a functions/admin-*.ts shell does besides writing the answer. */
export function adminFunction(
  context: FunctionContext,
  event: FunctionEventLike,
  handler: AdminHandler,
  options: AdminFunctionOptions = {},
): Promise<ResponseValue> {
  const request = toRuntimeRequest(context, event, []);
  const http = options.http ?? HTTP;
  return runAdminEndpoint(
    request,
    {
      env: context,
      gateway: () => adminGateway(context, http),
      verify: () => adminVerifyGateway(context),
    },
    handler,
    options.access,
  );
}
