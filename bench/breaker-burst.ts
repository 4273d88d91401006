// breaker-burst (issues 3 and 6): 1,000 subaccounts' trip triggers fire at once, each delivery
// arrives 3 times (some copies at the same moment, some later), and a random 10 % of all Twilio
// calls fail transiently (500, 503 or 429 from the emulator). Twilio retries a webhook that got a
// 5xx; the benchmark models that by re-sending such a copy. Counted from the emulator afterwards:
// suspended accounts, lost trips, and side effects beyond one per account.
import pLimit from 'p-limit';
import type { RequestStats } from '../emulator';
import { AUDIT_LIST } from '../src/audit/sync-names';
import type { AuditEvent } from '../src/audit/audit-event';
import { twilioRunTarget, type BreakerTarget } from './support/breaker-targets';
import { freshDelivery, type DeliveryAnswer } from './support/deliveries';
import { emulatorGateway, readWholeList } from './support/emulator-gateway';
import { startEmulatorHost } from './support/emulator-host';
import { captureConsole } from './support/quiet-console';
import { seededRandom, shuffle } from './support/random';
import type { Benchmark, BenchRow } from './support/report';

const ACCOUNTS = 1000;
const COPIES = 3;
const IN_FLIGHT = 50;
const LATENCY_MS = 50;
const FAULT_RATE = 0.1;
const FAULT_KINDS = [500, 503, 429] as const;
/** Re-sends of a copy answered 5xx (or not answered), and the pause before each. */
const MAX_RESENDS = 5;
const RESEND_DELAY_MS = 1000;
/** Copies of a delivery are shuffled within windows of this many sends: close enough to overlap. */
const WINDOW = 150;

const SUSPEND = 'POST api.twilio.com/2010-04-01/Accounts/:Sid.json';
const CALL_SWEEP = 'GET api.twilio.com/2010-04-01/Accounts/:AccountSid/Calls.json';

/** Per-kind probabilities that add up to FAULT_RATE overall: faults are tried in order. */
function faultProbabilities(): number[] {
  const share = FAULT_RATE / FAULT_KINDS.length;
  return FAULT_KINDS.map((_, i) => share / (1 - i * share));
}

