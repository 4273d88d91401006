// The gateway with every call retried per `policy` (see with-retry.ts), so the breaker's code reads
// as straight-line calls. Non-idempotent calls stay safe to repeat: a claim recognises its own
// earlier attempt by its owner id, and audit events carry ids that make a repeated append visible.
import type { TwilioGateway } from '../twilio/gateway';
import { withRetry, type RetryPolicy } from './with-retry';
import { wrapGateway } from './wrap-gateway';

/**
 * `perCallMs` bounds each call's retries from the moment it starts (within `policy.deadlineAt`), so a
 * dependency that is down costs each step a little time instead of the whole budget.
 */
export function retryingGateway(
  gateway: TwilioGateway,
  policy: RetryPolicy,
  perCallMs = Infinity,
): TwilioGateway {
  return wrapGateway(gateway, (call) =>
    withRetry(call, {
      ...policy,
      deadlineAt: Math.min(policy.deadlineAt, policy.clock.now() + perCallMs),
    }),
  );
}
