// A burst of trips driven through real breaker instances (createBreaker, the real gateway and
// twilio-node) against the emulator, all on one virtual clock (virtual-twilio.ts): N subaccounts
// with a call in progress each, every delivery sent `copies` times (copy k to instance k), copies
// answered 5xx sent again as Twilio re-sends them, faults and a concurrency cap in the emulator.
// Shared by the reliability tests and the benchmarks that compute figures on virtual time: the same
// run, with the same outcome, on any machine.
import pLimit from 'p-limit';
import type { FaultSpec, RequestLogEntry } from '../../emulator';
import type { AuditEvent } from '../../src/audit/audit-event';
import { recoverFromLog } from '../../src/audit/recover-from-log';
import { AUDIT_LIST, CLAIMS_MAP, REACTIVATIONS_MAP } from '../../src/audit/sync-names';
import { BREAKER_HTTP } from '../../src/breaker/breaker-function';
import { createBreaker, type Breaker } from '../../src/breaker/create-breaker';
import type { RuntimeRequest } from '../../src/runtime/runtime-request';
import {
  BASE_URL,
  baseConfig,
  deliveryParams,
  signedDelivery,
} from '../breaker/support/deliveries';
import { registerBreakerTrigger } from './breaker-trigger';
import { readWholeAuditList } from './audit-list';
import { startVirtualTwilio, type VirtualTwilio } from './virtual-twilio';

export interface BurstOptions {
  accounts: number;
  copies: number;
  instances: number;
  /** Copies in flight at once (Infinity: every copy at the same moment). */
  inFlight: number;
  /** Rounds of re-sending copies answered 5xx, each `resendDelayMs` after the last answer. */
  resends: number;
  resendDelayMs: number;
  faults?: FaultSpec[];
  latencyMs?: number;
  /** 429 above this many requests in flight (0: no cap). */
  concurrencyLimit?: number;
}

export interface BurstOutcome {
  accounts: number;
  suspended: number;
  /** Accounts with a call still in progress at the end. */
  withLiveCalls: number;
  /** Not suspended although no copy is left answered 5xx (nobody would retry). */
  lost: number;
  /** Answered 200 at last while a call still ran: the failure a 200 must never hide. */
  answeredOkWithCallsLeft: number;
  stillFailing: number;
  /** Successful suspend POSTs, `suspended` events and trip SMS beyond one per account. */
  extraSuspendPosts: number;
  extraSuspendedEvents: number;
  extraTripSms: number;
  /** Accounts no trip SMS was sent about (the alert a suspension owes). */
  withoutTripSms: number;
  /** `failed` events for deliveries whose token could not be fetched (the trip was then redone). */
  tokenUnavailable: number;
  /** From the first copy sent: the last successful suspend POST answered, the last audit append. */
  lastSuspensionMs: number;
  lastAuditEventMs: number;
  requests: number;
  rateLimited: number;
  /** Answers by status, a 5xx with its reason (`503 overloaded`, `500 sweep-unfinished` …). */
  answers: Record<string, number>;
  /** Audit events read back, by `action:reason`. */
  events: Record<string, number>;
  /** Audit list items whose event id another item already has (one event appended twice). */
  repeatedEventIds: number;
  /** Per round of sending: when it ended (ms from the start) and its answers. */
  rounds: Array<{ endedMs: number; answers: Record<string, number> }>;
}

/** The mix: 20 % of Sync Map Item creates and 50 % of live-call listings time out. */
export const SYNC_FAULT_MIX: FaultSpec[] = [
  {
    method: 'POST',
    host: 'sync.twilio.com',
    route: '/v1/Services/:ServiceSid/Maps/:MapSid/Items',
    kind: 'timeout',
    holdMs: BREAKER_HTTP.timeoutMs + 500,
    times: Infinity,
    probability: 0.2,
  },
  {
    method: 'GET',
    host: 'api.twilio.com',
    route: '/2010-04-01/Accounts/:AccountSid/Calls.json',
    kind: 'timeout',
    holdMs: BREAKER_HTTP.timeoutMs + 500,
    times: Infinity,
    probability: 0.5,
  },
];

const SUSPEND_ROUTE = '/2010-04-01/Accounts/:Sid.json';
const AUDIT_APPEND = '/v1/Services/:ServiceSid/Lists/:ListSid/Items';

