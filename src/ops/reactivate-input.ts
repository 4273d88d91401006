// The body of POST /admin-reactivate (JSON or form, both arrive as params), checked before anything
// is read or written: the account, who reactivates and why, and optionally the headroom of the
// re-arm (how much more the account may use before it is suspended again).
import { badRequest } from '../admin/admin-request-error';
import { isPositiveDecimal } from '../setup/rules';
import { isAccountSid } from '../twilio/sids';

export const MAX_OPERATOR_LENGTH = 100;
export const MAX_REASON_LENGTH = 500;

export interface ReactivateInput {
  accountSid: string;
  operator: string;
  reason: string;
  /** A positive decimal in the trip rule's unit; absent = the trip rule's own value. */
  headroom?: string;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

function text(params: Record<string, unknown>, name: string, max: number, what: string): string {
  const value = params[name];
  const cleaned = typeof value === 'string' ? value.replace(CONTROL, ' ').trim() : '';
  if (!cleaned) throw badRequest(`${name} is required: ${what}`);
  if (cleaned.length > max) throw badRequest(`${name} must be at most ${max} characters`);
  return cleaned;
}

/** The account SID of a reactivation request (also the query of its preview). */
export function accountSidOf(params: Record<string, unknown>): string {
  const { accountSid } = params;
  if (!isAccountSid(accountSid)) {
    throw badRequest('accountSid must be a subaccount SID: AC followed by 32 hex digits');
  }
  return accountSid;
}

/** A headroom as given (number or string), or undefined when absent or empty. */
export function headroomOf(params: Record<string, unknown>): string | undefined {
  const raw = params.headroom;
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!isPositiveDecimal(value)) {
    throw badRequest(
      'headroom must be a positive amount such as "100" or "12.5" (at most 4 decimals): how much ' +
        'more the account may use before it is suspended again; leave it out for the trip rule’s value',
    );
  }
  return value;
}

export function parseReactivateInput(params: Record<string, unknown>): ReactivateInput {
  const accountSid = accountSidOf(params);
  const headroom = headroomOf(params);
  return {
    accountSid,
    operator: text(params, 'operator', MAX_OPERATOR_LENGTH, 'who is reactivating'),
    reason: text(params, 'reason', MAX_REASON_LENGTH, 'why it is safe to reactivate'),
    ...(headroom ? { headroom } : {}),
  };
}
