// Which triggers setup registered on an account, as the alert step asks it: "is this delivery's
// UsageTriggerSid one of ours, for this tier?". A subaccount that holds its own auth token can sign
// deliveries with any UsageTriggerSid it invents; only the account's real trigger list (read with
// the parent's credentials) tells a registered one. Ours carry setup's marker in their FriendlyName
// (src/setup/desired-triggers.ts) — so will any trigger the project adds later, such as a one-shot
// re-arm after a reactivation — and their tier in the callback URL's query.
//
// One cache per warm instance: an account's list is read at most once per TTL, and again on a miss
// at most once per MISS_REFETCH_MS (a trigger registered since, by setup or a re-arm, is seen
// within that; invented SIDs cost at most one read per account per that interval). Concurrent asks
// for one account share one read. The cache is asked after the suspension, never before it.
import { isOwnTrigger, markerTier } from '../setup/desired-triggers';
import { TIERS, type Tier } from '../domain/tier';
import type { Recurring, TriggerRecord, TwilioGateway } from '../twilio/gateway';

export interface RegisteredTrigger {
  tier: Tier;
  recurring: Recurring;
}

export interface TriggerRegistry {
  /**
   * The trigger if setup registered it on the account, else null. Throws when Twilio cannot say
   * (the caller decides what an unknown means).
   */
  find(
    accountSid: string,
    triggerSid: string,
    gateway: Pick<TwilioGateway, 'listTriggers'>,
    now: number,
  ): Promise<RegisteredTrigger | null>;
}

export interface TriggerRegistryOptions {
  ttlMs?: number;
  missRefetchMs?: number;
  maxAccounts?: number;
}

export const REGISTRY_TTL_MS = 10 * 60_000;
export const MISS_REFETCH_MS = 30_000;

interface Listing {
  fetchedAt: number;
  triggers: Map<string, RegisteredTrigger>;
}

/** The tier a trigger calls the breaker with: its callback URL's, else its marker's. */
function tierOf(trigger: TriggerRecord): Tier | null {
  let tier: string | null = null;
  try {
    tier = new URL(trigger.callbackUrl).searchParams.get('tier');
  } catch {
    // not a URL: fall back to the marker
  }
  return TIERS.find((t) => t === tier) ?? markerTier(trigger.friendlyName);
}

function registered(triggers: TriggerRecord[]): Map<string, RegisteredTrigger> {
  const found = new Map<string, RegisteredTrigger>();
  for (const trigger of triggers) {
    const tier = isOwnTrigger(trigger.friendlyName) ? tierOf(trigger) : null;
    if (tier) found.set(trigger.sid, { tier, recurring: trigger.recurring });
  }
  return found;
}

export function createTriggerRegistry(options: TriggerRegistryOptions = {}): TriggerRegistry {
  const { ttlMs = REGISTRY_TTL_MS, missRefetchMs = MISS_REFETCH_MS, maxAccounts = 1000 } = options;
  const listings = new Map<string, Listing>();
  const reading = new Map<string, Promise<Listing>>();

  function read(accountSid: string, gateway: Pick<TwilioGateway, 'listTriggers'>, now: number) {
    let pending = reading.get(accountSid);
    if (!pending) {
      pending = gateway
        .listTriggers(accountSid)
        .then((triggers) => {
          const listing = { fetchedAt: now, triggers: registered(triggers) };
          listings.delete(accountSid); // re-insert: Map order doubles as oldest-first
          listings.set(accountSid, listing);
          if (listings.size > maxAccounts) {
            listings.delete(listings.keys().next().value as string);
          }
          return listing;
        })
        .finally(() => reading.delete(accountSid));
      reading.set(accountSid, pending);
    }
    return pending;
  }

  return {
    async find(accountSid, triggerSid, gateway, now) {
      const cached = listings.get(accountSid);
      const age = cached ? now - cached.fetchedAt : Infinity;
      const known = cached?.triggers.get(triggerSid);
      if (age < ttlMs && (known || age < missRefetchMs)) return known ?? null;
      const fresh = await read(accountSid, gateway, now);
      return fresh.triggers.get(triggerSid) ?? null;
    },
  };
}
