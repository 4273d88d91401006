// Every override is read once per invocation, before the first subaccount. If that read were left
// to the first accounts that need it, one failed request would fail all of them at once; read up
// front, it is retried with backoff, and if Sync still fails the invocation stops where it stands
// (cursor unchanged), so no account is marked failed for a read it never got to make.
import { redactSecrets, rethrowUnlessTwilio } from '../twilio/twilio-errors';
import { OVERRIDES_MAP, type OverrideLookup, type OverrideStore } from './overrides';
import { OutOfTimeError } from '../retry/out-of-time';
import type { RequestGate } from '../retry/request-gate';
import { withRetry, type RetryPolicy } from '../retry/with-retry';

export class OverridesUnavailableError extends Error {
  constructor(cause: unknown) {
    const said = redactSecrets(cause instanceof Error ? cause.message : String(cause));
    super(
      `reading the overrides (Sync map ${OVERRIDES_MAP}) failed: ${said.slice(0, 300)}. ` +
        'No subaccount was marked failed; call again with the cursor.',
    );
    this.name = 'OverridesUnavailableError';
  }
}

/**
 * The overrides of every subaccount, in memory; or the store itself when it cannot list (then each
 * account reads its own). 429s wait at the shared gate; other transient failures are retried until
 * `within.deadlineAt`. Throws OutOfTimeError or OverridesUnavailableError.
 */
export async function loadOverrides(
  store: OverrideStore,
  gate: RequestGate,
  within: RetryPolicy,
): Promise<OverrideLookup> {
  let listed: Awaited<ReturnType<OverrideStore['list']>>;
  try {
    listed = await withRetry(() => gate.run(() => store.list()), within);
  } catch (error) {
    if (error instanceof OutOfTimeError) throw error;
    rethrowUnlessTwilio(error);
    throw new OverridesUnavailableError(error);
  }
  if (listed === null) return store;
  const byAccount = new Map(listed.map(({ accountSid, override }) => [accountSid, override]));
  return { get: async (accountSid) => byAccount.get(accountSid) ?? null };
}
