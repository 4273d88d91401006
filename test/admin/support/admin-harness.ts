// What the admin unit tests share: an environment with every admin secret (obviously fake), a
// virtual clock, and deps for runAdminEndpoint whose gateway records audit appends and keeps the
// sign-in's attempt slots in a fake Sync map (unless the test gives its own gateway).
import { createSecretKey } from 'node:crypto';
import type { AdminEndpointDeps } from '../../../src/admin/admin-endpoint';
import {
  credentialFingerprint,
  issueToken,
  type TokenKind,
} from '../../../src/admin/session-token';
import { createSignInLimits } from '../../../src/admin/sign-in-limits';
import type { AuditEvent } from '../../../src/audit/audit-event';
import type { Clock } from '../../../src/runtime/clock';
import type { RuntimeRequest } from '../../../src/runtime/runtime-request';
import { createVirtualClock } from '../../../src/runtime/virtual-clock';
import type { TwilioGateway, VerifyGateway } from '../../../src/twilio/gateway';
import { fakeSyncMap } from './fake-sync-map';

export const DOMAIN = 'breaker-1234-dev.twil.io';
export const PASSWORD = 'fake-admin-password-unit';
export const SESSION_SECRET = 'fake-session-secret-unit-0123456789abcdef';
export const SETUP_TOKEN = 'fake-setup-token-unit-0123456789abcdefgh';
export const READ_TOKEN = 'fake-read-token-unit-0123456789abcdefghi';
export const ADMIN_PHONE = '+15550001234';
export const VERIFY_SID = 'VA' + 'c'.repeat(32);

export const PASSWORD_ONLY_ENV = {
  ADMIN_USERNAME: 'ops',
  ADMIN_PASSWORD: PASSWORD,
  DOMAIN_NAME: DOMAIN,
};

export const TWO_FACTOR_ENV = {
  ...PASSWORD_ONLY_ENV,
  SESSION_SECRET,
  VERIFY_SERVICE_SID: VERIFY_SID,
  ADMIN_PHONE,
  ADMIN_TOKEN_SETUP: SETUP_TOKEN,
  ADMIN_TOKEN_READ: READ_TOKEN,
};

export const NOW = Date.UTC(2025, 2, 1, 12);

/**
 * Virtual time (src/runtime/virtual-clock.ts), recording the sleeps made without a signal: the
 * sign-in delay. A sleep with a signal is a deadline race (settleBy), which the in-memory fakes win.
 */
export function virtualClock(start = NOW) {
  const clock = createVirtualClock({ start });
  const slept: number[] = [];
  const sleep: Clock['sleep'] = (ms, signal) => {
    if (!signal) slept.push(ms);
    return clock.sleep(ms, signal);
  };
  return { ...clock, sleep, slept };
}

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** A token signed with the env's secret, as the sign-in endpoint would have issued it. */
export async function signedToken(
  kind: TokenKind,
  options: { amr?: string[]; issuedAt?: number; ttlSeconds?: number; password?: string } = {},
): Promise<string> {
  const signer = {
    key: createSecretKey(Buffer.from(SESSION_SECRET)),
    secret: SESSION_SECRET,
    domain: DOMAIN,
  };
  const cv = credentialFingerprint(SESSION_SECRET, {
    username: 'ops',
    password: options.password ?? PASSWORD,
  });
  const { token } = await issueToken(
    signer,
    kind,
    { sub: 'ops', amr: options.amr ?? ['pwd', 'otp'], cv },
    options.ttlSeconds ?? 3600,
    options.issuedAt ?? NOW,
  );
  return token;
}

/** One character of the signature changed. */
export function tamper(token: string): string {
  const last = token.at(-2) === 'A' ? 'B' : 'A';
  return `${token.slice(0, -2)}${last}${token.at(-1)}`;
}

export function request(
  path: string,
  options: {
    method?: 'GET' | 'POST';
    authorization?: string;
    params?: Record<string, unknown>;
    headers?: Record<string, string>;
  } = {},
): RuntimeRequest {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { ...options.headers };
  if (method === 'POST') headers['content-type'] = 'application/json';
  if (options.authorization) headers.authorization = options.authorization;
  return { method, url: `https://${DOMAIN}${path}`, headers, params: options.params ?? {} };
}

export function adminDeps(
  env: Record<string, unknown>,
  options: {
    gateway?: TwilioGateway;
    verify?: VerifyGateway;
    clock?: ReturnType<typeof virtualClock>;
  } = {},
) {
  const audit: AuditEvent[] = [];
  const lines: string[] = [];
  let gatewaysBuilt = 0;
  const sync = fakeSyncMap();
  const base = options.gateway ?? (sync.gateway as TwilioGateway);
  const gateway: TwilioGateway = {
    ...base,
    appendListItem: async (_list: string, data: object) => {
      audit.push(data as AuditEvent);
      return audit.length - 1;
    },
  };
  const clock = options.clock ?? virtualClock();
  const deps: AdminEndpointDeps = {
    env,
    gateway: () => {
      gatewaysBuilt += 1;
      return gateway;
    },
    verify: options.verify ? () => options.verify! : undefined,
    clock,
    log: (line) => lines.push(line),
    // One Function instance's memory of sign-ins, for every call of the test.
    signIn: createSignInLimits(),
  };
  return { deps, audit, lines, clock, sync, gatewaysBuilt: () => gatewaysBuilt };
}

export const json = (response: { body: string }) => JSON.parse(response.body);
