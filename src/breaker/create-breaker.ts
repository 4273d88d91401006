// One breaker per warm Functions instance: the state that outlives an invocation (token cache,
// claims seen, audit events waiting for Sync, noise counts) lives here, built from the config.
import type { BreakerConfig } from '../config/load-config';
import { createAuditSink } from '../audit/audit-sink';
import { createNoiseSummary } from '../audit/noise-summary';
import { createAlertThrottle } from '../notify/alert-throttle';
import { smsChannels } from '../notify/sms-channel';
import { webhookChannel, type FetchLike } from '../notify/webhook-channel';
import { systemClock, type Clock } from '../runtime/clock';
import { jsonResponse, type ResponseValue } from '../runtime/response-value';
import type { RuntimeRequest } from '../runtime/runtime-request';
import type { TwilioGateway } from '../twilio/gateway';
import { describeError } from '../twilio/twilio-errors';
import { createAccountTokenCache } from './delivery/account-token-cache';
import { createClaims } from './action/claim';
import { handleDelivery, type BreakerDeps, type BreakerTiming } from './handle-delivery';
import { retryingGateway } from '../retry/retrying-gateway';
import { withRetry } from '../retry/with-retry';

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
const DRAIN_BUDGET_MS = 9000;

export function createBreaker(config: BreakerConfig, environment: BreakerEnvironment): Breaker {
  const { gateway } = environment;
  const clock = environment.clock ?? systemClock;
  const log = environment.log ?? ((line: string) => console.log(line));
  const fetchImpl = environment.fetch ?? (fetch as unknown as FetchLike);
  const tokens = createAccountTokenCache({
    mainAccountSid: config.accountSid,
    mainAuthToken: config.authToken,
    ttlMs: config.tokenCacheSeconds * 1000,
    fetchAccount: (sid) =>
      withRetry(() => gateway.fetchAccount(sid), {
        clock,
        deadlineAt: clock.now() + TOKEN_FETCH_BUDGET_MS,
        random: environment.random,
      }),
  });
  const deps: BreakerDeps = {
    config,
    gateway,
    clock,
    tokens,
    claims: createClaims({ clock }),
    audit: createAuditSink({ clock, log }),
    noise: createNoiseSummary(),
    failureAlerts: createAlertThrottle(),
    alertChannels: (retrying) => [
      ...smsChannels((m) => retrying.sendSms(m), config.alertSmsFrom, config.alertSmsTo),
      ...(config.alertWebhookUrl ? [webhookChannel(config.alertWebhookUrl, fetchImpl, clock)] : []),
    ],
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
      const retrying = retryingGateway(gateway, { clock, deadlineAt, random: environment.random });
      // Each drain appends a batch; stop when the queue is empty or a batch made no progress.
      for (let appended = 1; appended > 0 && deps.audit.pendingCount() > 0;) {
        appended = await deps.audit.drain(retrying, deadlineAt);
      }
      const summaries = deps.noise.takeDue(clock.now(), true);
      await Promise.all(summaries.map((event) => deps.audit.record(event, retrying, deadlineAt)));
    },
  };
}
