import { TwilioApiError } from '../http/twilio-error';
import type { AccountDirectory, UsageInput } from '../types';
import { isUsageCategory } from './usage-categories';

/** Refuses usage the emulator could not have seen on Twilio; changes nothing. */
export function checkUsageInput(accounts: AccountDirectory, input: UsageInput): void {
  if (!accounts.get(input.accountSid)) {
    throw new TwilioApiError(404, 20404, `Account ${input.accountSid} does not exist`);
  }
  for (const name of ['count', 'usage', 'price'] as const) {
    const value = input[name];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new TwilioApiError(400, 21609, `Invalid ${name}: ${value} (expected a number >= 0)`);
    }
  }
  if (!isUsageCategory(input.category)) {
    // A typo here would otherwise record usage that no trigger ever watches.
    throw new TwilioApiError(
      400,
      21609,
      `Invalid category: ${input.category} (not a usage category)`,
    );
  }
}
