// Ops put a suspended subaccount back to `active`, with who and why on record, and arm it again at
// once: its trip trigger may have fired this period already, and would not fire again until the
// next one. The order matters: (1) the re-arm trigger is made while the account is still
// suspended, so it is armed the moment it is active; (2) the reactivation (with the re-arm's
// state) is recorded BEFORE the status changes, so no delivery fired earlier can slip in between
// and suspend the account again (the breaker skips deliveries fired before it); (3) the status.
// A re-arm that failed does not stop the reactivation (ops decided), but is said loudly: the
// answer, the audit event (outcome partial) and an alert; setup repairs it (src/rearm/).
import { AdminRequestError } from '../admin/admin-request-error';
import { ownSubaccount } from '../admin/own-subaccount';
import type { AlertResults, AuditEvent } from '../audit/audit-event';
import { newEventId, safeFriendlyName } from '../audit/audit-event';
import { recordReactivation } from '../breaker/decision/reactivations';
import type { Alert } from '../notify/format-alert';
import type { Rearm } from '../rearm/rearm';
import { noRearm, rearmAccount } from '../rearm/rearm-account';
import { rearmRule } from '../rearm/rearm-rule';
import type { Clock } from '../runtime/clock';
import type { OverrideLookup } from '../setup/overrides';
import type { Rule } from '../setup/rules';
import type { AccountRecord, TwilioGateway } from '../twilio/gateway';
import {
  AccountSuspendedByTwilioError,
  ParentAccountSuspendedError,
  redactSecrets,
  TwilioError,
} from '../twilio/twilio-errors';
import type { ReactivateInput } from './reactivate-input';
import { rethrowUnlessTwilio } from '../twilio/twilio-errors';

export {
  MAX_OPERATOR_LENGTH,
  MAX_REASON_LENGTH,
  parseReactivateInput,
  type ReactivateInput,
} from './reactivate-input';

/** Twilio's "subaccount is closed and can not be re-opened". */
const CODE_CLOSED = 21479;

/** What the re-arm needs: setup's rules and overrides, and where the breaker is. */
export interface RearmSettings {
  rules: readonly Rule[];
  overrides: OverrideLookup;
  /** The Function's DOMAIN_NAME. */
  domainName: string;
}

export interface ReactivateDeps {
  gateway: Pick<
    TwilioGateway,
    'fetchAccount' | 'updateAccountStatus' | 'putMapItem' | 'readUsage' | 'createTrigger'
  >;
  mainAccountSid: string;
  /** The admin username that signed in (one shared login; `operator` names the person). */
  signedInAs: string;
  clock: Pick<Clock, 'now'>;
  rearm: RearmSettings;
  /** Appends the event to the audit list and logs it; 'pending' when only the log has it. */
  audit(event: AuditEvent): Promise<'written' | 'pending'>;
  /** Sends an alert on every configured channel (a failed re-arm); absent = no channels. */
  notify?(alert: Alert): Promise<AlertResults>;
}

export interface ReactivateResult {
  account: Pick<AccountRecord, 'sid' | 'status' | 'friendlyName'>;
  event: AuditEvent;
  audit: 'written' | 'pending';
  rearm: Rearm;
  /** The protection in words, e.g. "suspends again if it spends $100 more today (at $600)". */
  protection: string;
}

async function subaccount(input: ReactivateInput, deps: ReactivateDeps): Promise<AccountRecord> {
  const account = await ownSubaccount(deps.gateway, deps.mainAccountSid, input.accountSid);
  if (account.status === 'closed') {
    throw new AdminRequestError(409, 'closed', `${account.sid} is closed; closing is permanent`);
  }
  if (account.status === 'active') {
    throw new AdminRequestError(
      409,
      'not-suspended',
      `${account.sid} is already active; nothing was changed`,
    );
  }
  return account;
}

