// The whole product in one process on one virtual clock, with no sockets: the emulator (Usage
// Triggers evaluated about once a minute, as Twilio does), the breaker instance its trigger
// callbacks reach in memory (startEmulator's deliverCallback), the reconcile Function's core, and
// the admin endpoints (setup, one-call protect, reactivate, coverage) behind the real admin shell.
// Every request is the one the deployed Functions would get: callbacks are signed by the emulator's
// signer, admin calls carry the admin's credentials. So a multi-day story costs no real time and
// gives the same result on any machine.
import twilio from 'twilio';
import type { CallbackResult, OutboundCallback } from '../../emulator/types';
import { ADMIN_ACCESS } from '../../src/admin/admin-access';
import { runAdminEndpoint, type AdminHandler } from '../../src/admin/admin-endpoint';
import { BREAKER_HTTP } from '../../src/breaker/breaker-function';
import { createBreaker, type Breaker } from '../../src/breaker/create-breaker';
import { loadConfig } from '../../src/config/load-config';
import { coverageEndpoint } from '../../src/ops/coverage-endpoint';
import type { CoverageAccount } from '../../src/ops/coverage';
import { reactivateEndpoint } from '../../src/ops/reactivate-endpoint';
import { signedContinuation } from '../../src/reconcile/continuation';
import { handleReconcile } from '../../src/reconcile/handle-reconcile';
import { reconcileDeps } from '../../src/reconcile/reconcile-function';
import { reconcileUrl } from '../../src/reconcile/reconcile-trigger';
import type { ResponseValue } from '../../src/runtime/response-value';
import type { RuntimeRequest } from '../../src/runtime/runtime-request';
import { SETUP_HTTP, setupEndpoint } from '../../src/setup/setup-endpoint';
import type { TwilioGateway } from '../../src/twilio/gateway';
import { startVirtualTwilio, type VirtualTwilio } from './virtual-twilio';

export const STACK_DOMAIN = 'breaker-test.twil.io';
const ADMIN = { username: 'ops', password: 'fake-admin-password-in-memory' };
const BASIC = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;
/** Virtual ms a continuation takes to reach the next invocation. */
const HOP_MS = 200;

export interface InMemoryStack {
  twilio: VirtualTwilio;
  breaker: Breaker;
  /** The main account's gateway, for the test's own reads. */
  gateway: TwilioGateway;
  env: Record<string, string>;
  /** Every console line the Functions printed. */
  lines: string[];
  /** Admin calls through the real shell, as the dashboard and the commands make them. */
  admin(path: string, method: 'GET' | 'POST', params?: Record<string, unknown>): Promise<Answer>;
  /** POST /setup until done (apply). */
  setup(): Promise<Answer[]>;
  /** POST /setup with accountSid: the one-call "protect this account". */
  protect(accountSid: string): Promise<Answer>;
  reactivate(accountSid: string, extra?: { headroom?: string }): Promise<Answer>;
  /** Every coverage page, concatenated. */
  coverage(): Promise<CoverageAccount[]>;
  /** The /reconcile answers so far, in order, with when each call started and ended (virtual). */
  reconciles: Array<Answer & { startedAt: number; endedAt: number }>;
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  // The JSON each endpoint answers, read loosely by tests.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

const answer = (response: ResponseValue): Answer => ({
  status: response.status,
  body: JSON.parse(response.body),
});

function signedRequest(url: string, params: Record<string, string>, token: string): RuntimeRequest {
  return {
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(token, url, params),
    },
    params,
  };
}

export interface StackOptions {
  start?: number;
  subaccounts?: number;
  maxSubaccounts?: number;
  /** Virtual ms the emulator adds to every Twilio request. */
  latencyMs?: number;
  env?: Record<string, string>;
}

