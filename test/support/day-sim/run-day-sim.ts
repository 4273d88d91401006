// The "day in the life": the whole product on the in-memory stack (one virtual clock, no sockets)
// over several virtual days of seeded random traffic — legitimate use, fraud bursts, ops
// reactivating what got suspended (sometimes too early: the fraud goes on), new subaccounts.
// Every virtual minute the oracle judges every subaccount; the report counts unprotected
// subaccount-minutes by reason and every trip level crossed without a suspension.
import type { TriggerRecord } from '../../../src/twilio/gateway';
export type { DaySimReport, NewAccountFigure } from './report';
import { startInMemoryStack, type InMemoryStack } from '../in-memory-stack';
import { seededRandom } from '../seeded-random';
import { DEFAULT_RULES } from '../../../src/setup/rules';
import { brokenPromise, judge, missedTrip, type AccountFacts } from './oracle';
import { countTrip, emptyReport, reconcileFigures, type DaySimReport } from './report';
import {
  DAY,
  DEFAULT_SIM,
  drawSchedule,
  MINUTE,
  type SimEvent,
  type SimSettings,
} from './schedule';

const TRIP_VALUE = Number(DEFAULT_RULES.find((r) => r.tier === 'trip')!.value);

type Pending =
  | SimEvent
  | { at: number; kind: 'fraud-minute'; sid: string; price: number; episode: number }
  | { at: number; kind: 'reactivate'; sid: string };

export async function runDaySim(settings: SimSettings = DEFAULT_SIM): Promise<DaySimReport> {
  const random = seededRandom(settings.seed);
  const stack = await startInMemoryStack({
    start: settings.start - 10 * MINUTE,
    subaccounts: settings.initialSubaccounts,
    maxSubaccounts: settings.initialSubaccounts + settings.newPerDay * settings.days + 5,
    latencyMs: settings.latencyMs,
  });
  try {
    return await simulate(stack, settings, random);
  } finally {
    await stack.close();
  }
}

