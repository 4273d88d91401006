// Setup repairs a reactivation whose re-arm failed: the account is active, its trip fired this
// period before ops reactivated it, and nothing re-arms it (rearm-upkeep.ts). The reactivation
// record (Sync) says how: the headroom ops chose and, when it was worked out before the create
// failed, the level they were shown. Repaired once: the record then says "armed" (repairedAt), so
// a re-arm a person deleted later is shown as unprotected by coverage, never made again and again.
import {
  readReactivation,
  reactivatedAtMs,
  recordReactivation,
} from '../breaker/decision/reactivations';
import type { RequestGate } from '../retry/request-gate';
import type { Clock } from '../runtime/clock';
import type { TriggerAction } from '../setup/plan';
import { ruleId, type Rule } from '../setup/rules';
import type { AccountRecord, TwilioGateway } from '../twilio/gateway';
import { inContext } from '../twilio/twilio-errors';
import { prepareRearm, settleRearm } from './rearm-account';
import { rearmRule } from './rearm-rule';
import type { RearmUpkeep } from './rearm-upkeep';

export interface RearmRepair {
  action: Extract<TriggerAction, { kind: 'create' }>;
  /** Records the repaired re-arm with the reactivation, once its trigger exists. */
  recorded(triggerSid: string): Promise<void>;
}

export interface RepairDeps {
  gateway: Pick<TwilioGateway, 'fetchMapItem' | 'putMapItem' | 'readUsage'>;
  gate: RequestGate;
  domainName: string;
  clock: Pick<Clock, 'now'>;
}

/** The repair one account needs, read but not made; null when it needs none. */
export async function planRearmRepair(
  account: Pick<AccountRecord, 'sid'>,
  upkeep: Pick<RearmUpkeep, 'unarmedSince'>,
  /** The account's rules, its override applied. */
  rules: readonly Rule[],
  deps: RepairDeps,
): Promise<RearmRepair | null> {
  if (upkeep.unarmedSince === null) return null;
  const { rule } = rearmRule(rules, null);
  if (!rule) return null;
  const { gateway, gate } = deps;
  const record = await gate.run(() => readReactivation(gateway, account.sid));
  const reactivatedAt = reactivatedAtMs(record);
  if (!record || reactivatedAt === null || reactivatedAt < upkeep.unarmedSince) return null;
  if (record.rearm && record.rearm.state !== 'failed') return null;
  const kept = record.rearm?.ruleId === ruleId(rule) ? record.rearm : null;
  const now = deps.clock.now();
  const prepared = await prepareRearm(
    {
      accountSid: account.sid,
      rule,
      headroom: kept?.headroom ?? rule.value,
      triggerValue: kept?.triggerValue ?? null,
    },
    {
      gateway: { readUsage: (...args) => gate.run(() => gateway.readUsage(...args)) },
      domainName: deps.domainName,
      now,
    },
  );
  // The account then counts as failed in this run, with the reason; the next run tries again.
  if (!prepared.ok)
    throw inContext(prepared.cause, `repairing its re-arm: ${prepared.rearm.error}`);
  return {
    action: { kind: 'create', ruleId: `rearm:${ruleId(rule)}`, spec: prepared.spec },
    async recorded(triggerSid) {
      const rearm = settleRearm(prepared.rearm, { triggerSid });
      const repaired = { ...rearm, repairedAt: new Date(now).toISOString() };
      await gate.run(() => recordReactivation(gateway, { ...record, rearm: repaired }));
    },
  };
}