function trip(sid: string, token: string, triggerSid: string, firedAt: number): RuntimeRequest {
  const params = deliveryParams(sid, {
    UsageTriggerSid: triggerSid,
    DateFired: new Date(firedAt).toUTCString().replace('GMT', '+0000'),
    TriggerValue: '100',
    CurrentValue: '130',
    IdempotencyToken: `burst-${triggerSid}`,
  });
  return signedDelivery(sid, { tier: 'trip', token, params });
}

const readAudit = (twilio: VirtualTwilio) => readWholeAuditList(twilio.gateway(60_000));

/** A 5xx answer's reason, in the breaker's words: `error`, or a duplicate's `state`. */
function whyFailed(body: string): string {
  const parsed = JSON.parse(body) as { error?: string; state?: string; calls?: object };
  return parsed.state ?? (parsed.calls ? 'sweep-unfinished' : (parsed.error ?? 'unknown'));
}

const tally = (keys: string[]) => {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
};

const beyondOne = (sids: string[]) => {
  const per = new Map<string, number>();
  for (const sid of sids) per.set(sid, (per.get(sid) ?? 0) + 1);
  return [...per.values()].reduce((sum, n) => sum + n - 1, 0);
};

export async function runVirtualBurst(options: BurstOptions): Promise<BurstOutcome> {
  const twilio = await startVirtualTwilio({
    maxSubaccounts: options.accounts + 10,
    latencyMs: options.latencyMs ?? 0,
    concurrencyLimit: options.concurrencyLimit ?? 0,
  });
  const { emulator, clock } = twilio;
  try {
    // The service's Sync objects exist already (its very first delivery creates them, once).
    const setup = twilio.gateway(60_000);
    await setup.createMapItem(CLAIMS_MAP, 'warm-up', {});
    await setup.createMapItem(REACTIVATIONS_MAP, 'warm-up', {});
    await setup.appendListItem(AUDIT_LIST, { id: 'warm-up' });
    const accounts = Array.from({ length: options.accounts }, (_, i) => {
      const account = emulator.accounts.createSubaccount(`Burst ${i}`);
      emulator.addCall({ accountSid: account.sid, status: 'in-progress' });
      return account;
    });
    // Each trips through a trip trigger setup registered (the breaker alerts only for those).
    const triggerSids: string[] = [];
    for (const account of accounts) {
      const trigger = { accountSid: account.sid, tier: 'trip' as const, value: 100 };
      triggerSids.push(await registerBreakerTrigger(twilio.client(), BASE_URL, trigger));
    }
    const lines: string[] = [];
    const instances: Breaker[] = Array.from({ length: options.instances }, () =>
      createBreaker(
        baseConfig({
          accountSid: emulator.mainAccount.sid,
          authToken: emulator.mainAccount.authToken,
        }),
        {
          gateway: twilio.gateway(BREAKER_HTTP.timeoutMs),
          clock,
          random: () => 0.5,
          log: (line) => lines.push(line),
        },
      ),
    );
    // Usage Triggers fire on Twilio's evaluation, about a minute apart: never in the second their
    // account was created (which would leave the account's date_updated no help to the breaker).
    await clock.sleep(60_000);
    emulator.requestLog.reset();
    for (const fault of options.faults ?? []) emulator.faults.add(fault);

    const startedAt = clock.now();
    let pending = accounts.flatMap((a, i) =>
      Array.from({ length: options.copies }, (_, copy) => ({
        i,
        copy,
        request: trip(a.sid, a.auth_token, triggerSids[i], startedAt),
      })),
    );
    const finalStatus: number[][] = accounts.map(() => []);
    const answers: Record<string, number> = {};
    const rounds: BurstOutcome['rounds'] = [];
    const inFlight = pLimit(Number.isFinite(options.inFlight) ? options.inFlight : pending.length);
    for (let round = 0; round <= options.resends && pending.length > 0; round++) {
      const results = await Promise.all(
        pending.map((p) =>
          inFlight(async () => ({
            p,
            ...(await instances[p.copy % instances.length].handle(p.request).then((r) => ({
              status: r.status,
              why: r.status >= 500 ? whyFailed(r.body) : null,
            }))),
          })),
        ),
      );
      const round: Record<string, number> = {};
      for (const { p, status, why } of results) {
        finalStatus[p.i].push(status);
        const answer = why ? `${status} ${why}` : String(status);
        answers[answer] = (answers[answer] ?? 0) + 1;
        round[answer] = (round[answer] ?? 0) + 1;
      }
      rounds.push({ endedMs: clock.now() - startedAt, answers: round });
      pending = results.filter((r) => r.status >= 500).map((r) => r.p);
      if (pending.length) await clock.sleep(options.resendDelayMs);
    }
    // What the instances kept for the audit list (Sync refused it in time) is written now, as a
    // later delivery or a shutdown hook would.
    for (let n = 0; n < 10 && recoverFromLog(lines).length > 0; n++) {
      await Promise.all(instances.map((instance) => instance.drain()));
    }
    const requests = emulator.requestLog.entries();
    emulator.faults.clear();
    emulator.knobs.set({ concurrencyLimit: 0, latencyMs: 0 });
    const events = await readAudit(twilio);
    return {
      ...summarize(twilio, accounts, finalStatus, requests, events, startedAt, answers),
      rounds,
    };
  } finally {
    await twilio.close();
  }
}

