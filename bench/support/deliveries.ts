// Usage Trigger deliveries as Twilio sends them, signed with the owning account's token by
// twilio-node's signer (test/support/twilio-signer.ts) — over HTTP to the Functions server, or as
// the request value the breaker core takes.
import { randomBytes } from 'node:crypto';
import { breakerCallbackUrl } from '../../src/breaker/delivery/callback-url';
import { type Tier } from '../../src/domain/tier';
import type { RuntimeRequest } from '../../src/runtime/runtime-request';
import { deliveryParams } from '../../test/breaker/support/deliveries';
import { postWithSignature, signTwilioRequest } from '../../test/support/twilio-signer';

/** A fresh delivery (own trigger sid and idempotency token) fired now for `accountSid`. */
export function freshDelivery(accountSid: string): Record<string, string> {
  const id = randomBytes(16).toString('hex');
  return deliveryParams(accountSid, {
    UsageTriggerSid: `UT${id}`,
    DateFired: new Date().toUTCString().replace('GMT', '+0000'),
    IdempotencyToken: `bench-${id}`,
  });
}

export interface SignedDelivery {
  url: string;
  params: Record<string, string>;
  signature: string;
}

export function signDelivery(
  baseUrl: string,
  tier: Tier,
  params: Record<string, string>,
  token: string,
): SignedDelivery {
  const url = breakerCallbackUrl(baseUrl, tier);
  return { url, params, signature: signTwilioRequest(token, url, params) };
}

export interface DeliveryAnswer {
  status: number;
  /** The breaker's JSON answer: action, reason, eventId… */
  body: { action?: string; reason?: string; eventId?: string; [key: string]: unknown };
}

/** POSTs a signed delivery (form body, X-Twilio-Signature), as Twilio does. */
export async function postDelivery(d: SignedDelivery): Promise<DeliveryAnswer> {
  const { status, body: text } = await postWithSignature(d.url, d.params, d.signature);
  let body: DeliveryAnswer['body'] = {};
  try {
    body = JSON.parse(text) as DeliveryAnswer['body'];
  } catch {
    body = { text: text.slice(0, 200) };
  }
  return { status, body };
}

/** The request value the runtime adapter hands the breaker core for the same delivery. */
export function runtimeRequest(d: SignedDelivery): RuntimeRequest {
  return {
    method: 'POST',
    url: d.url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': d.signature,
    },
    params: d.params,
  };
}
