import type { Twilio } from 'twilio';
import type { AccountInstance } from 'twilio/lib/rest/api/v2010/account';
import type { AccountRecord, AccountsPage, AccountStatus } from '../gateway-types';
import { isAccountSid } from '../sids';
import { requireSid, sidForMessage } from './require-sid';
import { callTwilio, TwilioNotFoundError } from '../twilio-errors';

const toRecord = (a: AccountInstance, withToken: boolean): AccountRecord => ({
  sid: a.sid,
  friendlyName: a.friendlyName,
  status: a.status as AccountStatus,
  ownerAccountSid: a.ownerAccountSid,
  ...(withToken ? { authToken: a.authToken } : {}),
});

// The cursor carries only Twilio's Page and PageToken, never a URL: a cursor can come back from
// outside (an admin page's query string), and following a caller-supplied URL would send the
// parent's credentials wherever it points.
interface Cursor {
  page: number;
  token?: string;
}

function encodeCursor(nextPageUrl: string | undefined): string | null {
  if (!nextPageUrl) return null;
  const query = new URL(nextPageUrl, 'https://api.twilio.com').searchParams;
  const cursor: Cursor = { page: Number(query.get('Page') ?? 0) };
  const token = query.get('PageToken');
  if (token) cursor.token = token;
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (Number.isInteger(parsed.page) && parsed.page >= 0) {
      if (parsed.token === undefined || typeof parsed.token === 'string') return parsed;
    }
  } catch {
    // fall through to the RangeError
  }
  throw new RangeError('Invalid accounts cursor: pass back a nextCursor returned by this gateway');
}

export function accountsGateway(client: Twilio) {
  const accounts = client.api.v2010.accounts;
  return {
    async fetchAccount(sid: string): Promise<AccountRecord | null> {
      if (!isAccountSid(sid)) return null;
      try {
        const account = await callTwilio(`fetch account ${sid}`, () => accounts(sid).fetch());
        return toRecord(account, true);
      } catch (error) {
        if (error instanceof TwilioNotFoundError) return null;
        throw error;
      }
    },

    async updateAccountStatus(sid: string, status: 'active' | 'suspended'): Promise<AccountRecord> {
      const operation = `set account ${sidForMessage('AC', sid)} status to ${status}`;
      requireSid('AC', sid, operation);
      const account = await callTwilio(operation, () => accounts(sid).update({ status }));
      return toRecord(account, false);
    },

    async listSubaccountsPage(cursor: string | null, pageSize: number): Promise<AccountsPage> {
      const position = cursor ? decodeCursor(cursor) : undefined;
      const page = await callTwilio('list subaccounts', () =>
        accounts.page({ pageSize, pageNumber: position?.page, pageToken: position?.token }),
      );
      // Listing with the parent's credentials includes the parent itself (its owner is itself).
      const subaccounts = page.instances.filter(
        (a) => a.sid !== client.accountSid && a.sid !== a.ownerAccountSid,
      );
      return {
        accounts: subaccounts.map((a) => toRecord(a, false)),
        nextCursor: encodeCursor(page.nextPageUrl),
      };
    },
  };
}
