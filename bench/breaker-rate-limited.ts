// breaker-rate-limited: a mass event. 1,000 subaccounts trip at the same moment (a leaked parent key
// used across all of them), each with a call in progress, into one warm breaker instance, while
// Twilio (the emulator) answers 429 above 25 requests in flight and takes 50 ms per request. Copies
// answered 5xx are sent again a second later, as Twilio re-sends. Reported: the time until the last
// suspension and until the last audit event, each against the bound suspensions × 50 ms / 25 (the
// suspend POSTs alone, 25 at a time). Run on virtual time (test/support/virtual-burst.ts): the
// figures are the schedule's, not this machine's speed.
import { runVirtualBurst } from '../test/support/virtual-burst';
import type { Benchmark } from './support/report';

const ACCOUNTS = 1000;
const CAP = 25;
const LATENCY_MS = 50;

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
      resendDelayMs: 1000,
      latencyMs: LATENCY_MS,
      concurrencyLimit: CAP,
    });
    const bound = (ACCOUNTS * LATENCY_MS) / CAP;
    const rounds = o.rounds
      .map((r, i) => `#${i + 1} ${JSON.stringify(r.answers)} by ${(r.endedMs / 1000).toFixed(1)} s`)
      .join('; ');
    return {
      rows: [
        { metric: 'suspended', value: o.suspended, note: `of ${ACCOUNTS}` },
        { metric: 'live calls left running', value: o.withLiveCalls, note: 'expected 0' },
        { metric: 'lost', value: o.lost, note: 'expected 0' },
        { metric: 'bound: suspensions × 50 ms / 25', value: bound / 1000, unit: 's' },
        {
          metric: 'time until the last suspension',
          value: o.lastSuspensionMs / 1000,
          unit: 's',
          note: `${(o.lastSuspensionMs / bound).toFixed(1)} × the bound`,
        },
        {
          metric: 'time until the last audit event',
          value: o.lastAuditEventMs / 1000,
          unit: 's',
          note: `${(o.lastAuditEventMs / bound).toFixed(1)} × the bound`,
        },
        {
          metric: 'Twilio requests per trip',
          value: o.requests / ACCOUNTS,
          note: `${o.requests} in all, ${o.rateLimited} answered 429`,
        },
        {
          metric: 'side effects beyond one per account',
          value: o.extraSuspendPosts + o.extraSuspendedEvents + o.extraTripSms,
          note: `suspend POSTs ${o.extraSuspendPosts}, suspended events ${o.extraSuspendedEvents}, trip SMS ${o.extraTripSms}`,
        },
        { metric: 'token-unavailable events', value: o.tokenUnavailable },
        { metric: 'rounds of sending (answers)', value: o.rounds.length, note: rounds },
      ],
      notes: [
        `One breaker instance (createBreaker(), the real gateway and twilio-node) and the emulator on one virtual clock, talking in memory; ${ACCOUNTS} trip deliveries handed to the instance at the same moment, each for its own subaccount (cold: the instance fetches every token). The emulator answers 429 above ${CAP} requests in flight and adds ${LATENCY_MS} ms to every request it serves. A copy answered 5xx is sent again 1 s after the round's last answer. After the last round the instance is drained (Breaker.drain()), as a later delivery would.`,
        'Times are from the first delivery to the emulator answering the last successful suspend POST, and the last audit-list append, read from its request log.',
      ],
    };
  },
};
