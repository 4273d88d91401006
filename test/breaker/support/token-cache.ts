// The breaker's account token cache as the tests build it: the main account's credentials from
// deliveries.ts, accounts fetched from a FakeGateway, a 5-minute TTL unless the test says otherwise.
import {
  createAccountTokenCache,
  type AccountTokenCacheOptions,
} from '../../../src/breaker/delivery/account-token-cache';
import type { FakeGateway } from './fake-gateway';
import { MAIN_SID, MAIN_TOKEN } from './deliveries';

export function tokenCacheOver(
  gateway: FakeGateway,
  options: Partial<Omit<AccountTokenCacheOptions, 'fetchAccount'>> = {},
) {
  return createAccountTokenCache({
    mainAccountSid: MAIN_SID,
    mainAuthToken: MAIN_TOKEN,
    fetchAccount: (sid) => gateway.fetchAccount(sid),
    ttlMs: 300_000,
    ...options,
  });
}
