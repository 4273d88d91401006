// Counts every gateway call, so a setup result can say what the run cost in Twilio requests.
import type { TwilioGateway } from '../twilio/gateway';

export function countingGateway(gateway: TwilioGateway, onCall: () => void): TwilioGateway {
  return new Proxy(gateway, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        onCall();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
