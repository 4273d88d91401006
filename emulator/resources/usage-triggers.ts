import { pageV2010 } from '../http/paging';
import { notFound, TwilioApiError } from '../http/twilio-error';
import type {
  CallbackResult,
  EmulatorDeps,
  EmulatorRequest,
  Route,
  UsageInput,
  UsageTriggersModule,
  UsageTriggerDelivery,
} from '../types';
import { periodKey, periodRange } from '../usage/period-key';
import { toTriggerResource, type StoredTrigger } from '../usage/stored-trigger';
import { isUsageCategory } from '../usage/usage-categories';
import { triggerCallbackParams } from '../usage/trigger-callback';
import {
  parseCreateTrigger,
  parseTriggerFilters,
  parseUpdateTrigger,
} from '../usage/trigger-input';
import { createUsageLedger, type UsageLedger } from '../usage/usage-ledger';

/** Old Twilio docs said "each account can create up to 1,000 UsageTriggers" (unverified today). */
export const MAX_TRIGGERS_PER_ACCOUNT = 1000;

const LIST = '/2010-04-01/Accounts/:AccountSid/Usage/Triggers.json';
const INSTANCE = '/2010-04-01/Accounts/:AccountSid/Usage/Triggers/:Sid.json';

/** `ledger` holds the usage triggers compare with; Usage Records read the same one. */
export function createUsageTriggers(
  deps: EmulatorDeps,
  ledger: UsageLedger = createUsageLedger(),
): UsageTriggersModule {
  // Per account, in creation order (the list order); a sid lookup doubles as the ownership check.
  const triggers = new Map<string, Map<string, StoredTrigger>>();
  const deliveries: UsageTriggerDelivery[] = [];

  const currentValue = (t: StoredTrigger, now: Date) =>
    ledger.totals([t.accountSid], t.usageCategory, periodRange(t.recurring, now))[t.triggerBy];

  const ownedBy = (accountSid: string) => {
    let owned = triggers.get(accountSid);
    if (!owned) triggers.set(accountSid, (owned = new Map()));
    return owned;
  };

  // current_value is read live from the ledger, as Twilio refreshes it on every evaluation.
  const toResource = (t: StoredTrigger) => toTriggerResource(t, currentValue(t, deps.now()));

  function accountOf(req: EmulatorRequest): string {
    const accountSid = req.params.AccountSid;
    if (!deps.accounts.get(accountSid)) throw notFound(req.path);
    return accountSid;
  }

  function find(req: EmulatorRequest): StoredTrigger {
    const trigger = ownedBy(accountOf(req)).get(req.params.Sid);
    if (!trigger) throw notFound(req.path);
    return trigger;
  }

  function create(req: EmulatorRequest) {
    const accountSid = accountOf(req);
    const { triggerValue, ...settings } = parseCreateTrigger(req.form);
    if (ownedBy(accountSid).size >= MAX_TRIGGERS_PER_ACCOUNT) {
      throw new TwilioApiError(
        400,
        20001,
        `Account ${accountSid} already has ${MAX_TRIGGERS_PER_ACCOUNT} Usage Triggers; delete some first`,
      );
    }
    const now = deps.now();
    const base = triggerValue.offset
      ? ledger.totals([accountSid], settings.usageCategory, periodRange(settings.recurring, now))[
          settings.triggerBy
        ]
      : 0;
    const trigger: StoredTrigger = {
      sid: deps.newSid('UT'),
      accountSid,
      ...settings,
      triggerValue: base + triggerValue.amount,
      dateCreated: now,
      dateUpdated: now,
      dateFired: null,
      firedPeriod: null,
    };
    ownedBy(accountSid).set(trigger.sid, trigger);
    return { status: 201, body: toResource(trigger) };
  }

  function list(req: EmulatorRequest) {
    const filters = parseTriggerFilters(req.query);
    const matching = [...ownedBy(accountOf(req)).values()].filter(
      (t) =>
        (!filters.recurring || t.recurring === filters.recurring) &&
        (!filters.triggerBy || t.triggerBy === filters.triggerBy) &&
        (!filters.usageCategory || t.usageCategory === filters.usageCategory),
    );
    return pageV2010(req, 'usage_triggers', matching.map(toResource));
  }

  function update(req: EmulatorRequest) {
    const trigger = find(req);
    const changes = parseUpdateTrigger(req.form);
    Object.assign(trigger, changes, { dateUpdated: deps.now() });
    return { status: 200, body: toResource(trigger) };
  }

  function remove(req: EmulatorRequest) {
    const trigger = find(req);
    ownedBy(trigger.accountSid).delete(trigger.sid);
    return { status: 204 };
  }

  async function deliver(trigger: StoredTrigger, params: Record<string, string>) {
    // Signed with the token of the account that owns the trigger, read at firing time so a rotated
    // token is used from then on (a subaccount's trigger is never signed with the parent's token).
    const signingToken = deps.accounts.get(trigger.accountSid)?.auth_token ?? '';
    const method = trigger.callbackMethod;
    let result: CallbackResult;
    try {
      result = await deps.deliverCallback({
        url: trigger.callbackUrl,
        method,
        params,
        signingToken,
      });
    } catch (error) {
      result = { url: trigger.callbackUrl, status: 'network-error', signature: '', params };
      result.error = error instanceof Error ? error.message : String(error);
    }
    deliveries.push({ ...result, method, accountSid: trigger.accountSid, triggerSid: trigger.sid });
    return result;
  }

  async function recordUsage(input: UsageInput): Promise<CallbackResult[]> {
    const account = deps.accounts.get(input.accountSid);
    if (!account) {
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
    const now = deps.now();
    // Twilio bills what happened, so usage is recorded whatever the status. A closed account's
    // triggers are gone with it; a suspended account's triggers still fire (the breaker must treat
    // such a delivery as "already suspended").
    ledger.add(input.accountSid, input.category, input, now);
    if (account.status === 'closed') return [];
    const firing: Promise<CallbackResult>[] = [];
    for (const trigger of ownedBy(input.accountSid).values()) {
      const period = periodKey(trigger.recurring, now);
      const value = currentValue(trigger, now);
      if (value < trigger.triggerValue || trigger.firedPeriod === period) continue;
      // Marked before any await, so concurrent recordUsage calls cannot fire it twice.
      trigger.firedPeriod = period;
      trigger.dateFired = now;
      firing.push(deliver(trigger, triggerCallbackParams(trigger, value, now, period)));
    }
    return Promise.all(firing);
  }

  const routes: Route[] = [
    { method: 'GET', host: 'api.twilio.com', pattern: LIST, handler: list },
    { method: 'POST', host: 'api.twilio.com', pattern: LIST, handler: create },
    {
      method: 'GET',
      host: 'api.twilio.com',
      pattern: INSTANCE,
      handler: (req) => ({ status: 200, body: toResource(find(req)) }),
    },
    { method: 'POST', host: 'api.twilio.com', pattern: INSTANCE, handler: update },
    { method: 'DELETE', host: 'api.twilio.com', pattern: INSTANCE, handler: remove },
  ];

  return { routes, recordUsage, deliveries: () => [...deliveries] };
}
