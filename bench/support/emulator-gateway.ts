// The project's gateway over the real twilio-node client, pointed at an emulator, for a benchmark's
// own reads and setup runs (main account credentials, like the Functions).
import twilio from 'twilio';
import { emulatorEnv, type EmulatorLike } from '../../scripts/emulator-env';
import { createTwilioGateway, type TwilioGateway } from '../../src/twilio/gateway';
import { twilioHttpClient, type RetryOptions } from '../../src/twilio/http-client';

export function emulatorGateway(
  emulator: EmulatorLike,
  http: RetryOptions = { autoRetry: false, maxRetries: 0, timeoutMs: 5000 },
): TwilioGateway {
  const env = emulatorEnv(emulator);
  const client = twilio(env.ACCOUNT_SID, env.AUTH_TOKEN, {
    httpClient: twilioHttpClient(env, http),
  });
  return createTwilioGateway({ client });
}

/** Every item of a Sync list, oldest first (pages of 100, Twilio's maximum). */
export async function readWholeList<T extends object>(
  gateway: TwilioGateway,
  list: string,
  maxItems = 1_000_000,
): Promise<{ index: number; data: T }[]> {
  const items: { index: number; data: T }[] = [];
  for (let from: number | undefined; items.length < maxItems;) {
    const page = await gateway.listListItems<T>(list, { pageSize: 100, order: 'asc', from });
    items.push(...page);
    if (page.length < 100) break;
    from = page[page.length - 1].index;
  }
  return items;
}
