// Ops put a suspended subaccount back to `active`, with who and why on record. The order matters:
// the reactivation is recorded BEFORE the status changes, so no delivery fired earlier can slip in
// between and suspend the account again (the breaker skips deliveries fired before it).
import { badRequest, AdminRequestError } from '../admin/admin-request-error';
import { newEventId, safeFriendlyName, type AuditEvent } from '../audit/audit-event';
import { recordReactivation } from '../breaker/decision/reactivations';
import type { Clock } from '../runtime/clock';
import type { AccountRecord, TwilioGateway } from '../twilio/gateway';
import { isAccountSid } from '../twilio/sids';
import {
  AccountSuspendedByTwilioError,
  ParentAccountSuspendedError,
  redactSecrets,
  TwilioError,
} from '../twilio/twilio-errors';

export const MAX_OPERATOR_LENGTH = 100;
export const MAX_REASON_LENGTH = 500;
/** Twilio's "subaccount is closed and can not be re-opened". */
const CODE_CLOSED = 21479;

export interface ReactivateInput {
  accountSid: string;
  operator: string;
  reason: string;
}

export interface ReactivateDeps {
  gateway: Pick<TwilioGateway, 'fetchAccount' | 'updateAccountStatus' | 'putMapItem'>;
  mainAccountSid: string;
  /** The admin username that signed in (one shared login; `operator` names the person). */
  signedInAs: string;
  clock: Pick<Clock, 'now'>;
  /** Appends the event to the audit list and logs it; 'pending' when only the log has it. */
  audit(event: AuditEvent): Promise<'written' | 'pending'>;
}

export interface ReactivateResult {
  account: Pick<AccountRecord, 'sid' | 'status' | 'friendlyName'>;
  event: AuditEvent;
  audit: 'written' | 'pending';
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

function text(params: Record<string, unknown>, name: string, max: number, what: string): string {
  const value = params[name];
  const cleaned = typeof value === 'string' ? value.replace(CONTROL, ' ').trim() : '';
  if (!cleaned) throw badRequest(`${name} is required: ${what}`);
  if (cleaned.length > max) throw badRequest(`${name} must be at most ${max} characters`);
  return cleaned;
}

/** The body of POST /admin-reactivate (JSON or form, both arrive as params). */
export function parseReactivateInput(params: Record<string, unknown>): ReactivateInput {
  const { accountSid } = params;
  if (!isAccountSid(accountSid)) {
    throw badRequest('accountSid must be a subaccount SID: AC followed by 32 hex digits');
  }
  return {
    accountSid,
    operator: text(params, 'operator', MAX_OPERATOR_LENGTH, 'who is reactivating'),
    reason: text(params, 'reason', MAX_REASON_LENGTH, 'why it is safe to reactivate'),
  };
}

const notFound = (sid: string) =>
  new AdminRequestError(
    404,
    'not-found',
    `${sid} is not a subaccount of this account: check the SID`,
  );

async function subaccount(input: ReactivateInput, deps: ReactivateDeps): Promise<AccountRecord> {
  if (input.accountSid === deps.mainAccountSid) throw notFound(input.accountSid);
  const account = await deps.gateway.fetchAccount(input.accountSid);
  if (!account || account.ownerAccountSid !== deps.mainAccountSid) throw notFound(input.accountSid);
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

export async function reactivate(
  input: ReactivateInput,
  deps: ReactivateDeps,
): Promise<ReactivateResult> {
  const started = deps.clock.now();
  const account = await subaccount(input, deps);
  const reactivatedAt = new Date(deps.clock.now()).toISOString();
  const { operator, reason } = input;
  await recordReactivation(deps.gateway, {
    accountSid: account.sid,
    reactivatedAt,
    operator,
    reason,
  });

  const event = (outcome: 'ok' | 'error', code: string, error?: string): AuditEvent => ({
    id: newEventId(),
    time: reactivatedAt,
    source: 'ops',
    action: 'reactivated',
    reason: code,
    outcome,
    durationMs: deps.clock.now() - started,
    accountSid: account.sid,
    friendlyName: safeFriendlyName(account.friendlyName),
    detail: { operator, reason, signedInAs: deps.signedInAs, previousStatus: account.status },
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
  const done = event('ok', 'by-ops');
  const audit = await deps.audit(done);
  const { sid, status, friendlyName } = updated;
  return { account: { sid, status, friendlyName }, event: done, audit };
}