async function simulate(
  stack: InMemoryStack,
  settings: SimSettings,
  random: () => number,
): Promise<DaySimReport> {
  const { emulator, clock } = stack.twilio;
  const mainSid = stack.env.ACCOUNT_SID;
  const facts = new Map<string, AccountFacts>();
  const initial = emulator.accounts.list().filter((a) => a.sid !== mainSid);
  for (const a of initial) {
    facts.set(a.sid, {
      sid: a.sid,
      createdAt: clock.now(),
      origin: 'initial',
      usage: [],
      reactivations: [],
    });
  }
  const order = initial.map((a) => a.sid);
  let newest: string | null = null;
  await stack.setup();

  const triggers = new Map<string, TriggerRecord[]>();
  const firstSeen = new Map<string, number>();
  const dirty = new Set<string>(order);
  const relist = async () => {
    for (const sid of dirty) {
      const listed = await stack.gateway.listTriggers(sid);
      for (const t of listed) if (!firstSeen.has(t.sid)) firstSeen.set(t.sid, clock.now());
      triggers.set(sid, listed);
    }
    dirty.clear();
  };

  const report = emptyReport(settings);
  const queue: Pending[] = drawSchedule(settings, random);
  const push = (event: Pending) => {
    queue.push(event);
    queue.sort((a, b) => a.at - b.at);
  };
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const statusOf = (sid: string) => emulator.accounts.get(sid)?.status ?? 'closed';
  const judged = new Map<string, string>();
  let seenDeliveries = 0;
  let seenReconciles = 0;
  let episodes = 0;
  const stoppedEpisodes = new Set<number>();

  const record = (sid: string, price: number) => {
    emulator.usage.add({ accountSid: sid, category: 'totalprice', price });
    const f = facts.get(sid);
    if (!f) return;
    f.usage.push({ at: clock.now(), price });
    if (judged.get(sid)?.startsWith('new,')) report.spentWhileUnprotected += price;
  };

  const sample = async () => {
    const now = clock.now();
    const tick = now - (now % MINUTE);
    const deliveries = emulator.deliveries();
    for (const d of deliveries.slice(seenDeliveries)) {
      dirty.add(d.accountSid);
      countTrip(d, facts, report);
    }
    seenDeliveries = deliveries.length;
    if (stack.reconciles.length > seenReconciles) {
      for (const sid of facts.keys()) dirty.add(sid);
      seenReconciles = stack.reconciles.length;
    }
    await relist();
    report.sampledMinutes += 1;
    for (const f of facts.values()) {
      const status = statusOf(f.sid);
      const list = triggers.get(f.sid) ?? [];
      const verdict = judge(f, status, list, now);
      const before = judged.get(f.sid);
      judged.set(f.sid, verdict);
      if (verdict !== 'protected' && verdict !== 'suspended') {
        report.unprotectedMinutes += 1;
        report.unprotectedByReason[verdict] = (report.unprotectedByReason[verdict] ?? 0) + 1;
      }
      const missed = missedTrip(f, status, list, tick, (t) => firstSeen.get(t.sid) ?? now);
      if (missed) report.missedTrips.push(missed);
      const ownTrip = list.find((t) => t.friendlyName.startsWith('breaker:trip:'));
      const since = ownTrip ? (firstSeen.get(ownTrip.sid) ?? now) : null;
      const broken = brokenPromise(f, status, tick, TRIP_VALUE, since);
      if (broken) report.missedTrips.push(broken);
      const figure = report.newAccounts.find((n) => n.sid === f.sid);
      if (
        figure &&
        figure.protectedAt === null &&
        verdict !== 'protected' &&
        verdict !== 'suspended'
      ) {
        figure.unprotectedMinutes += 1;
      }
      if (
        figure &&
        figure.protectedAt === null &&
        (verdict === 'protected' || verdict === 'suspended')
      ) {
        figure.protectedAt = new Date(now).toISOString();
      }
      // Ops see a fresh suspension and, most of the time, reactivate after a look.
      if (status === 'suspended' && before !== 'suspended' && random() < 0.8) {
        push({ at: now + Math.floor(between(15, 90) * MINUTE), kind: 'reactivate', sid: f.sid });
      }
    }
  };

  const end = settings.start + settings.days * DAY;
  let nextSample = settings.start + 30_000;
  while (true) {
    const event = queue[0];
    const nextAt = Math.min(event?.at ?? Infinity, nextSample);
    if (nextAt >= end) break;
    // Sleeping (not advance()) lets the auto clock wake every earlier sleeper first, in time order:
    // trigger evaluations, request latencies, reconcile steps.
    await clock.sleep(Math.max(0, nextAt - clock.now()));
    if (nextAt === nextSample) {
      await sample();
      nextSample += MINUTE;
      continue;
    }
    queue.shift();
    switch (event.kind) {
      case 'main-spend':
        emulator.usage.add({
          accountSid: mainSid,
          category: 'totalprice',
          price: settings.mainSpend,
        });
        break;
      case 'legit':
        if (statusOf(order[event.account]) === 'active') record(order[event.account], event.price);
        break;
      case 'new-subaccount': {
        const created = emulator.accounts.createSubaccount(
          `Signed up ${report.newAccounts.length + 1}`,
        );
        const origin = event.protectAtSignUp ? ('one-call' as const) : ('reconcile' as const);
        facts.set(created.sid, {
          sid: created.sid,
          createdAt: clock.now(),
          origin,
          usage: [],
          reactivations: [],
        });
        report.newAccounts.push({
          sid: created.sid,
          origin,
          createdAt: new Date(clock.now()).toISOString(),
          unprotectedMinutes: 0,
          protectedAt: null,
        });
        newest = created.sid;
        if (event.protectAtSignUp) {
          const calledAt = clock.now();
          const answer = await stack.protect(created.sid);
          if (answer.status !== 200) throw new Error(`protect answered ${answer.status}`);
          report.longestOneCallMs = Math.max(report.longestOneCallMs, clock.now() - calledAt);
          dirty.add(created.sid);
        }
        break;
      }
      case 'fraud': {
        const sid = event.account === 'newest' ? newest : order[event.account];
        if (!sid || statusOf(sid) !== 'active') break;
        episodes += 1;
        report.fraudEpisodes += 1;
        for (let m = 0; m < event.minutes; m += 1) {
          push({
            at: event.at + m * MINUTE,
            kind: 'fraud-minute',
            sid,
            price: event.perMinute,
            episode: episodes,
          });
        }
        break;
      }
      case 'fraud-minute':
        // A suspended account stops spending: the fraudster is cut off.
        if (statusOf(event.sid) !== 'active') stoppedEpisodes.add(event.episode);
        if (!stoppedEpisodes.has(event.episode)) record(event.sid, event.price);
        break;
      case 'reactivate': {
        if (statusOf(event.sid) !== 'suspended') break;
        const custom = random() < 0.3;
        const headroom = custom ? String([50, 150, 200][Math.floor(random() * 3)]) : undefined;
        const answer = await stack.reactivate(event.sid, headroom ? { headroom } : {});
        if (answer.status !== 200)
          throw new Error(`reactivate answered ${answer.status}: ${answer.body.message}`);
        facts.get(event.sid)?.reactivations.push({
          at: clock.now(),
          // What ops asked for, or the trip rule's value: the promise, not what the answer says.
          headroom: headroom ? Number(headroom) : TRIP_VALUE,
        });
        dirty.add(event.sid);
        report.reactivations.total += 1;
        if (custom) report.reactivations.customHeadroom += 1;
        // Half the time the leak was not really fixed: the fraud goes on.
        if (random() < 0.5) {
          report.reactivations.fraudResumed += 1;
          report.fraudEpisodes += 1;
          episodes += 1;
          const at = clock.now() + Math.floor(between(5, 60) * MINUTE);
          const perMinute = Math.round(between(15, 60));
          for (let m = 0; m < 20; m += 1) {
            push({
              at: at + m * MINUTE,
              kind: 'fraud-minute',
              sid: event.sid,
              price: perMinute,
              episode: episodes,
            });
          }
        }
        break;
      }
    }
  }
  report.subaccounts = facts.size;
  report.reconcile = reconcileFigures(stack);
  return report;
}
