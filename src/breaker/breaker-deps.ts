// What the breaker's steps share: the warm instance's dependencies, the time budget of an
// invocation, and (once a delivery is verified) the facts of that invocation.
import type { BreakerConfig } from '../config/load-config';
import type { AuditSink } from '../audit/audit-sink';
import type { NoiseSummary } from '../audit/noise-summary';
import type { AlertThrottle } from '../notify/alert-throttle';
import type { AlertGate } from '../notify/alert-gate';
import type { Notifier } from '../notify/notifier';
import type { Clock } from '../runtime/clock';
import type { TwilioGateway } from '../twilio/gateway';
import type { AccountTokenCache } from './delivery/account-token-cache';
import type { Claims } from './action/claim';
import type { RequestLanes } from './request-lanes';
import type { DeliveryFacts } from './action/delivery-event';

export interface BreakerTiming {
  /** Reads before the suspension (claim, status, reactivation) stop retrying after this. */
  readsMs: number;
  /** Alerts, audit writes and the claim's completion each retry for at most this long. */
  followUpCallMs: number;
  /** A duplicate waits this long for the copy that holds the claim. */
  claimWaitMs: number;
  /** The suspension is retried until this. */
  suspendMs: number;
  /**
   * The call sweep gets whatever the suspension left of the budget, less this: time kept for
   * what must follow it (alerts — the webhook channel waits up to 2.5 s —, audit event, claim).
   */
  sweepReserveMs: number;
  /** Everything is done (or abandoned) by this; Functions kill an invocation at 10 s. */
  budgetMs: number;
}

// The budget leaves HANDLER_TIME_MS (7.3 s: Twilio's 10 s less a cold start and a 1.5 s margin,
// src/runtime/time-budget.ts) 300 ms for writing the answer. The suspension must end early enough
// for the sweep to have time before the reserve kept for what follows it.
export const DEFAULT_TIMING: BreakerTiming = {
  readsMs: 1500,
  followUpCallMs: 1500,
  claimWaitMs: 4000,
  suspendMs: 4500,
  sweepReserveMs: 2500,
  budgetMs: 7000,
};

export interface BreakerDeps {
  config: BreakerConfig;
  /** Without retries: each step adds its own, bounded by its deadline. */
  gateway: TwilioGateway;
  /** Every request of the warm instance, in flight within one adaptive limit, suspensions first. */
  requestLanes: RequestLanes;
  clock: Clock;
  tokens: AccountTokenCache;
  claims: Claims;
  audit: AuditSink;
  noise: NoiseSummary;
  /** Alerts an unauthenticated request can cause (report-unverifiable.ts) go through this. */
  failureAlerts: AlertThrottle;
  /** Whether a delivery's warn or trip alert goes out (asked after the suspension). */
  alertGate: AlertGate;
  /** The configured alert channels, sending SMS through `gateway`. */
  notifier: (gateway: TwilioGateway) => Notifier;
  /** console.log in Functions: for warnings operators must act on (the audit sink prints events). */
  log: (line: string) => void;
  timing?: Partial<BreakerTiming>;
  random?: () => number;
}

/** One verified delivery's invocation, as the steps after the reads see it. */
export interface Invocation {
  deps: BreakerDeps;
  timing: BreakerTiming;
  start: number;
  /** start + budgetMs. */
  deadline: number;
  /** Follow-ups, each call retried for at most followUpCallMs, until deadline: alerts… */
  alerting: TwilioGateway;
  /** …and audit writes (and the day mark), which queue behind alerts at Twilio's cap. */
  recording: TwilioGateway;
  /** The suspension's and the call sweep's lanes (request-lanes.ts), without retries. */
  lanes: { suspend: TwilioGateway; sweep: TwilioGateway };
  /** Claim bookkeeping (done, released): retried as follow-ups, in the call sweep's lane. */
  bookkeeping: TwilioGateway;
  retry: { clock: Clock; random?: () => number };
  key: string;
  facts: DeliveryFacts;
}
