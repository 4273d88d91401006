// A subaccount named by an admin request, fetched and checked to belong to this service's main
// account. Anything else — unknown, another parent's, the main account itself — is the same 404, so
// an answer never confirms that someone else's account exists.
import type { AccountRecord, TwilioGateway } from '../twilio/gateway';
import { AdminRequestError } from './admin-request-error';

export const notOurSubaccount = (sid: string) =>
  new AdminRequestError(
    404,
    'not-found',
    `${sid} is not a subaccount of this account: check the SID`,
  );

export async function ownSubaccount(
  gateway: Pick<TwilioGateway, 'fetchAccount'>,
  mainAccountSid: string,
  sid: string,
): Promise<AccountRecord> {
  if (sid === mainAccountSid) throw notOurSubaccount(sid);
  const account = await gateway.fetchAccount(sid);
  if (!account || account.ownerAccountSid !== mainAccountSid) throw notOurSubaccount(sid);
  return account;
}
