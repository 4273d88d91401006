import { pageV2010 } from '../http/paging';
import { notFound, TwilioApiError } from '../http/twilio-error';
import type {
  EmulatorDeps,
  EmulatorRequest,
  Route,
  UsageInput,
  UsageTriggersModule,
} from '../types';
import { createEvaluationTick, DEFAULT_EVALUATION_INTERVAL_MS } from '../usage/evaluation-tick';
import { gmtDay } from '../usage/gmt-days';
import { periodRange } from '../usage/period-key';
import { toTriggerResource, type StoredTrigger } from '../usage/stored-trigger';
import { createTriggerEvaluation } from '../usage/trigger-evaluation';
import {
  parseCreateTrigger,
  parseTriggerFilters,
  parseUpdateTrigger,
} from '../usage/trigger-input';
import { checkUsageInput } from '../usage/usage-input';
import { createUsageLedger, type UsageLedger } from '../usage/usage-ledger';
import type { Clock } from '../../src/runtime/clock';

/** Old Twilio docs said "each account can create up to 1,000 UsageTriggers" (unverified today). */
export const MAX_TRIGGERS_PER_ACCOUNT = 1000;

const LIST = '/2010-04-01/Accounts/:AccountSid/Usage/Triggers.json';
const INSTANCE = '/2010-04-01/Accounts/:AccountSid/Usage/Triggers/:Sid.json';

export interface UsageTriggersOptions {
  /** The usage triggers compare with; Usage Records read the same one. */
  ledger?: UsageLedger;
  /** The evaluation tick (evaluation-tick.ts); 1 s unless given. */
  evaluationIntervalMs?: number;
  /** Waits on the emulator's base clock (real time unless a virtual clock is given). */
  sleep: Clock['sleep'];
}

export function createUsageTriggers(
  deps: EmulatorDeps,
  options: UsageTriggersOptions,
): UsageTriggersModule {
  const ledger = options.ledger ?? createUsageLedger();
  // Per account, in creation order (the list order); a sid lookup doubles as the ownership check.
  const triggers = new Map<string, Map<string, StoredTrigger>>();

  const ownedBy = (accountSid: string) => {
    let owned = triggers.get(accountSid);
    if (!owned) triggers.set(accountSid, (owned = new Map()));
    return owned;
  };

  const evaluation = createTriggerEvaluation(deps, ledger, (sid) => ownedBy(sid).values());
  const tick = createEvaluationTick({
    intervalMs: options.evaluationIntervalMs ?? DEFAULT_EVALUATION_INTERVAL_MS,
    now: deps.now,
    sleep: options.sleep,
    evaluate: evaluation.evaluate,
  });
  // Scheduling only: whoever wants the result awaits tick.next() itself.
  const schedule = () => void tick.next().catch(() => undefined);

  // current_value is the usage now, read live: the emulator's usage data has no lag to show.
  const currentValue = (t: StoredTrigger, now: Date) =>
    ledger.totals([t.accountSid], t.usageCategory, periodRange(t.recurring, now))[t.triggerBy];
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
      firedPeriods: new Set(),
    };
    ownedBy(accountSid).set(trigger.sid, trigger);
    // Created when usage is already past its value: it fires at the next evaluation, not now.
    if (currentValue(trigger, now) >= trigger.triggerValue) {
      evaluation.accountChanged(accountSid);
      schedule();
    }
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

  // An update changes only where and how the callback goes, never whether the trigger fires, so it
  // schedules no evaluation; a pending one uses the new CallbackUrl.
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

  // Twilio bills what happened, so usage is recorded whatever the account's status.
  function addUsage(input: UsageInput): void {
    checkUsageInput(deps.accounts, input);
    const now = deps.now();
    ledger.add(input.accountSid, input.category, input, now);
    evaluation.usageRecorded(input.accountSid, gmtDay(now));
    schedule();
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

  return {
    routes,
    addUsage,
    async recordUsage(input) {
      addUsage(input);
      const fired = await tick.next();
      return fired.filter((d) => d.accountSid === input.accountSid);
    },
    evaluateNow: () => tick.runNow(),
    nextEvaluationAt: () => tick.nextAt(),
    deliveries: () => evaluation.deliveries(),
    stop: () => tick.stop(),
  };
}
