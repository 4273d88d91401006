// Brings one account's breaker triggers in line with the rules: one list call, then only the writes
// the plan asks for. A replacement creates the new trigger before deleting the old one, so an
// account is never unprotected in between; a crash there leaves a duplicate the next plan removes.
import type { TwilioGateway } from '../twilio/gateway';
import { desiredTriggers } from './desired-triggers';
import { applyOverride, type OverrideLookup } from './overrides';
import { plan, type TriggerAction } from './plan';
import type { RequestGate } from '../retry/request-gate';
import type { Rule } from './rules';

export type SetupMode = 'plan' | 'apply';

export interface ReconcileDeps {
  gateway: TwilioGateway;
  overrides: OverrideLookup;
  gate: RequestGate;
  rules: readonly Rule[];
  domainName: string;
}

/** Told about each action as it completes, so writes are counted even if a later one fails. */
export type OnActionDone = (action: TriggerAction) => void;

/** Returns the planned actions; in apply mode they have all been carried out when it resolves. */
export async function reconcileAccount(
  accountSid: string,
  mode: SetupMode,
  deps: ReconcileDeps,
  onActionDone: OnActionDone = () => undefined,
): Promise<TriggerAction[]> {
  const { gateway, gate } = deps;
  const override = await gate.run(() => deps.overrides.get(accountSid));
  const actual = await gate.run(() => gateway.listTriggers(accountSid));
  const actions = plan(
    actual,
    desiredTriggers(applyOverride(deps.rules, override), deps.domainName),
  );
  if (mode === 'plan') return actions;

  // Creates first, deletes last: protection is added before any is taken away.
  const order = { create: 0, replace: 1, update: 2, delete: 3 } as const;
  const sorted = [...actions].sort((a, b) => order[a.kind] - order[b.kind]);
  for (const action of sorted) {
    switch (action.kind) {
      case 'create':
        await gate.run(() => gateway.createTrigger(accountSid, action.spec));
        break;
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
