// breaker-rate-limited: a mass event. 1,000 subaccounts trip at the same moment (a leaked parent key
// used across all of them), each with a call in progress, into one warm breaker instance, while
// Twilio (the emulator) answers 429 above 25 requests in flight and takes 50 ms per request. Copies
// answered 5xx are sent again a second later, as Twilio re-sends. Reported: the time until the last
// suspension and until the last audit event, each against the issue's bound (suspensions × 50 ms /
// 25: the suspend POSTs alone, 25 at a time) and against the lower bound the requests a trip must
// make give. Run on virtual time (test/support/virtual-burst.ts): the figures are the schedule's,
// not this machine's speed.
import { DEFAULT_TIMING } from '../src/breaker/breaker-deps';
import { runVirtualBurst } from '../test/support/virtual-burst';
import type { Benchmark } from './support/report';

const ACCOUNTS = 1000;
const CAP = 25;
const LATENCY_MS = 50;
const RESEND_DELAY_MS = 1000;
/**
 * The requests a cold trip cannot do without up to its suspension: the account's token (which
 * carries its status), the claim, the suspension. The reactivation read is spared when the account
 * last changed before the trip fired, as in this run.
 */
const BEFORE_SUSPENSION = 3;
/**
 * And in all: those 3, the three call listings (queued, ringing, in progress), one hang-up, the
 * alert gate's two (the account's trigger list, the alert's slot in Sync), the claim marked done,
 * the SMS alert, the audit event and the day mark.
 */
const PER_TRIP = 13;

const ms = (n: number) => `${(n / 1000).toFixed(2)} s`;

export const breakerRateLimited: Benchmark = {
  name: 'breaker-rate-limited',
  description: `${ACCOUNTS} trips at once, 429 above ${CAP} in flight, ${LATENCY_MS} ms latency (virtual time)`,
  async run() {
    const o = await runVirtualBurst({
      accounts: ACCOUNTS,
      copies: 1,
      instances: 1,
      inFlight: Infinity,
      resends: 12,
      resendDelayMs: RESEND_DELAY_MS,
      latencyMs: LATENCY_MS,
      concurrencyLimit: CAP,
    });
    const perRequest = LATENCY_MS / CAP; // ms of the cap each request takes
    const issueBound = ACCOUNTS * perRequest;
    const suspensionFloor = ACCOUNTS * BEFORE_SUSPENSION * perRequest;
    // One invocation suspends only until suspendMs; the trips the cap leaves past it wait for
    // Twilio's re-send (the round's end + 1 s) and need their 3 requests then.
    const inFirstRound = Math.floor(DEFAULT_TIMING.suspendMs / (BEFORE_SUSPENSION * perRequest));
    const budgetFloor =
      suspensionFloor <= DEFAULT_TIMING.suspendMs
        ? suspensionFloor
        : DEFAULT_TIMING.budgetMs +
          RESEND_DELAY_MS +
          (ACCOUNTS - inFirstRound) * BEFORE_SUSPENSION * perRequest;
    const auditFloor = ACCOUNTS * PER_TRIP * perRequest;
    const against = (value: number, bound: number) => `${(value / bound).toFixed(2)} ×`;
    const rounds = o.rounds
      .map((r, i) => `#${i + 1} by ${ms(r.endedMs)} ${JSON.stringify(r.answers)}`)
      .join('; ');
    return {
      rows: [
        { metric: 'suspended', value: o.suspended, note: `of ${ACCOUNTS}` },
        { metric: 'live calls left running', value: o.withLiveCalls, note: 'expected 0' },
        { metric: 'lost', value: o.lost, note: 'expected 0' },
        {
          metric: 'time until the last suspension',
          value: o.lastSuspensionMs / 1000,
          unit: 's',
          note: `${against(o.lastSuspensionMs, issueBound)} the issue's bound (${ms(issueBound)}), ${against(o.lastSuspensionMs, suspensionFloor)} the cap's floor (${ms(suspensionFloor)}), ${against(o.lastSuspensionMs, budgetFloor)} the floor with the budget and Twilio's re-send (${ms(budgetFloor)})`,
        },
        {
          metric: 'time until the last audit event',
          value: o.lastAuditEventMs / 1000,
          unit: 's',
          note: `${against(o.lastAuditEventMs, issueBound)} the issue's bound (${ms(issueBound)}), ${against(o.lastAuditEventMs, auditFloor)} the cap's floor for ${PER_TRIP} requests a trip (${ms(auditFloor)})`,
        },
        {
          metric: 'Twilio requests per trip',
          value: Number((o.requests / ACCOUNTS).toFixed(1)),
          note: `${o.requests} in all, ${o.rateLimited} answered 429; ${PER_TRIP} at the least`,
        },
        {
          metric: 'side effects beyond one per account',
          value: o.extraSuspendPosts + o.extraSuspendedEvents + o.extraTripSms,
          note: `suspend POSTs ${o.extraSuspendPosts}, suspended events ${o.extraSuspendedEvents} (event ids repeated: ${o.repeatedEventIds}), trip SMS ${o.extraTripSms}`,
        },
        { metric: 'accounts without a trip SMS', value: o.withoutTripSms, note: 'expected 0' },
        {
          metric: 'token-unavailable / failed events',
          value: `${o.tokenUnavailable} / ${Object.entries(o.events)
            .filter(([k]) => k.startsWith('failed:'))
            .reduce((n, [, v]) => n + v, 0)}`,
        },
        { metric: 'audit events', value: JSON.stringify(o.events) },
        { metric: 'rounds of sending', value: o.rounds.length, note: rounds },
      ],
      notes: [
        `One breaker instance (createBreaker(), the real gateway and twilio-node) and the emulator on one virtual clock, talking in memory; ${ACCOUNTS} trip deliveries handed to the instance at the same moment, each for its own subaccount (cold: the instance fetches every token), fired a minute after the accounts were made. The emulator answers 429 above ${CAP} requests in flight and adds ${LATENCY_MS} ms to every request it serves. A copy answered 5xx is sent again ${RESEND_DELAY_MS / 1000} s after the round's last answer. After the last round the instance is drained (Breaker.drain()), as a later delivery would.`,
        `Times are from the first delivery to the emulator answering the last successful suspend POST, and the last audit-list append, read from its request log. Floors: the cap serves one request per ${perRequest} ms; a trip needs ${BEFORE_SUSPENSION} requests up to its suspension and ${PER_TRIP} in all; an invocation suspends only until ${DEFAULT_TIMING.suspendMs} ms, which at the cap is ${inFirstRound} trips, and the rest wait for Twilio's re-send.`,
      ],
    };
  },
};
