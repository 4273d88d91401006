// Shape checks of a Usage Trigger delivery, done before any Twilio call so garbage costs nothing
// and never reaches a URL path. Problems name only parameters we know; attacker-chosen names and
// values are never echoed.
import { isAccountSid, isUsageTriggerSid } from '../../twilio/sids';
import { TIERS, type Tier } from '../../domain/tier';
import { parseDateFired } from './date-fired';

export interface Delivery {
  accountSid: string;
  usageTriggerSid: string;
  /**
   * As Twilio sent it when readable (date-fired.ts); when not, a printable excerpt (at most 64
   * characters, '' when absent) so operators can see the form Twilio uses.
   */
  dateFired: string;
  /**
   * DateFired in epoch milliseconds, or null when it is missing or in a form date-fired.ts does not
   * read. Such a delivery is still acted on (Twilio's format is unverified): see delivery-key.ts.
   */
  firedAt: number | null;
  tier: Tier;
  /** Recorded, not part of the delivery's identity (see delivery-key.ts). */
  idempotencyToken: string | null;
  usageCategory: string | null;
  triggerBy: 'count' | 'usage' | 'price' | null;
  triggerValue: string | null;
  currentValue: string | null;
  recurring: string | null;
}

export type ParsedDelivery = { ok: true; delivery: Delivery } | { ok: false; problem: string };

const MAX_PARAMS = 40;
const MAX_VALUE_LENGTH = 1024;
const DECIMAL = /^-?\d{1,15}(\.\d{1,10})?$/;
const CATEGORY = /^[a-z0-9][a-z0-9_.-]{0,63}$/i;
const TOKEN = /^[\x21-\x7e]{1,256}$/;
const TRIGGER_BY = ['count', 'usage', 'price'] as const;
const RECURRING = ['daily', 'monthly', 'yearly', 'alltime'];
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const EXCERPT_LENGTH = 64;

type Optional<T> = { ok: true; value: T | null } | { ok: false; problem: string };

function optional<T extends string>(
  params: Record<string, string>,
  name: string,
  accepts: (value: string) => boolean,
  what: string,
): Optional<T> {
  const value = params[name];
  if (value === undefined || value === '') return { ok: true, value: null };
  return accepts(value)
    ? { ok: true, value: value as T }
    : { ok: false, problem: `${name} must be ${what}` };
}

function tierOf(url: string): Tier | null {
  let tier: string | null = null;
  try {
    tier = new URL(url).searchParams.get('tier');
  } catch {
    return null;
  }
  return TIERS.find((t) => t === tier) ?? null;
}

export function parseDelivery(raw: Record<string, unknown>, url: string): ParsedDelivery {
  const entries = Object.entries(raw);
  if (entries.length > MAX_PARAMS) return { ok: false, problem: 'too many parameters' };
  const params: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (typeof value !== 'string') {
      return { ok: false, problem: 'every parameter must be a single form value' };
    }
    if (value.length > MAX_VALUE_LENGTH) return { ok: false, problem: 'a parameter is too long' };
    params[name] = value;
  }

  if (!isAccountSid(params.AccountSid)) {
    return { ok: false, problem: 'AccountSid must be an account SID (AC + 32 hex digits)' };
  }
  if (!isUsageTriggerSid(params.UsageTriggerSid)) {
    return { ok: false, problem: 'UsageTriggerSid must be a trigger SID (UT + 32 hex digits)' };
  }
  // Not a reason to refuse: if Twilio writes dates in a form we do not read, refusing would lose
  // every trip. What the value means for the delivery's identity is delivery-key.ts's business.
  const sentDate = params.DateFired ?? '';
  const firedAt = parseDateFired(sentDate);
  const dateFired =
    firedAt === null ? sentDate.replace(CONTROL, '?').slice(0, EXCERPT_LENGTH) : sentDate;
  const tier = tierOf(url);
  if (!tier) {
    return { ok: false, problem: 'the callback URL must carry ?tier=warn or ?tier=trip' };
  }

  const checks = {
    idempotencyToken: optional(params, 'IdempotencyToken', (v) => TOKEN.test(v), 'printable ASCII'),
    usageCategory: optional(params, 'UsageCategory', (v) => CATEGORY.test(v), 'a usage category'),
    triggerBy: optional<Delivery['triggerBy'] & string>(
      params,
      'TriggerBy',
      (v) => (TRIGGER_BY as readonly string[]).includes(v),
      'count, usage or price',
    ),
    triggerValue: optional(params, 'TriggerValue', (v) => DECIMAL.test(v), 'a decimal number'),
    currentValue: optional(params, 'CurrentValue', (v) => DECIMAL.test(v), 'a decimal number'),
    recurring: optional(params, 'Recurring', (v) => RECURRING.includes(v), 'a recurring period'),
  };
  for (const check of Object.values(checks)) if (!check.ok) return check;
  const value = <T>(check: Optional<T>): T | null => (check.ok ? check.value : null);

  return {
    ok: true,
    delivery: {
      accountSid: params.AccountSid,
      usageTriggerSid: params.UsageTriggerSid,
      dateFired,
      firedAt,
      tier,
      idempotencyToken: value(checks.idempotencyToken),
      usageCategory: value(checks.usageCategory),
      triggerBy: value(checks.triggerBy),
      triggerValue: value(checks.triggerValue),
      currentValue: value(checks.currentValue),
      recurring: value(checks.recurring),
    },
  };
}
