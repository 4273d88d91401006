// Per-subaccount exceptions to the rules: other values, or exempt from the breaker altogether. They
// live in Sync, one Map Item per subaccount, because env values are capped at 450 bytes and the whole
// Function context at 3 KB, while thousands of subaccounts may each need one.
import { z } from 'zod';
import type { MapItemsPage, TwilioGateway } from '../twilio/gateway';
import { isPositiveDecimal, ruleId, type Rule } from './rules';

export const OVERRIDES_MAP = 'breaker-overrides';

export const overrideSchema = z
  .object({
    /** No breaker triggers at all for this subaccount; setup deletes its own ones. */
    exempt: z.boolean().default(false),
    /** ruleId (e.g. "trip:daily:price:totalprice") → value used instead of the configured one. */
    values: z
      .record(
        z.string().max(100),
        z
          .union([z.string(), z.number()])
          .transform((v) => String(v))
          .refine(isPositiveDecimal, {
            message: 'must be a positive decimal such as "250"',
          }),
      )
      .default({}),
    /** Why, for the next person on call. Never shown unescaped by anyone who renders it. */
    note: z.string().max(200).optional(),
    /** The subaccount's friendly name when the override was written: for people, not matching. */
    friendlyName: z.string().max(64).optional(),
    updatedBy: z.string().max(100).optional(),
    updatedAt: z.string().max(40).optional(),
  })
  .strict();

export type Override = z.infer<typeof overrideSchema>;

/** The rules as they apply to one subaccount. Values for rules that no longer exist are ignored. */
export function applyOverride(rules: readonly Rule[], override: Override | null): Rule[] {
  if (!override) return [...rules];
  if (override.exempt) return [];
  return rules.map((rule) => {
    const value = override.values[ruleId(rule)];
    return value === undefined ? rule : { ...rule, value };
  });
}

/** ruleIds in an override that match no configured rule: a typo an admin wants to hear about. */
export function unknownRuleIds(rules: readonly Rule[], override: Override): string[] {
  const known = new Set(rules.map(ruleId));
  return Object.keys(override.values).filter((id) => !known.has(id));
}

/** What reconciling an account needs: its override, if any. */
export interface OverrideLookup {
  get(accountSid: string): Promise<Override | null>;
}

export interface OverrideStore extends OverrideLookup {
  put(accountSid: string, override: Override): Promise<void>;
  remove(accountSid: string): Promise<void>;
  /** Every override, or null when the gateway cannot list map items. */
  list(): Promise<Array<{ accountSid: string; override: Override }> | null>;
}

/** Anything stored that no longer parses is treated as "no override" rather than blocking setup. */
function parseStored(data: unknown): Override | null {
  const parsed = overrideSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/**
 * A store over Sync. Build one per invocation: when the gateway can list map items, the first `get`
 * loads every override once and later ones are answered from memory.
 */
export function syncOverrideStore(
  gateway: TwilioGateway,
  map: string = OVERRIDES_MAP,
): OverrideStore {
  let all: Promise<Map<string, Override>> | null = null;

  // One listing per invocation instead of one fetch per subaccount: setup stays at about one
  // Twilio call per subaccount. Gateways without map listing (some fakes) fall back to fetches.
  async function loadAll(
    list: NonNullable<TwilioGateway['listMapItemsPage']>,
  ): Promise<Map<string, Override>> {
    const result = new Map<string, Override>();
    let cursor: string | null = null;
    // Bounded: 1,000 pages of 100 is far more overrides than subaccounts Twilio allows by default.
    for (let page = 0; page < 1000; page += 1) {
      const { items, nextCursor }: MapItemsPage<object> = await list.call(
        gateway,
        map,
        cursor,
        100,
      );
      for (const item of items) {
        const override = parseStored(item.data);
        if (override) result.set(item.key, override);
      }
      if (!nextCursor) break;
      cursor = nextCursor;
    }
    return result;
  }

  const store: OverrideStore = {
    async get(accountSid) {
      if (!gateway.listMapItemsPage) {
        return parseStored(await gateway.fetchMapItem(map, accountSid));
      }
      if (!all) {
        all = loadAll(gateway.listMapItemsPage);
        // A failed load (a 429, say) must not poison the rest of the invocation.
        all.catch(() => (all = null));
      }
      return (await all).get(accountSid) ?? null;
    },
    async put(accountSid, override) {
      await gateway.putMapItem(map, accountSid, override);
      all = null;
    },
    async remove(accountSid) {
      await gateway.deleteMapItem(map, accountSid);
      all = null;
    },
    async list() {
      if (!gateway.listMapItemsPage) return null;
      const loaded = await loadAll(gateway.listMapItemsPage);
      return [...loaded].map(([accountSid, override]) => ({ accountSid, override }));
    },
  };
  return store;
}
