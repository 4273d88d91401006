// Several warm breaker instances (the real core, gateway and twilio-node) on one virtual clock with
// the emulator (test/support/virtual-twilio.ts), for attacks that need numbers that do not depend on
// machine speed. The emulator's trigger callbacks are delivered, signed as Twilio signs them, to
// instance 0; the attacker's own requests go to whichever instance the test picks. Alerts are
// counted per account: SMS in the emulator, webhook posts captured.
import type { CallbackResult, OutboundCallback } from '../../../emulator/types';
import type { AuditEvent } from '../../../src/audit/audit-event';
import { AUDIT_LIST } from '../../../src/audit/sync-names';
import { BREAKER_HTTP } from '../../../src/breaker/breaker-function';
import { createBreaker, type Breaker } from '../../../src/breaker/create-breaker';
import type { Tier } from '../../../src/domain/tier';
import type { RuntimeRequest } from '../../../src/runtime/runtime-request';
import { BASE_URL, baseConfig } from '../../breaker/support/deliveries';
import { registerBreakerTrigger } from '../../support/breaker-trigger';
import { signTwilioRequest } from '../../support/twilio-signer';
import { startVirtualTwilio, type VirtualTwilio } from '../../support/virtual-twilio';

export const DASHBOARD = `${BASE_URL}/index.html`;

export interface Fleet {
  twilio: VirtualTwilio;
  instances: Breaker[];
  /** SMS and webhook alerts that name `accountSid`. */
  alerts(accountSid: string): { sms: string[]; webhook: string[] };
  /** Registers a trigger as setup would; answers its SID. */
  register(accountSid: string, tier: Tier, value: number): Promise<string>;
  /** A request as the runtime hands it to the breaker, signed by `token` over `url` and `params`. */
  signed(token: string, url: string, params: Record<string, string>): RuntimeRequest;
  /** The audit list's items about `accountSid`, after every instance drained what it keeps. */
  auditAbout(accountSid: string): Promise<AuditEvent[]>;
  /** Summaries of `action` whose accounts include `accountSid`. */
  summaries(action: string, accountSid: string): Promise<AuditEvent[]>;
  close(): Promise<void>;
}

export async function startFleet(size: number): Promise<Fleet> {
  let instances: Breaker[] = [];
  const signed = (token: string, url: string, params: Record<string, string>): RuntimeRequest => ({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilioRequest(token, url, params),
    },
    params,
  });
  const deliverCallback = async (cb: OutboundCallback): Promise<CallbackResult> => {
    const request = signed(cb.signingToken, cb.url, cb.params);
    const answer = await instances[0].handle(request);
    const signature = request.headers['x-twilio-signature'];
    return { url: cb.url, status: answer.status, signature, params: cb.params };
  };
  const twilio = await startVirtualTwilio({ deliverCallback });
  const { emulator, clock } = twilio;
  const hooks: string[] = [];
  instances = Array.from({ length: size }, () =>
    createBreaker(
      baseConfig({
        accountSid: emulator.mainAccount.sid,
        authToken: emulator.mainAccount.authToken,
        alertWebhookUrl: 'https://hooks.example.test/services/fake',
        dashboardUrl: DASHBOARD,
      }),
      {
        gateway: twilio.gateway(BREAKER_HTTP.timeoutMs),
        clock,
        log: () => undefined,
        random: () => 0.5,
        fetch: async (_url, init) => {
          hooks.push((JSON.parse(init.body) as { text: string }).text);
          return { ok: true, status: 200 };
        },
      },
    ),
  );
  const reader = twilio.gateway(30_000);
  const allEvents = async () => {
    await Promise.all(instances.map((i) => i.drain()));
    const items = await reader.listListItems<AuditEvent>(AUDIT_LIST, {
      pageSize: 100,
      order: 'asc',
    });
    return items.map((i) => i.data);
  };
  return {
    twilio,
    instances,
    alerts: (sid) => ({
      sms: emulator.messages
        .list(emulator.mainAccount.sid)
        .map((m) => m.body)
        .filter((b) => b.includes(sid)),
      webhook: hooks.filter((h) => h.includes(sid)),
    }),
    register: (accountSid, tier, value) =>
      registerBreakerTrigger(twilio.client(), BASE_URL, { accountSid, tier, value }),
    signed,
    auditAbout: async (sid) => (await allEvents()).filter((e) => e.accountSid === sid),
    summaries: async (action, sid) =>
      (await allEvents()).filter(
        (e) => e.action === action && e.reason === 'summary' && e.accountSids?.includes(sid),
      ),
    close: () => twilio.close(),
  };
}
