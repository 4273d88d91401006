// The gateway with every request sent through an adaptive limit (adaptive-limit.ts): at most the
// limit's current number in flight, waiting ones started in `run.priority` order.
import type { TwilioGateway } from '../twilio/gateway';
import type { AdaptiveLimit, LimitedRun } from './adaptive-limit';
import { wrapGateway } from './wrap-gateway';

export function limitedGateway(
  gateway: TwilioGateway,
  limit: AdaptiveLimit,
  run: LimitedRun = {},
): TwilioGateway {
  return wrapGateway(gateway, (call) => limit.run(call, run));
}