function summarize(
  twilio: VirtualTwilio,
  accounts: Array<{ sid: string }>,
  finalStatus: number[][],
  requests: RequestLogEntry[],
  events: AuditEvent[],
  startedAt: number,
  answers: Record<string, number>,
): Omit<BurstOutcome, 'rounds'> {
  const { emulator } = twilio;
  const statusOf = (sid: string) => emulator.accounts.get(sid)!.status;
  const live = (sid: string) =>
    emulator.calls.list(sid).filter((c) => c.status === 'in-progress').length;
  const last = (i: number) => finalStatus[i].at(-1) ?? 0;
  const ours = new Set(accounts.map((a) => a.sid));
  const sidIn = (text: string) => /AC[0-9a-f]{32}/.exec(text)?.[0] ?? '';
  const answeredAt = (r: RequestLogEntry) => r.start + r.durationMs - startedAt;
  const suspendPosts = requests.filter(
    (r) => r.method === 'POST' && r.route === SUSPEND_ROUTE && r.status === 200,
  );
  const appends = requests.filter(
    (r) => r.method === 'POST' && r.route === AUDIT_APPEND && r.status === 201,
  );
  const suspendedEvents = events.filter((e) => e.action === 'suspended' && ours.has(e.accountSid!));
  const tripSms = emulator.messages
    .list(emulator.mainAccount.sid)
    .filter((m) => /SUSPENDED/.test(m.body) && ours.has(sidIn(m.body)));
  return {
    accounts: accounts.length,
    suspended: accounts.filter((a) => statusOf(a.sid) === 'suspended').length,
    withLiveCalls: accounts.filter((a) => live(a.sid) > 0).length,
    lost: accounts.filter((a, i) => statusOf(a.sid) !== 'suspended' && last(i) < 500).length,
    answeredOkWithCallsLeft: accounts.filter((a, i) => live(a.sid) > 0 && last(i) < 500).length,
    stillFailing: finalStatus.filter((s) => (s.at(-1) ?? 0) >= 500).length,
    extraSuspendPosts: suspendPosts.length - accounts.length,
    extraSuspendedEvents: beyondOne(suspendedEvents.map((e) => e.accountSid!)),
    extraTripSms: beyondOne(tripSms.map((m) => sidIn(m.body))),
    withoutTripSms: accounts.length - new Set(tripSms.map((m) => sidIn(m.body))).size,
    tokenUnavailable: events.filter((e) => e.reason === 'token-unavailable').length,
    lastSuspensionMs: Math.max(0, ...suspendPosts.map(answeredAt)),
    lastAuditEventMs: Math.max(0, ...appends.map(answeredAt)),
    requests: requests.length,
    rateLimited: requests.filter((r) => r.status === 429).length,
    answers,
    events: tally(events.filter((e) => e.id !== 'warm-up').map((e) => `${e.action}:${e.reason}`)),
    repeatedEventIds: events.length - new Set(events.map((e) => e.id)).size,
  };
}
