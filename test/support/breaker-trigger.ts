// The end-to-end breaker tests register triggers the way setup would: a daily totalprice trigger on
// the account, calling the breaker Function of the running stack for one tier.
import type { Emulator } from '../../emulator';
import { breakerCallbackUrl } from '../../src/breaker/delivery/callback-url';
import { type Tier } from '../../src/domain/tier';
import { emulatorClient } from './emulator-twilio';

export interface BreakerTrigger {
  accountSid: string;
  tier: Tier;
  /** Dollars of total spend that fire it. */
  value: number;
  friendlyName?: string;
}

/** Creates, as the main account, a Usage Trigger on `accountSid` that calls the breaker at `functionsUrl`. */
export async function addBreakerTrigger(
  emulator: Emulator,
  functionsUrl: string,
  trigger: BreakerTrigger,
): Promise<void> {
  await emulatorClient(emulator)
    .api.v2010.accounts(trigger.accountSid)
    .usage.triggers.create({
      callbackUrl: breakerCallbackUrl(functionsUrl, trigger.tier),
      triggerValue: String(trigger.value),
      usageCategory: 'totalprice',
      triggerBy: 'price',
      recurring: 'daily',
      friendlyName: trigger.friendlyName,
    });
}
