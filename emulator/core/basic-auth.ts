import { timingSafeEqual } from 'node:crypto';
import { TwilioApiError } from '../http/twilio-error';
import type { AccountDirectory } from '../types';

export const authenticationFailed = () => new TwilioApiError(401, 20003, 'Authenticate');

export function parseBasicAuth(
  header: string | undefined,
): { username: string; password: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Returns the SID of the account whose AccountSid:AuthToken the request carries. Like Twilio, an
 * account that is not active (suspended or closed) cannot authenticate with its own credentials;
 * its parent still can act on it.
 */
export function authenticate(accounts: AccountDirectory, header: string | undefined): string {
  const creds = parseBasicAuth(header);
  const account = creds && accounts.get(creds.username);
  if (!creds || !account || !sameSecret(account.auth_token, creds.password)) {
    throw authenticationFailed();
  }
  if (account.status !== 'active') throw authenticationFailed();
  return account.sid;
}
