// The end-to-end breaker tests register triggers the way setup would: a daily totalprice trigger on
// the account, named with setup's marker (the breaker alerts only for such triggers), calling the
// breaker Function of the running stack for one tier.
import type { Twilio } from 'twilio';
import type { Emulator } from '../../emulator';
import { breakerCallbackUrl } from '../../src/breaker/delivery/callback-url';
import { type Tier } from '../../src/domain/tier';
import { markerName } from '../../src/setup/desired-triggers';
import { emulatorClient } from './emulator-twilio';

export interface BreakerTrigger {
  accountSid: string;
  tier: Tier;
  /** Dollars of total spend that fire it. */
  value: number;
  /** Setup's marker unless given: a trigger without it is not one the breaker alerts for. */
  friendlyName?: string;
}

/** Creates, as the main account, a Usage Trigger on `accountSid` that calls the breaker at `functionsUrl`. */
export function addBreakerTrigger(
  emulator: Emulator,
  functionsUrl: string,
  trigger: BreakerTrigger,
): Promise<string> {
  return registerBreakerTrigger(emulatorClient(emulator), functionsUrl, trigger);
}

/** The same with a given client (the main account's), e.g. an in-memory one; answers its SID. */
export async function registerBreakerTrigger(
  client: Twilio,
  functionsUrl: string,
  trigger: BreakerTrigger,
): Promise<string> {
  const rule = {
    tier: trigger.tier,
    recurring: 'daily',
    triggerBy: 'price',
    usageCategory: 'totalprice',
  } as const;
  const created = await client.api.v2010.accounts(trigger.accountSid).usage.triggers.create({
    callbackUrl: breakerCallbackUrl(functionsUrl, trigger.tier),
    triggerValue: String(trigger.value),
    usageCategory: 'totalprice',
    triggerBy: 'price',
    recurring: 'daily',
    friendlyName: trigger.friendlyName ?? markerName(rule),
  });
  return created.sid;
}
