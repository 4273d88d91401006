// Fixtures: accounts with obviously fake tokens, and Usage Trigger deliveries signed by
// twilio-node's signer (test/support/twilio-signer.ts) — never pasted signatures.
import { signTwilioRequest } from '../../support/twilio-signer';
import type { RuntimeRequest } from '../../../src/runtime/runtime-request';
import { breakerCallbackUrl } from '../../../src/breaker/delivery/callback-url';
import { type Tier } from '../../../src/domain/tier';
import type { AccountRecord } from '../../../src/twilio/gateway';
import type { BreakerConfig } from '../../../src/config/load-config';

export const sid = (prefix: string, n: number): string =>
  `${prefix}${n.toString(16).padStart(32, '0')}`;

export const MAIN_SID = sid('AC', 1);
export const MAIN_TOKEN = 'fake-token-main';
export const SUB_A = sid('AC', 0xa);
export const SUB_B = sid('AC', 0xb);
export const FOREIGN = sid('AC', 0xf);
export const TRIGGER = sid('UT', 1);
export const BASE_URL = 'https://breaker-1234-dev.twil.io';

export const tokenOf = (accountSid: string): string => `fake-token-${accountSid.slice(-4)}`;

export function subaccount(
  accountSid: string,
  overrides: Partial<AccountRecord> = {},
): AccountRecord {
  return {
    sid: accountSid,
    friendlyName: `Customer ${accountSid.slice(-1)}`,
    status: 'active',
    ownerAccountSid: MAIN_SID,
    authToken: tokenOf(accountSid),
    ...overrides,
  };
}

export function baseConfig(overrides: Partial<BreakerConfig> = {}): BreakerConfig {
  return {
    accountSid: MAIN_SID,
    authToken: MAIN_TOKEN,
    dryRun: false,
    allowList: [],
    alertSmsFrom: '+15005550006',
    alertSmsTo: ['+15005550001'],
    alertWebhookUrl: null,
    syncServiceSid: 'default',
    tokenCacheSeconds: 300,
    ...overrides,
  };
}

export function deliveryParams(
  accountSid: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    AccountSid: accountSid,
    UsageTriggerSid: TRIGGER,
    DateFired: 'Wed, 15 Jan 2025 11:59:00 +0000',
    Recurring: 'daily',
    UsageCategory: 'totalprice',
    TriggerBy: 'price',
    TriggerValue: '50',
    CurrentValue: '51.25',
    UsageRecordUri: `/2010-04-01/Accounts/${accountSid}/Usage/Records.json?Category=totalprice`,
    IdempotencyToken: `${TRIGGER}-2025-01-15`,
    ...overrides,
  };
}

export interface SignedDeliveryOptions {
  tier?: Tier;
  params?: Record<string, string>;
  /** Token to sign with; defaults to the account's own. */
  token?: string;
  /** Sign this URL but deliver to the breaker's URL (a forged tier, a proxy). */
  signedUrl?: string;
  headers?: Record<string, string>;
}

/** The request the runtime adapter would hand to the core for a signed delivery. */
export function signedDelivery(
  accountSid: string,
  options: SignedDeliveryOptions = {},
): RuntimeRequest {
  const params = options.params ?? deliveryParams(accountSid);
  const url = breakerCallbackUrl(BASE_URL, options.tier ?? 'trip');
  const token = options.token ?? (accountSid === MAIN_SID ? MAIN_TOKEN : tokenOf(accountSid));
  return {
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilioRequest(token, options.signedUrl ?? url, params),
      ...options.headers,
    },
    params,
  };
}
