// One cell of the fault matrix on the webhook path: a fresh emulator, a subaccount with a live call,
// one breaker instance (the real core, gateway and twilio-node, all on one virtual clock with the
// emulator: test/support/virtual-twilio.ts); a fault injected
// on one Twilio call; a trip delivered. Then what Twilio would do next (retry after a 5xx) and a
// later, unrelated delivery to the same instance (which drains audit events kept for Sync).
import type { FaultSpec } from '../../../emulator';
import type { AuditEvent } from '../../../src/audit/audit-event';
import { recoverFromLog } from '../../../src/audit/recover-from-log';
import { AUDIT_LIST, CLAIMS_MAP, REACTIVATIONS_MAP } from '../../../src/audit/sync-names';
import type { Tier } from '../../../src/domain/tier';
import { createBreaker } from '../../../src/breaker/create-breaker';
import type { RuntimeRequest } from '../../../src/runtime/runtime-request';
import type { FetchLike } from '../../../src/notify/webhook-channel';
import { BREAKER_HTTP } from '../../../src/breaker/breaker-function';
import { SETUP_HTTP } from '../../../src/setup/setup-endpoint';
import { deliveryParams, signedDelivery } from '../../breaker/support/deliveries';
import { startVirtualTwilio } from '../../support/virtual-twilio';

/** A 'timeout' fault holds the request longer than any Function's client waits, then drops it. */
export const HOLD_MS = Math.max(BREAKER_HTTP.timeoutMs, SETUP_HTTP.timeoutMs) + 800;

export type FaultKind = 429 | 500 | 'timeout' | 'reset';
export type FaultMode = 'once' | 'persistent';

export interface WebhookCall {
  name: string;
  fault: Pick<FaultSpec, 'method' | 'host' | 'route'>;
  /** The instance already holds the account's token (a warn delivery came first). */
  warm: boolean;
}

const API = 'api.twilio.com' as const;
const SYNC = 'sync.twilio.com' as const;
const ITEMS = '/v1/Services/:ServiceSid/Maps/:MapSid/Items';

/** Every Twilio call on the webhook path, in the order a trip makes them. */
export const WEBHOOK_CALLS: WebhookCall[] = [
  {
    name: 'fetch account + token (cold)',
    fault: { method: 'GET', host: API, route: '/2010-04-01/Accounts/:Sid.json' },
    warm: false,
  },
  {
    name: 'fetch account status (warm)',
    fault: { method: 'GET', host: API, route: '/2010-04-01/Accounts/:Sid.json' },
    warm: true,
  },
  // The claim and the day mark (src/breaker/delivery/delivery-key.ts) are both map item creates, in parallel.
  {
    name: 'claim / day mark create (Sync)',
    fault: { method: 'POST', host: SYNC, route: ITEMS },
    warm: true,
  },
  {
    name: 'reactivation read (Sync)',
    fault: { method: 'GET', host: SYNC, route: `${ITEMS}/:Key` },
    warm: true,
  },
  {
    name: 'suspend',
    fault: { method: 'POST', host: API, route: '/2010-04-01/Accounts/:Sid.json' },
    warm: true,
  },
  {
    name: 'list live calls',
    fault: { method: 'GET', host: API, route: '/2010-04-01/Accounts/:AccountSid/Calls.json' },
    warm: true,
  },
  {
    name: 'end call',
    fault: { method: 'POST', host: API, route: '/2010-04-01/Accounts/:AccountSid/Calls/:Sid.json' },
    warm: true,
  },
  {
    name: 'SMS alert',
    fault: { method: 'POST', host: API, route: '/2010-04-01/Accounts/:AccountSid/Messages.json' },
    warm: true,
  },
  {
    name: 'audit append (Sync)',
    fault: { method: 'POST', host: SYNC, route: '/v1/Services/:ServiceSid/Lists/:ListSid/Items' },
    warm: true,
  },
  {
    name: 'claim done (Sync)',
    fault: { method: 'POST', host: SYNC, route: `${ITEMS}/:Key` },
    warm: true,
  },
];

export interface WebhookOutcome {
  call: string;
  kind: FaultKind;
  mode: FaultMode;
  /** Requests the fault hit (≥ 1, or the cell proved nothing). */
  hits: number;
  /** The first delivery: HTTP status and the action or error of the answer. */
  answer: string;
  suspended: boolean;
  callEnded: boolean;
  /** Audit events about the account in the list right after the first delivery. */
  events: string[];
  /** Alert channels that delivered for the account (first delivery). */
  alerts: string[];
  /** What Twilio's retry got, when the first answer was a 5xx. */
  retry: string | null;
  final: { suspended: boolean; callEnded: boolean; events: string[]; alerts: string[] };
  /** Events only the log still has (recoverFromLog), after everything. */
  onlyInLog: number;
}

const SMS_TO = '+15005550001';

