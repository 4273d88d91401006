// The order of the breaker's Twilio requests when the account is at its cap. Every request of a
// warm instance goes through one adaptive limit (src/retry/adaptive-limit.ts): as many in flight as
// Twilio accepts, and when more are waiting, they start by lane:
//   0 suspend   the act itself
//   1 reads     what leads to a suspension: the token (cold), claim, status, reactivation
//   2 finish    the call sweep (listings, hang-ups), marking the claim done or released, and the
//               reads of a copy that only comes back to finish a sweep: what makes a 200 true
//   3 alert     the SMS alerts: a human must hear of each suspension, and nothing else keeps them
//   4 record    audit writes (kept in memory and the log when they miss their time: never lost),
//               draining kept events, noise summaries, the day mark
// so in a mass event later suspensions never wait behind earlier sweeps, alerts and audit writes.
// Within a lane, older invocations go first: each delivery moves on to its next step ahead of newer
// ones, rather than every delivery doing its first step before any does its second (which, in a
// burst larger than one budget can serve, would let every invocation run out of time). Each lane
// also stops starting requests at the deadline of its step: a request still waiting then is given
// up (the step's own deadline handling takes over), never sent after the answer.
import type { AdaptiveLimit } from '../retry/adaptive-limit';
import { limitedGateway } from '../retry/limited-gateway';
import type { TwilioGateway } from '../twilio/gateway';

export const LANE = { suspend: 0, reads: 1, finish: 2, alert: 3, record: 4 } as const;

export type Lane = keyof typeof LANE;

/** One invocation's gateways: requests queue in `lane`, none started at or after `startBy`. */
export type InvocationLanes = (lane: Lane, startBy: number) => TwilioGateway;

export interface RequestLanes {
  /** The lanes of a new invocation, behind every older one's in each lane. */
  open(): InvocationLanes;
  readonly limit: AdaptiveLimit;
}

// Lane first, then the invocation's order of arrival: below 2^53 for 2^40 invocations.
const LANE_WEIGHT = 2 ** 40;

export function createRequestLanes(gateway: TwilioGateway, limit: AdaptiveLimit): RequestLanes {
  let opened = 0;
  return {
    limit,
    open() {
      const ordinal = (opened = (opened + 1) % LANE_WEIGHT);
      return (lane, startBy) =>
        limitedGateway(gateway, limit, { priority: LANE[lane] * LANE_WEIGHT + ordinal, startBy });
    },
  };
}
