// Brings one account's breaker triggers in line with the rules: one list call, then only the writes
// the plan asks for. A replacement creates the new trigger before deleting the old one, so an
// account is never unprotected in between; a crash there leaves a duplicate the next plan removes.
// It also keeps the account's re-arms (src/rearm/): spent or expired ones are deleted, and one a
// reactivation needed but does not have (it failed, or was deleted) is made again.
import type { AccountRecord, TwilioGateway } from '../twilio/gateway';
import type { Clock } from '../runtime/clock';
import { desiredTriggers } from './desired-triggers';
import { applyOverride, type OverrideLookup } from './overrides';
import { plan, type TriggerAction } from './plan';
import type { RequestGate } from '../retry/request-gate';
import { rearmUpkeep } from '../rearm/rearm-upkeep';
import { planRearmRepair } from '../rearm/rearm-repair';
import type { Rule } from './rules';

export type SetupMode = 'plan' | 'apply';

export interface ReconcileDeps {
  gateway: TwilioGateway;
  overrides: OverrideLookup;
  gate: RequestGate;
  rules: readonly Rule[];
  domainName: string;
  /** "Now" for re-arms: which have expired, which period a trip fired in. */
  clock: Pick<Clock, 'now'>;
}

/** Told about each action as it completes, so writes are counted even if a later one fails. */
export type OnActionDone = (action: TriggerAction) => void;

/** Returns the planned actions; in apply mode they have all been carried out when it resolves. */
export async function reconcileAccount(
  account: Pick<AccountRecord, 'sid' | 'status'>,
  mode: SetupMode,
  deps: ReconcileDeps,
  onActionDone: OnActionDone = () => undefined,
): Promise<TriggerAction[]> {
  const { gateway, gate } = deps;
  const accountSid = account.sid;
  const override = await gate.run(() => deps.overrides.get(accountSid));
  const actual = await gate.run(() => gateway.listTriggers(accountSid));
  const rules = applyOverride(deps.rules, override);
  const actions = plan(actual, desiredTriggers(rules, deps.domainName));
  const upkeep = rearmUpkeep(actual, account.status, deps.clock.now());
  for (const { triggerSid, friendlyName, reason } of upkeep.deletes) {
    actions.push({ kind: 'delete', triggerSid, friendlyName, reason });
  }
  const repair = await planRearmRepair(account, upkeep, rules, deps);
  if (repair) actions.push(repair.action);
  if (mode === 'plan') return actions;

  // Creates first, deletes last: protection is added before any is taken away.
  const order = { create: 0, replace: 1, update: 2, delete: 3 } as const;
  const sorted = [...actions].sort((a, b) => order[a.kind] - order[b.kind]);
  for (const action of sorted) {
    switch (action.kind) {
      case 'create': {
        const created = await gate.run(() => gateway.createTrigger(accountSid, action.spec));
        if (action === repair?.action) await repair.recorded(created.sid);
        break;
      }
      case 'replace':
        await gate.run(() => gateway.createTrigger(accountSid, action.spec));
        await gate.run(() => gateway.deleteTrigger(accountSid, action.triggerSid));
        break;
      case 'update':
        await gate.run(() => gateway.updateTrigger(accountSid, action.triggerSid, action.changes));
        break;
      case 'delete':
        await gate.run(() => gateway.deleteTrigger(accountSid, action.triggerSid));
        break;
    }
    onActionDone(action);
  }
  return actions;
}