const ok200 = (stats: RequestStats, route: string) => stats.byRoute[route]?.statuses['200'] ?? 0;
const extra = (counts: Map<string, number>) =>
  [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
function tally(keys: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

interface Copy {
  account: number;
  params: Record<string, string>;
}

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
    let target: BreakerTarget | undefined;
    try {
      const [spare, ...accounts] = (await host.accounts()).filter(
        (a) => a.sid !== host.mainAccount.sid,
      );
      target = await twilioRunTarget(host);
      const deliver = target.deliver;
      // The service's first delivery creates its Sync maps; the burst starts after that.
      const first = await deliver('trip', freshDelivery(spare.sid), spare.auth_token);
      if (first.status !== 200) throw new Error(`warm-up answered ${first.status}`);
      await host.resetRequests();
      const smsBefore = (await host.messages(host.mainAccount.sid)).length;
      for (const [i, kind] of FAULT_KINDS.entries()) {
        await host.addFault({
          route: '*',
          kind,
          times: Infinity,
          probability: faultProbabilities()[i],
        });
      }

      const random = seededRandom(20_260_101);
      const deliveries = accounts.map((a) => freshDelivery(a.sid));
      const sends: Copy[] = deliveries.flatMap((params, account) =>
        Array.from({ length: COPIES }, () => ({ account, params })),
      );
      for (let at = 0; at < sends.length; at += WINDOW) {
        const window = shuffle(sends.slice(at, at + WINDOW), random);
        sends.splice(at, window.length, ...window);
      }

      const limit = pLimit(IN_FLIGHT);
      const inFlight = new Array<number>(ACCOUNTS).fill(0);
      const overlapped = new Set<number>();
      const finalStatus: number[][] = accounts.map(() => []);
      let resends = 0;
      let given = 0;
      const answerOf = async (copy: Copy): Promise<DeliveryAnswer> => {
        inFlight[copy.account] += 1;
        if (inFlight[copy.account] > 1) overlapped.add(copy.account);
        try {
          return await deliver('trip', copy.params, accounts[copy.account].auth_token);
        } catch {
          return { status: 599, body: {} }; // no answer: Twilio would retry too
        } finally {
          inFlight[copy.account] -= 1;
        }
      };
      const send = async (copy: Copy): Promise<void> => {
        for (let attempt = 0; ; attempt++) {
          const answer = await limit(() => answerOf(copy));
          if (answer.status < 500 || attempt === MAX_RESENDS) {
            finalStatus[copy.account].push(answer.status);
            if (answer.status >= 500) given += 1;
            return;
          }
          resends += 1;
          await new Promise((resolve) => setTimeout(resolve, RESEND_DELAY_MS));
        }
      };
      const started = Date.now();
      let done = 0;
      await Promise.all(
        sends.map((copy) =>
          send(copy).then(() => {
            if (++done % 1000 === 0) progress(`${done} of ${sends.length} copies answered`);
          }),
        ),
      );
      const burstSeconds = (Date.now() - started) / 1000;
      await host.clearFaults();
      const stats = await host.requestStats();

      // Audit events that could not reach Sync wait in the warm instance; later invocations drain
      // them (20 each). A few alert-only deliveries after the burst give them that chance.
      for (let i = 0; i < 10; i++)
        await deliver('warn', freshDelivery(spare.sid), spare.auth_token);

      const byAccount = new Map(accounts.map((a, i) => [a.sid, i]));
      const status = new Map((await host.accounts()).map((a) => [a.sid, a.status]));
      const suspended = accounts.filter((a) => status.get(a.sid) === 'suspended').length;
      const lost = accounts.filter(
        (a, i) => status.get(a.sid) !== 'suspended' && !finalStatus[i].some((s) => s >= 500),
      ).length;
      const events = (await readWholeList<AuditEvent>(emulatorGateway(host), AUDIT_LIST)).map(
        (i) => i.data,
      );
      const perDelivery = events.filter(
        (e) =>
          e.accountSid &&
          byAccount.has(e.accountSid) &&
          e.action !== 'duplicate' &&
          e.action !== 'rejected',
      );
      const summaries = events.filter((e) => e.action === 'duplicate' || e.action === 'rejected');
      const suspendedEvents = tally(
        perDelivery.filter((e) => e.action === 'suspended').map((e) => e.accountSid!),
      );
      const sms = (await host.messages(host.mainAccount.sid)).slice(0, -smsBefore || undefined);
      const alertsFor = tally(
        sms.flatMap((m) =>
          accounts.filter((a) => byAccount.has(a.sid) && m.body.includes(a.sid)).map((a) => a.sid),
        ),
      );
      const suspendCalls = ok200(stats, SUSPEND);
      const sweeps = ok200(stats, CALL_SWEEP);
      const faulted = Object.values(stats.byRoute).reduce(
        (sum, r) => sum + FAULT_KINDS.reduce((s, k) => s + (r.statuses[String(k)] ?? 0), 0),
        0,
      );
      const kept = lines.lines.filter((l) =>
        l.includes('"breaker":"audit","synced":false,"event"'),
      ).length;
      const flushed = lines.lines
        .filter((l) => l.includes('"breaker":"audit-flushed"'))
        .reduce((sum, l) => sum + (JSON.parse(l) as { ids: string[] }).ids.length, 0);
      const answers = tally(finalStatus.flat().map(String));

      const rows: BenchRow[] = [
        { metric: 'suspended', value: suspended, note: `expected ${ACCOUNTS}` },
        {
          metric: 'lost (neither suspended nor left answered 5xx)',
          value: lost,
          note: 'expected 0',
        },
        { metric: 'copies still answered 5xx after all re-sends', value: given },
        {
          metric: 'suspend calls beyond one per account',
          value: suspendCalls - suspended,
          note: `${suspendCalls} successful suspend POSTs; expected 0`,
        },
        {
          metric: 'audit events beyond one per account',
          value: extra(tally(perDelivery.map((e) => e.accountSid!))),
          note: `${perDelivery.length} per-delivery events for ${byAccount.size} accounts; expected 0`,
        },
        {
          metric: 'accounts without a "suspended" audit event',
          value: accounts.filter((a) => !suspendedEvents.has(a.sid)).length,
          note: 'expected 0',
        },
        {
          metric: 'alerts (SMS) beyond one per account',
          value: extra(alertsFor),
          note: `${sms.length} SMS for ${alertsFor.size} accounts; expected 0`,
        },
        {
          metric: 'call sweeps beyond one per account',
          value: sweeps - suspended,
          note: `${sweeps} successful call listings; expected 0`,
        },
        {
          metric: 'final answers to the copies',
          value: [...answers.entries()].map(([s, n]) => `${s} ×${n}`).join(', '),
        },
        { metric: 'copies re-sent after a 5xx (Twilio retry model)', value: resends },
        {
          metric: 'deliveries with copies in flight at the same time',
          value: overlapped.size,
          note: `of ${ACCOUNTS}`,
        },
        {
          metric: 'Twilio requests / injected faults',
          value: `${stats.count} / ${faulted}`,
          note: `${((faulted / stats.count) * 100).toFixed(1)} % faulted`,
        },
        { metric: 'audit events kept for a later drain / drained', value: `${kept} / ${flushed}` },
        { metric: 'duplicate/rejected summary events in the audit list', value: summaries.length },
        { metric: 'burst wall time', value: burstSeconds, unit: 's' },
      ];
      return {
        rows,
        notes: [
          `The built functions/breaker under twilio-run's runtime in this process; emulator in a worker thread with ${LATENCY_MS} ms latency and three faults on every route (500, 503, 429) drawn at random so that ${FAULT_RATE * 100} % of all Twilio requests fail before being processed (emulator fault option \`probability\`).`,
          `${ACCOUNTS * COPIES} copies (${COPIES} per delivery, shuffled within windows of ${WINDOW} sends) sent with at most ${IN_FLIGHT} in flight. A copy answered 5xx or not at all is re-sent after ${RESEND_DELAY_MS} ms, at most ${MAX_RESENDS} times (Twilio's real retry schedule for trigger callbacks is not documented).`,
          "Counts come from the emulator: account statuses, successful suspend POSTs and call listings in the request log, the SMS it recorded, and the audit Sync list read back after the burst (one delivery per account; the spare account's warm-up and drain deliveries are left out).",
        ],
      };
    } finally {
      lines.restore();
      await target?.stop();
      await host.close();
    }
  },
};
