// One breaker per warm Functions instance: the state that outlives an invocation (token cache,
// claims seen, audit events waiting for Sync, noise counts) lives here, built from the config.
import type { BreakerConfig } from '../config/load-config';
import { createAuditSink } from '../audit/audit-sink';
import { createNoiseSummary } from '../audit/noise-summary';
import { createAlertThrottle } from '../notify/alert-throttle';
import { configuredNotifier } from '../notify/alert-channels';
import { createAlertGate } from '../notify/alert-gate';
import type { FetchLike } from '../notify/webhook-channel';
import { systemClock, type Clock } from '../runtime/clock';
import { jsonResponse, type ResponseValue } from '../runtime/response-value';
import type { RuntimeRequest } from '../runtime/runtime-request';
import type { TwilioGateway } from '../twilio/gateway';
import { describeError } from '../twilio/twilio-errors';
import { createAccountTokenCache } from './delivery/account-token-cache';
import { createClaims } from './action/claim';
import {
  DEFAULT_TIMING,
  handleDelivery,
  type BreakerDeps,
  type BreakerTiming,
} from './handle-delivery';
import { createAdaptiveLimit } from '../retry/adaptive-limit';
import { retryingGateway } from '../retry/retrying-gateway';
import { createRequestLanes } from './request-lanes';
import { withRetry } from '../retry/with-retry';
import { markOverload } from '../retry/overload';

export interface BreakerEnvironment {
  /** Without retries (twilio-node's autoRetry off): the breaker retries within its deadlines. */
  gateway: TwilioGateway;
  clock?: Clock;
  /** console.log in Functions: one JSON line per decision. */
  log?: (line: string) => void;
  fetch?: FetchLike;
  timing?: Partial<BreakerTiming>;
  random?: () => number;
}

export interface Breaker {
  /** Never throws: an unexpected failure is a 500, so Twilio retries. */
  handle(request: RuntimeRequest): Promise<ResponseValue>;
  /**
   * Writes now what this instance keeps for the audit list: events Sync refused earlier and the
   * noise counted since the last summary. Functions give no shutdown hook, so deployed this only
   * happens little by little with later deliveries; tests, benchmarks and other hosts call it.
   */
  drain(): Promise<void>;
}

const TOKEN_FETCH_BUDGET_MS = 2500;
/**
 * At Twilio's cap a token fetch may wait for its turn until this long before the suspension's
 * deadline: time for the claim and the suspension after it, whose lanes go first.
 */
const TOKEN_TURN_MARGIN_MS = 500;
const DRAIN_BUDGET_MS = 9000;
/**
 * The most Twilio requests one warm instance has in flight: a ceiling, not a target. The adaptive
 * limit finds the account's real cap below it from Twilio's 429s (request-lanes.ts). One delivery
 * alone needs at most a handful at once; this matters in a mass event.
 */
export const BREAKER_CONCURRENCY = 50;

export function createBreaker(config: BreakerConfig, environment: BreakerEnvironment): Breaker {
  const { gateway } = environment;
  const clock = environment.clock ?? systemClock;
  const log = environment.log ?? ((line: string) => console.log(line));
  const fetchImpl = environment.fetch ?? (fetch as unknown as FetchLike);
  const timing = { ...DEFAULT_TIMING, ...environment.timing };
  const requestLanes = createRequestLanes(
    gateway,
    createAdaptiveLimit({ ceiling: BREAKER_CONCURRENCY, clock, random: environment.random }),
  );
  const tokens = createAccountTokenCache({
    mainAccountSid: config.accountSid,
    mainAuthToken: config.authToken,
    ttlMs: config.tokenCacheSeconds * 1000,
    fetchAccount: (sid) => {
      // Retried for TOKEN_FETCH_BUDGET_MS; at Twilio's cap it may wait its turn longer, as long as
      // the reads after it can still lead to a suspension in time.
      const now = clock.now();
      const startBy =
        now + Math.max(TOKEN_FETCH_BUDGET_MS, timing.suspendMs - TOKEN_TURN_MARGIN_MS);
      const reads = requestLanes.open()('reads', startBy);
      return markOverload((onRetry) =>
        withRetry(() => reads.fetchAccount(sid), {
          clock,
          deadlineAt: now + TOKEN_FETCH_BUDGET_MS,
          random: environment.random,
          onRetry,
        }),
      );
    },
  });
  const deps: BreakerDeps = {
    config,
    gateway,
    requestLanes,
    clock,
    tokens,
    claims: createClaims({ clock }),
    audit: createAuditSink({ clock, log }),
    noise: createNoiseSummary(),
    failureAlerts: createAlertThrottle(),
    alertGate: createAlertGate(),
    notifier: (retrying) => configuredNotifier(config, retrying, fetchImpl, clock),
    log,
    timing: environment.timing,
    random: environment.random,
  };

  return {
    async handle(request) {
      try {
        return await handleDelivery(request, deps);
      } catch (error) {
        log(JSON.stringify({ breaker: 'error', error: describeError(error) }));
        return jsonResponse(500, { error: 'internal', message: 'the breaker failed; retry' });
      }
    },

    async drain() {
      const deadlineAt = clock.now() + DRAIN_BUDGET_MS;
      const retrying = retryingGateway(requestLanes.open()('record', deadlineAt), {
        clock,
        deadlineAt,
        random: environment.random,
      });
      // Each drain appends a batch; stop when the queue is empty or a batch made no progress.
      for (let appended = 1; appended > 0 && deps.audit.pendingCount() > 0;) {
        appended = await deps.audit.drain(retrying, deadlineAt);
      }
      const summaries = deps.noise.takeDue(clock.now(), true);
      await Promise.all(summaries.map((event) => deps.audit.record(event, retrying, deadlineAt)));
    },
  };
}
