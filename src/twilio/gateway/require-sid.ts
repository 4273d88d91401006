import { isSid, type SidPrefix } from '../sids';
import { TwilioNotFoundError } from '../twilio-errors';

/**
 * A malformed SID cannot name anything on Twilio, which would answer 404: answer the same without
 * spending a request, and keep the garbage out of URL paths and error messages.
 */
export function requireSid(prefix: SidPrefix, value: string, operation: string): void {
  if (isSid(prefix, value)) return;
  throw new TwilioNotFoundError(
    `${operation} failed: the ${prefix} SID given is malformed (${prefix} + 32 hex digits expected).`,
    404,
    undefined,
    operation,
    false,
  );
}

/** `sid` itself when well-formed, a placeholder otherwise: for messages that may be logged. */
export const sidForMessage = (prefix: SidPrefix, sid: string): string =>
  isSid(prefix, sid) ? sid : `(malformed ${prefix} SID)`;
