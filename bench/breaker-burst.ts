// breaker-burst: 1,000 subaccounts' trip triggers fire at once, each delivery
// arrives 3 times (some copies at the same moment, some later, each copy at another warm instance),
// and a random 10 % of all Twilio calls fail transiently (500, 503 or 429 from the emulator).
// Twilio retries a webhook that got a 5xx; the benchmark models that by re-sending such a copy.
// Counted from the emulator afterwards: suspended accounts, lost trips, live calls left, and side
// effects (suspended events, SMS and webhook alerts, suspend calls) beyond one per account.
import type { RequestStats } from '../emulator';
import { AUDIT_LIST } from '../src/audit/sync-names';
import type { AuditEvent } from '../src/audit/audit-event';
import type { TwilioGateway } from '../src/twilio/gateway';
import { coreTarget, type CoreTarget } from './support/breaker-targets';
import { freshDelivery, registerTriggers } from './support/deliveries';
import { emulatorGateway, readWholeList } from './support/emulator-gateway';
import { startEmulatorHost } from './support/emulator-host';
import { captureConsole } from './support/quiet-console';
import { seededRandom, shuffle } from './support/random';
import type { Benchmark, BenchRow } from './support/report';
import { tally, tallyAuditEvents, tallySideEffects } from './support/audit-tally';
import { sendLikeTwilio, type Copy } from './support/twilio-like-sender';

const ACCOUNTS = 1000;
const COPIES = 3;
/** Warm breaker instances; copy k of a delivery goes to instance k, as Twilio's copies may land. */
const INSTANCES = COPIES;
const IN_FLIGHT = 50;
const LATENCY_MS = 50;
const FAULT_RATE = 0.1;
const FAULT_KINDS = [500, 503, 429] as const;
/** Re-sends of a copy answered 5xx (or not answered), and the pause before each. */
const MAX_RESENDS = 5;
const RESEND_DELAY_MS = 1000;
/** Copies of a delivery are shuffled within windows of this many sends: close enough to overlap. */
const WINDOW = 150;
const WEBHOOK_URL = 'https://hooks.example.test/services/bench';

const SUSPEND = 'POST api.twilio.com/2010-04-01/Accounts/:Sid.json';
const END_CALL = 'POST api.twilio.com/2010-04-01/Accounts/:AccountSid/Calls/:Sid.json';
const SID = /AC[0-9a-f]{32}/;

/** Per-kind probabilities that add up to FAULT_RATE overall: faults are tried in order. */
function faultProbabilities(): number[] {
  const share = FAULT_RATE / FAULT_KINDS.length;
  return FAULT_KINDS.map((_, i) => share / (1 - i * share));
}

const ok200 = (stats: RequestStats, route: string) => stats.byRoute[route]?.statuses['200'] ?? 0;
const sidIn = (text: string) => SID.exec(text)?.[0] ?? '';

/** Records the account of every suspension Twilio accepted (as the breaker saw it). */
const countingSuspensions =
  (into: string[]) =>
  (gateway: TwilioGateway): TwilioGateway => ({
    ...gateway,
    async updateAccountStatus(sid, status) {
      const account = await gateway.updateAccountStatus(sid, status);
      if (status === 'suspended') into.push(sid);
      return account;
    },
  });

