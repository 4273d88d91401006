// Builds a gateway whose every method runs through `wrap` (a retry policy, a concurrency limit), so
// the breaker's and setup's code reads as straight-line calls on a plain TwilioGateway.
import type { TwilioGateway } from '../twilio/gateway';

type Method = (...args: unknown[]) => Promise<unknown>;

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

export function wrapGateway<G extends Partial<TwilioGateway> = TwilioGateway>(
  gateway: G,
  wrap: (call: () => Promise<unknown>) => Promise<unknown>,
): G {
  const wrapped: Record<string, unknown> = {};
  for (const name of methodNames(gateway)) {
    const method = (gateway as unknown as Record<string, Method>)[name];
    wrapped[name] = (...args: unknown[]) => wrap(() => method.apply(gateway, args));
  }
  return wrapped as unknown as G;
}
