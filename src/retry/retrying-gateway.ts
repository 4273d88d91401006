// The gateway with every call retried per `policy` (see with-retry.ts), so the breaker's code reads
// as straight-line calls. Non-idempotent calls stay safe to repeat: a claim recognises its own
// earlier attempt by its owner id, and audit events carry ids that make a repeated append visible.
import type { TwilioGateway } from '../twilio/gateway';
import { withRetry, type RetryPolicy } from './with-retry';

// Own and inherited methods alike: a gateway may be a plain object or a class instance (a fake).
function methodNames(target: object): string[] {
  const names = new Set<string>();
  for (let o = target; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (
        name !== 'constructor' &&
        typeof (target as Record<string, unknown>)[name] === 'function'
      ) {
        names.add(name);
      }
    }
  }
  return [...names];
}

/**
 * `perCallMs` bounds each call's retries from the moment it starts (within `policy.deadlineAt`), so a
 * dependency that is down costs each step a little time instead of the whole budget.
 */
export function retryingGateway(
  gateway: TwilioGateway,
  policy: RetryPolicy,
  perCallMs = Infinity,
): TwilioGateway {
  const wrapped: Record<string, unknown> = {};
  for (const name of methodNames(gateway)) {
    const method = (gateway as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[
      name
    ];
    wrapped[name] = (...args: unknown[]) =>
      withRetry(() => method.apply(gateway, args), {
        ...policy,
        deadlineAt: Math.min(policy.deadlineAt, policy.clock.now() + perCallMs),
      });
  }
  return wrapped as unknown as TwilioGateway;
}