export async function startInMemoryStack(options: StackOptions = {}): Promise<InMemoryStack> {
  let route: (cb: OutboundCallback) => Promise<CallbackResult> = () => {
    throw new Error('stack not ready');
  };
  const vt = await startVirtualTwilio({
    start: options.start,
    seed: { subaccounts: options.subaccounts ?? 0 },
    maxSubaccounts: options.maxSubaccounts,
    latencyMs: options.latencyMs,
    deliverCallback: (cb) => route(cb),
  });
  const { emulator, clock } = vt;
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  const env: Record<string, string> = {
    ACCOUNT_SID: emulator.mainAccount.sid,
    AUTH_TOKEN: emulator.mainAccount.authToken,
    DOMAIN_NAME: STACK_DOMAIN,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    ...options.env,
  };
  const breaker = createBreaker(loadConfig(env), {
    gateway: vt.gateway(BREAKER_HTTP.timeoutMs),
    clock,
    log,
    fetch: async () => ({ ok: true, status: 200 }),
    random: () => 0.5,
  });
  const reconciles: InMemoryStack['reconciles'] = [];
  const reconcileCall = async (request: RuntimeRequest) => {
    const startedAt = clock.now();
    const response = await handleReconcile(request, reconcile);
    reconciles.push({ ...answer(response), startedAt, endedAt: clock.now() });
    return response;
  };
  const main = { accountSid: env.ACCOUNT_SID, authToken: env.AUTH_TOKEN };
  const reconcile = reconcileDeps({
    env,
    gateway: vt.gateway(SETUP_HTTP.timeoutMs),
    clock,
    log,
    // The next step reaches a new invocation a moment later; this one does not wait for it.
    continueWith: async (runId, step) => {
      const next = signedContinuation(reconcileUrl(STACK_DOMAIN), main, runId, step);
      void clock
        .sleep(HOP_MS)
        .then(() => reconcileCall(signedRequest(next.url, next.params, main.authToken)));
      return 'sent';
    },
  });

  route = async (cb) => {
    const signature = twilio.getExpectedTwilioSignature(cb.signingToken, cb.url, cb.params);
    const request = signedRequest(cb.url, cb.params, cb.signingToken);
    const path = new URL(cb.url).pathname;
    let response: ResponseValue;
    if (path === '/breaker') response = await breaker.handle(request);
    else if (path === '/reconcile') response = await reconcileCall(request);
    else response = { status: 404, headers: {}, body: '{}' };
    return { url: cb.url, status: response.status, signature, params: cb.params };
  };

  const call =
    (handler: AdminHandler, access: keyof typeof ADMIN_ACCESS) =>
    async (path: string, method: 'GET' | 'POST', params: Record<string, unknown> = {}) => {
      const headers: Record<string, string> = { authorization: BASIC };
      if (method === 'POST') headers['content-type'] = 'application/json';
      const request: RuntimeRequest = {
        method,
        url: `https://${STACK_DOMAIN}${path}`,
        headers,
        params,
      };
      const deps = { env, gateway: () => vt.gateway(SETUP_HTTP.timeoutMs * 2), clock, log };
      return answer(await runAdminEndpoint(request, deps, handler, ADMIN_ACCESS[access]));
    };
  const endpoints = {
    '/setup': call(setupEndpoint({ clock }), 'setup'),
    '/admin-reactivate': call(
      reactivateEndpoint({ fetch: async () => ({ ok: true, status: 200 }) }),
      'reactivate',
    ),
    '/admin-coverage': call(coverageEndpoint(), 'coverage'),
  } as const;
  const admin: InMemoryStack['admin'] = (path, method, params) => {
    const endpoint = endpoints[path as keyof typeof endpoints];
    if (!endpoint) throw new Error(`no admin endpoint ${path} in the stack`);
    return endpoint(path, method, params);
  };

  return {
    twilio: vt,
    breaker,
    gateway: vt.gateway(30_000),
    env,
    lines,
    admin,
    reconciles,
    async setup() {
      const answers: Answer[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 500; i += 1) {
        const result = await admin('/setup', 'POST', {
          mode: 'apply',
          ...(cursor ? { cursor } : {}),
        });
        answers.push(result);
        if (result.status !== 200)
          throw new Error(`setup answered ${result.status}: ${result.body.message}`);
        if (result.body.done) return answers;
        cursor = result.body.cursor;
      }
      throw new Error('setup did not finish');
    },
    protect: (accountSid) => admin('/setup', 'POST', { accountSid }),
    reactivate: (accountSid, extra = {}) =>
      admin('/admin-reactivate', 'POST', {
        accountSid,
        operator: 'Dana (on call)',
        reason: 'customer says the leak is fixed',
        ...extra,
      }),
    async coverage() {
      const accounts: CoverageAccount[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 500; i += 1) {
        const page = await admin('/admin-coverage', 'GET', cursor ? { cursor } : {});
        if (page.status !== 200)
          throw new Error(`coverage answered ${page.status}: ${page.body.message}`);
        accounts.push(...page.body.accounts);
        cursor = page.body.nextCursor;
        if (!cursor) return accounts;
      }
      throw new Error('coverage did not finish');
    },
    close: () => vt.close(),
  };
}