/** Twilio refusals ops cannot fix by retrying, as the 409 to answer (null: not one of those). */
function refusal(error: unknown, sid: string): AdminRequestError | null {
  if (error instanceof AccountSuspendedByTwilioError) {
    const message = `Twilio itself suspended ${sid} (error 21478): ops cannot lift it; contact Twilio support`;
    return new AdminRequestError(409, 'suspended-by-twilio', message);
  }
  if (error instanceof ParentAccountSuspendedError) {
    const message = `the parent account is suspended (error 21476): reactivate it first, or contact Twilio support`;
    return new AdminRequestError(409, 'parent-suspended', message);
  }
  if (error instanceof TwilioError && error.code === CODE_CLOSED) {
    return new AdminRequestError(409, 'closed', `${sid} is closed; closing is permanent`);
  }
  return null;
}

/** The account's override; one that cannot be read counts as none (the stricter configured rules). */
async function overrideOf(settings: RearmSettings, sid: string) {
  try {
    return await settings.overrides.get(sid);
  } catch (error) {
    rethrowUnlessTwilio(error);
    return null;
  }
}

export async function armAgain(
  accountSid: string,
  headroom: string | undefined,
  deps: Pick<ReactivateDeps, 'gateway' | 'rearm'>,
  now: number,
): Promise<Rearm> {
  const choice = rearmRule(deps.rearm.rules, await overrideOf(deps.rearm, accountSid));
  if (!choice.rule) return noRearm(choice.reason, now);
  return rearmAccount(
    { accountSid, rule: choice.rule, headroom: headroom ?? choice.rule.value },
    { gateway: deps.gateway, domainName: deps.rearm.domainName, now },
  );
}

/** The event's flat detail about the re-arm (Sync and the log keep it with the event). */
function rearmDetail(rearm: Rearm): Record<string, string | number | null> {
  return {
    rearm: rearm.state,
    protection: rearm.statement,
    headroom: rearm.headroom,
    firesAt: rearm.firesAt,
    rearmTriggerSid: rearm.triggerSid,
    rearmUntil: rearm.until,
  };
}

function rearmAlert(account: AccountRecord, rearm: Rearm): Alert {
  return {
    kind: 'failed',
    action: 'reactivated',
    reason: 'rearm-failed',
    accountSid: account.sid,
    friendlyName: safeFriendlyName(account.friendlyName),
    usageCategory: rearm.usageCategory,
    triggerBy: rearm.triggerBy,
    triggerValue: rearm.triggerValue,
    currentValue: rearm.periodValue === null ? null : String(rearm.periodValue),
    recurring: rearm.recurring,
    error: rearm.statement,
  };
}

export async function reactivate(
  input: ReactivateInput,
  deps: ReactivateDeps,
): Promise<ReactivateResult> {
  const started = deps.clock.now();
  const account = await subaccount(input, deps);
  const now = deps.clock.now();
  const reactivatedAt = new Date(now).toISOString();
  const { operator, reason } = input;
  const rearm = await armAgain(account.sid, input.headroom, deps, now);
  await recordReactivation(deps.gateway, {
    accountSid: account.sid,
    reactivatedAt,
    operator,
    reason,
    rearm,
  });

  const event = (outcome: AuditEvent['outcome'], code: string, error?: string): AuditEvent => ({
    id: newEventId(),
    time: reactivatedAt,
    source: 'ops',
    action: 'reactivated',
    reason: code,
    outcome,
    durationMs: deps.clock.now() - started,
    accountSid: account.sid,
    friendlyName: safeFriendlyName(account.friendlyName),
    detail: {
      operator,
      reason,
      signedInAs: deps.signedInAs,
      previousStatus: account.status,
      ...rearmDetail(rearm),
    },
    ...(error ? { error } : {}),
  });

  let updated: AccountRecord;
  try {
    updated = await deps.gateway.updateAccountStatus(account.sid, 'active');
  } catch (error) {
    const refused = refusal(error, account.sid);
    if (!refused) throw error;
    // The attempt is on record too: who tried, and why Twilio said no.
    await deps.audit(event('error', refused.code, redactSecrets(refused.message)));
    throw refused;
  }
  const failed = rearm.state === 'failed';
  const done = failed ? event('partial', 'by-ops', rearm.error) : event('ok', 'by-ops');
  if (failed && deps.notify) done.alerts = await deps.notify(rearmAlert(account, rearm));
  const audit = await deps.audit(done);
  const { sid, status, friendlyName } = updated;
  return {
    account: { sid, status, friendlyName },
    event: done,
    audit,
    rearm,
    protection: rearm.statement,
  };
}