export const breakerBurst: Benchmark = {
  name: 'breaker-burst',
  description: `${ACCOUNTS} trips × ${COPIES} copies, ${IN_FLIGHT} in flight, ${FAULT_RATE * 100} % of Twilio calls failing`,
  async run(progress) {
    const host = await startEmulatorHost({
      latencyMs: LATENCY_MS,
      seed: { subaccounts: ACCOUNTS + 1 },
      maxSubaccounts: ACCOUNTS + 1,
    });
    const lines = captureConsole();
    const log = (line: string) => console.log(line);
    const webhooks: string[] = [];
    const suspendCalls: string[] = [];
    try {
      const [spare, ...accounts] = (await host.accounts()).filter(
        (a) => a.sid !== host.mainAccount.sid,
      );
      // One live call per account: the sweep after each suspension must end it, once.
      for (const a of accounts) await host.addCall({ accountSid: a.sid, status: 'in-progress' });
      // Each account's trip trigger, as setup registers it (alerts go out only for those).
      const trips = await registerTriggers(
        host,
        [spare, ...accounts].map((a) => a.sid),
        ['trip'],
      );
      const tripOf = (sid: string) => trips.get(`${sid}:trip`);
      const instances: CoreTarget[] = Array.from({ length: INSTANCES }, () =>
        coreTarget(host, log, {
          webhook: {
            url: WEBHOOK_URL,
            fetch: async (_url, init) => {
              webhooks.push(init.body);
              return { ok: true, status: 200 };
            },
          },
          wrapGateway: countingSuspensions(suspendCalls),
        }),
      );
      // The service's first delivery creates its Sync maps; the burst starts after that.
      const warmUp = freshDelivery(spare.sid, tripOf(spare.sid));
      const first = await instances[0].deliver('trip', warmUp, spare.auth_token);
      if (first.status !== 200) throw new Error(`warm-up answered ${first.status}`);
      await Promise.all(instances.map((i) => i.drain()));
      await host.resetRequests();
      const smsBefore = (await host.messages(host.mainAccount.sid)).length;
      webhooks.length = 0;
      suspendCalls.length = 0;
      for (const [i, kind] of FAULT_KINDS.entries()) {
        await host.addFault({
          route: '*',
          kind,
          times: Infinity,
          probability: faultProbabilities()[i],
        });
      }

      const random = seededRandom(20_260_101);
      const copies: Copy[] = accounts.flatMap((account, delivery) => {
        const params = freshDelivery(account.sid, tripOf(account.sid));
        return Array.from({ length: COPIES }, (_, k) => ({
          delivery,
          send: () => instances[k % INSTANCES].deliver('trip', params, account.auth_token),
        }));
      });
      for (let at = 0; at < copies.length; at += WINDOW) {
        const window = shuffle(copies.slice(at, at + WINDOW), random);
        copies.splice(at, window.length, ...window);
      }
      const started = Date.now();
      const { finalStatus, resends, overlapped } = await sendLikeTwilio(copies, ACCOUNTS, {
        inFlight: IN_FLIGHT,
        maxResends: MAX_RESENDS,
        resendDelayMs: RESEND_DELAY_MS,
        onAnswered: (done) => {
          if (done % 1000 === 0) progress(`${done} of ${copies.length} copies answered`);
        },
      });
      const burstSeconds = (Date.now() - started) / 1000;
      await host.clearFaults();
      const stats = await host.requestStats();

      // What the instances keep for the audit list (events Sync refused, duplicate counts not yet
      // a minute old) is written now, as a later delivery or a shutdown hook would.
      await Promise.all(instances.map((i) => i.drain()));

      const accountSids = new Set(accounts.map((a) => a.sid));
      const status = new Map((await host.accounts()).map((a) => [a.sid, a.status]));
      const suspended = accounts.filter((a) => status.get(a.sid) === 'suspended').length;
      const lost = accounts.filter(
        (a, i) => status.get(a.sid) !== 'suspended' && !finalStatus[i].some((s) => s >= 500),
      ).length;
      const events = (await readWholeList<AuditEvent>(emulatorGateway(host), AUDIT_LIST)).map(
        (i) => i.data,
      );
      const audit = tallyAuditEvents(events, accountSids);
      const sms = (await host.messages(host.mainAccount.sid)).slice(0, -smsBefore || undefined);
      const effects = tallySideEffects(
        {
          suspendedEvents: audit.suspendedSids,
          sms: sms.map((m) => sidIn(m.body)),
          webhooks: webhooks.map(sidIn),
          suspendCalls,
        },
        accountSids,
      );
      const endCalls = ok200(stats, END_CALL);
      let liveCallsLeft = 0;
      for (const a of accounts) {
        liveCallsLeft += (await host.calls(a.sid)).filter((c) => c.status === 'in-progress').length;
      }
      const faulted = Object.values(stats.byRoute).reduce(
        (sum, r) => sum + FAULT_KINDS.reduce((s, k) => s + (r.statuses[String(k)] ?? 0), 0),
        0,
      );
      const logged = lines.lines.filter((l) => l.startsWith('{"breaker":"audit",')).length;
      const kept = lines.lines.filter((l) =>
        l.includes('"breaker":"audit","synced":false,"event"'),
      ).length;
      const flushed = lines.lines
        .filter((l) => l.includes('"breaker":"audit-flushed"'))
        .reduce((sum, l) => sum + (JSON.parse(l) as { ids: string[] }).ids.length, 0);
      const duplicateLines = lines.lines.filter((l) =>
        /"action":"duplicate","reason":"(done|in-progress|sweep-pending)"/.test(l),
      ).length;
      const answers = tally(finalStatus.flat().map(String));
      const once = (what: string, c: { total: number; beyondOne: number; missing: number }) => ({
        metric: `${what} beyond one per account`,
        value: c.beyondOne,
        note: `${c.total} for ${ACCOUNTS - c.missing} of ${ACCOUNTS} accounts; expected 0`,
      });

      const rows: BenchRow[] = [
        { metric: 'suspended', value: suspended, note: `expected ${ACCOUNTS}` },
        {
          metric: 'lost (neither suspended nor left answered 5xx)',
          value: lost,
          note: 'expected 0',
        },
        {
          metric: 'copies still answered 5xx after all re-sends',
          value: finalStatus.flat().filter((st) => st >= 500).length,
        },
        once('"suspended" audit events', effects.suspendedEvents),
        once('SMS alerts', effects.sms),
        once('webhook alerts', effects.webhooks),
        {
          ...once('suspend calls (answered to the breaker)', effects.suspendCalls),
          note: `${effects.suspendCalls.total} answered, ${ok200(stats, SUSPEND)} successful suspend POSTs in the request log; expected 0`,
        },
        {
          metric: 'other per-delivery events about these accounts',
          value: [...audit.otherEvents.values()].reduce((a, b) => a + b, 0),
          note:
            [...audit.otherEvents.entries()].map(([a, n]) => `${a} ×${n}`).join(', ') ||
            'expected 0',
        },
        {
          metric: 'end-call requests beyond one per ended call',
          value: endCalls - (ACCOUNTS - liveCallsLeft),
          note: `${endCalls} successful end-call POSTs, ${ACCOUNTS - liveCallsLeft} of ${ACCOUNTS} live calls ended; expected 0`,
        },
        { metric: 'live calls left running', value: liveCallsLeft, note: 'expected 0' },
        {
          metric: 'suspensions whose call sweep did not finish in their invocation',
          value: audit.sweepIncomplete,
          note: 'answered 500; a retried copy sweeps again',
        },
        {
          metric: 'swept events (a later copy finished a sweep)',
          value: audit.swept,
          note: `for ${audit.sweptAccounts} accounts, ${audit.sweptStillIncomplete} still incomplete; not a side effect of a decision`,
        },
        { metric: 'alerts recorded as failed in the events', value: audit.alertsFailed },
        {
          metric: 'final answers to the copies',
          value: [...answers.entries()].map(([s, n]) => `${s} ×${n}`).join(', '),
        },
        { metric: 'copies re-sent after a 5xx (Twilio retry model)', value: resends },
        {
          metric: 'deliveries with copies in flight at the same time',
          value: overlapped,
          note: `of ${ACCOUNTS}`,
        },
        {
          metric: 'Twilio requests / injected faults',
          value: `${stats.count} / ${faulted}`,
          note: `${((faulted / stats.count) * 100).toFixed(1)} % faulted`,
        },
        {
          metric: 'audit events kept for a later drain / drained',
          value: `${kept} / ${flushed}`,
          note: `of ${logged} audit log lines`,
        },
        {
          metric: 'duplicate summary items written',
          value: audit.duplicateSummaries,
          note: `counting ${audit.summarizedCopies} duplicate copies; ${duplicateLines} duplicate log lines`,
        },
        { metric: 'burst wall time', value: burstSeconds, unit: 's' },
      ];
      return {
        rows,
        notes: [
          `${INSTANCES} breaker instances (createBreaker() with the real twilio-node gateway, as the Function builds it; the benchmark holds them so that it can drain them) in this process; emulator in a worker thread with ${LATENCY_MS} ms latency and three faults on every route (500, 503, 429) drawn at random so that ${FAULT_RATE * 100} % of all Twilio requests fail before being processed (emulator fault option \`probability\`).`,
          `${ACCOUNTS * COPIES} copies (${COPIES} per delivery, copy k to instance k, shuffled within windows of ${WINDOW} sends) sent with at most ${IN_FLIGHT} in flight. A copy answered 5xx or not at all is re-sent (to the same instance) after ${RESEND_DELAY_MS} ms, at most ${MAX_RESENDS} times (Twilio's real retry schedule for trigger callbacks is not documented).`,
          "After the burst every instance is drained (Breaker.drain()). Counts come from the emulator (account statuses, successful suspend and end-call POSTs in the request log, calls still in progress, the SMS it recorded, the audit Sync list read back), the webhook alerts the instances posted, and the suspensions the gateway saw answered. The spare account's warm-up is left out.",
        ],
      };
    } finally {
      lines.restore();
      await host.close();
    }
  },
};
