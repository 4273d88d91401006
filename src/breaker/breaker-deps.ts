// What the breaker's steps share: the warm instance's dependencies, the time budget of an
// invocation, and (once a delivery is verified) the facts of that invocation.
import type { BreakerConfig } from '../config/load-config';
import type { AuditSink } from '../audit/audit-sink';
import type { NoiseSummary } from '../audit/noise-summary';
import type { AlertThrottle } from '../notify/alert-throttle';
import type { AlertChannel } from '../notify/notifier';
import type { Clock } from '../runtime/clock';
import type { TwilioGateway } from '../twilio/gateway';
import type { AccountTokenCache } from './delivery/account-token-cache';
import type { Claims } from './action/claim';
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

export const DEFAULT_TIMING: BreakerTiming = {
  readsMs: 1500,
  followUpCallMs: 1500,
  claimWaitMs: 4000,
  suspendMs: 6500,
  sweepReserveMs: 2500,
  budgetMs: 9000,
};

export interface BreakerDeps {
  config: BreakerConfig;
  /** Without retries: each step adds its own, bounded by its deadline. */
  gateway: TwilioGateway;
  clock: Clock;
  tokens: AccountTokenCache;
  claims: Claims;
  audit: AuditSink;
  noise: NoiseSummary;
  /** Alerts an unauthenticated request can cause (report-unverifiable.ts) go through this. */
  failureAlerts: AlertThrottle;
  alertChannels: (gateway: TwilioGateway) => AlertChannel[];
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
  /** The gateway for follow-ups: each call retried for at most followUpCallMs, until deadline. */
  later: TwilioGateway;
  retry: { clock: Clock; random?: () => number };
  key: string;
  facts: DeliveryFacts;
}
