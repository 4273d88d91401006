import { TwilioConflictError, TwilioNotFoundError } from '../twilio-errors';

/**
 * Runs `attempt`; when Twilio answers 404 because the Sync Map or List does not exist yet, creates
 * it and tries once more. A concurrent creator winning the race (409) is as good as creating it.
 */
export async function createOnFirstUse<T>(
  attempt: () => Promise<T>,
  createCollection: () => Promise<unknown>,
): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof TwilioNotFoundError)) throw error;
  }
  try {
    await createCollection();
  } catch (error) {
    if (!(error instanceof TwilioConflictError)) throw error;
  }
  return attempt();
}

/**
 * Sync map keys and unique names are free text, but twilio-node puts them into the URL path
 * unescaped (and rejects "/" and "?"): escaping them here keeps any key addressable.
 */
export const pathSegment = (name: string): string => encodeURIComponent(name);
