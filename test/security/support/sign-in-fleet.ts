// Several warm instances of the admin Functions (each with its own sign-in memory, as deployed)
// over the emulator's Sync, on one virtual clock (test/support/virtual-twilio.ts): for guessing
// attacks whose numbers must not depend on machine speed. Counts the passwords actually compared
// (a spy on the one comparison), the lock alerts sent, and what reached the audit list.
import { runAdminEndpoint, type AdminHandler } from '../../../src/admin/admin-endpoint';
import { sameCredentials } from '../../../src/admin/password-check';
import { sessionEndpoint } from '../../../src/admin/session-endpoint';
import { createSignInLimits, type SignInLimits } from '../../../src/admin/sign-in-limits';
import type { AuditEvent } from '../../../src/audit/audit-event';
import { AUDIT_LIST, LIMITS_MAP, SIGN_IN_ATTEMPTS_MAP } from '../../../src/audit/sync-names';
import { jsonResponse, type ResponseValue } from '../../../src/runtime/response-value';
import { request } from '../../admin/support/admin-harness';
import { startVirtualTwilio, type VirtualTwilio } from '../../support/virtual-twilio';

export interface SignInFleet {
  twilio: VirtualTwilio;
  /** POST /admin-session on instance `i`, with these headers (e.g. an API token). */
  signIn(
    params: Record<string, unknown>,
    i?: number,
    headers?: Record<string, string>,
  ): Promise<ResponseValue>;
  /** GET /admin-events (scope read) on instance `i` with this Authorization header. */
  read(authorization: string, i?: number): Promise<ResponseValue>;
  /** Passwords compared so far. */
  checks(): number;
  /** Lock alerts sent. */
  alerts: string[];
  audit(): Promise<AuditEvent[]>;
  close(): Promise<void>;
}

const reached: AdminHandler = async () => jsonResponse(200, { reached: true });

export async function startSignInFleet(
  size: number,
  env: Record<string, unknown>,
): Promise<SignInFleet> {
  const twilio = await startVirtualTwilio();
  const reader = twilio.gateway(30_000);
  // Sync objects exist already (a service's very first write creates them, once).
  for (const map of [SIGN_IN_ATTEMPTS_MAP, LIMITS_MAP])
    await reader.createMapItem(map, 'warm-up', {});
  await reader.appendListItem(AUDIT_LIST, { id: 'warm-up' });
  const compared = jest.fn(sameCredentials);
  const alerts: string[] = [];
  const instances = Array.from({ length: size }, () => ({
    signIn: createSignInLimits(compared) as SignInLimits,
    session: sessionEndpoint(),
  }));
  const deps = (i: number) => ({
    env,
    gateway: () => twilio.gateway(3000),
    clock: twilio.clock,
    log: () => undefined,
    signIn: instances[i].signIn,
    notifier: () => ({
      notify: async () => ({}),
      notifyText: async (text: string) => {
        alerts.push(text);
        return { 'sms:***0001': 'sent' as const };
      },
    }),
  });
  return {
    twilio,
    signIn: (params, i = 0, headers = {}) =>
      runAdminEndpoint(
        request('/admin-session', { method: 'POST', params, headers }),
        deps(i),
        instances[i].session,
        'sign-in',
      ),
    read: (authorization, i = 0) =>
      runAdminEndpoint(request('/admin-events', { authorization }), deps(i), reached, 'read'),
    checks: () => compared.mock.calls.length,
    alerts,
    audit: async () => {
      const items = await reader.listListItems<AuditEvent>(AUDIT_LIST, {
        pageSize: 100,
        order: 'asc',
      });
      return items.map((i) => i.data).filter((e) => e.action === 'sign-in');
    },
    close: async () => {
      await twilio.close();
    },
  };
}