/** Delivery n of a trigger on `sid`, signed with `token`, fired now. */
function delivery(sid: string, token: string, tier: Tier, n: number, now: number): RuntimeRequest {
  const params = deliveryParams(sid, {
    UsageTriggerSid: 'UT' + n.toString(16).padStart(32, '0'),
    DateFired: new Date(now).toUTCString().replace('GMT', '+0000'),
    TriggerValue: tier === 'trip' ? '100' : '25',
    CurrentValue: '120',
    IdempotencyToken: `matrix-${tier}-${n}`,
  });
  return signedDelivery(sid, { tier, token, params });
}

const answerOf = (r: { status: number; body: string }) => {
  const body = JSON.parse(r.body) as { action?: string; error?: string };
  return `${r.status} ${body.action ?? body.error ?? ''}`.trim();
};

export async function runWebhookCell(
  call: WebhookCall,
  kind: FaultKind,
  mode: FaultMode,
): Promise<WebhookOutcome> {
  const twilio = await startVirtualTwilio();
  const { emulator, clock } = twilio;
  try {
    const victim = emulator.accounts.createSubaccount('Victim');
    const bystander = emulator.accounts.createSubaccount('Bystander');
    const liveCall = emulator.addCall({ accountSid: victim.sid, status: 'in-progress' });
    const gateway = twilio.gateway(BREAKER_HTTP.timeoutMs);
    // The test's own reads wait as long as they need: they are not part of what is measured.
    const observer = twilio.gateway(40_000);
    // Sync objects exist already (a service's very first delivery creates them, once).
    await observer.createMapItem(CLAIMS_MAP, 'warm-up', {});
    await observer.createMapItem(REACTIVATIONS_MAP, 'warm-up', {});
    await observer.appendListItem(AUDIT_LIST, { id: 'warm-up' });

    const lines: string[] = [];
    const hooks: string[] = [];
    const fetch: FetchLike = async (_url, init) => {
      hooks.push(init.body);
      return { ok: true, status: 200 };
    };
    const { sid: mainSid, authToken } = emulator.mainAccount;
    const breaker = createBreaker(
      {
        accountSid: mainSid,
        authToken,
        dryRun: false,
        allowList: [],
        alertSmsFrom: '+15005550006',
        alertSmsTo: [SMS_TO],
        alertWebhookUrl: 'https://hooks.example.test/services/fake',
        syncServiceSid: 'default',
        tokenCacheSeconds: 300,
      },
      { gateway, clock, log: (line) => lines.push(line), fetch, random: () => 0.5 },
    );
    if (call.warm) {
      const warm = await breaker.handle(
        delivery(victim.sid, victim.auth_token, 'warn', 1, clock.now()),
      );
      if (warm.status !== 200) throw new Error(`warm-up delivery answered ${warm.status}`);
    }

    const about = (text: string) => text.includes(victim.sid);
    const observe = async () => {
      const items = await observer.listListItems<AuditEvent>(AUDIT_LIST, {
        pageSize: 100,
        order: 'asc',
      });
      const events = items
        .map((i) => i.data)
        .filter((e) => e.accountSid === victim.sid && e.tier === 'trip')
        .map((e) => e.action);
      const sms = emulator.messages
        .list(mainSid)
        .filter((m) => about(m.body) && /SUSPENDED|FAILED/.test(m.body)).length;
      const webhook = hooks.filter((h) => about(h) && /SUSPENDED|FAILED/.test(h)).length;
      return {
        suspended: emulator.accounts.get(victim.sid)!.status === 'suspended',
        callEnded:
          emulator.calls.list(victim.sid).find((c) => c.sid === liveCall.sid)!.status !==
          'in-progress',
        events,
        alerts: [
          ...(sms > 0 ? [`sms×${sms}`] : []),
          ...(webhook > 0 ? [`webhook×${webhook}`] : []),
        ],
      };
    };

    const trip = delivery(victim.sid, victim.auth_token, 'trip', 2, clock.now());
    emulator.faults.add({
      ...call.fault,
      kind,
      times: mode === 'once' ? 1 : Infinity,
      holdMs: HOLD_MS,
    });
    const first = await breaker.handle(trip);
    const hits = emulator.faults.list().reduce((n, f) => n + f.hits, 0);
    emulator.faults.clear();
    const after = await observe();
    // Twilio retries an answer it did not take (5xx); the same delivery, to the same instance.
    const retry = first.status >= 500 ? answerOf(await breaker.handle(trip)) : null;
    // A later delivery about another account drains whatever this instance kept for Sync.
    await breaker.handle(delivery(bystander.sid, bystander.auth_token, 'warn', 3, clock.now()));
    const final = await observe();
    return {
      call: call.name,
      kind,
      mode,
      hits,
      answer: answerOf(first),
      ...after,
      retry,
      final,
      onlyInLog: recoverFromLog(lines).length,
    };
  } finally {
    await twilio.close();
  }
}
