// Authenticates a Usage Trigger delivery before anything else happens: method, content type,
// presence of a signature, parameter shapes (all free), then the signing account's token (cached,
// or one fetch) and twilio-node's validator over the URL Twilio called. A mismatch with a cached
// token fetches the token once more, in case it was rotated.
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import type { RuntimeRequest } from '../../runtime/runtime-request';
import type { AccountTokenCache, TokenLookup } from './account-token-cache';
import { parseDelivery, type Delivery } from './parse-delivery';
import { isAccountSid } from '../../twilio/sids';
import { OverloadedError } from '../../retry/overload';
import type { Tier } from '../../domain/tier';
import { rethrowUnlessTwilio } from '../../twilio/twilio-errors';

export type RejectReason =
  | 'method-not-allowed'
  | 'unsupported-media-type'
  | 'missing-signature'
  | 'malformed'
  | 'not-our-account'
  | 'bad-signature'
  | 'token-unavailable'
  | 'overloaded';

export interface Rejection {
  reason: RejectReason;
  status: number;
  /** Our own words (never the caller's input), safe to answer and record. */
  problem: string;
  /** The AccountSid when it has a SID's shape (so it carries no attacker text), else null. */
  accountSid: string | null;
  /** Twilio API calls spent on this request. */
  twilioCalls: number;
  /** The tier the URL names, once the request has parsed (signed, but not yet verified). */
  tier?: Tier;
}

export type Signer = Extract<TokenLookup, { kind: 'main' | 'subaccount' }>;

export type Verification =
  | { ok: true; delivery: Delivery; signer: Signer; twilioCalls: number }
  | { ok: false; rejection: Rejection };

const FORM = 'application/x-www-form-urlencoded';

const reject = (
  reason: RejectReason,
  status: number,
  problem: string,
  accountSid: unknown = null,
  twilioCalls = 0,
  tier?: Tier,
): Verification => ({
  ok: false,
  rejection: {
    reason,
    status,
    problem,
    accountSid: isAccountSid(accountSid) ? accountSid : null,
    twilioCalls,
    ...(tier ? { tier } : {}),
  },
});

export async function verifyDelivery(
  request: RuntimeRequest,
  tokens: AccountTokenCache,
  now: number,
): Promise<Verification> {
  if (request.method !== 'POST') {
    return reject('method-not-allowed', 405, 'Usage Trigger deliveries are POSTs');
  }
  const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (contentType !== FORM) {
    return reject('unsupported-media-type', 415, `the body must be ${FORM}`);
  }
  const signature = request.headers['x-twilio-signature'];
  const sid = request.params.AccountSid;
  if (!signature) return reject('missing-signature', 403, 'X-Twilio-Signature is missing', sid);
  const parsed = parseDelivery(request.params, request.url);
  if (!parsed.ok) return reject('malformed', 400, parsed.problem, sid);
  const { delivery } = parsed;

  let calls = 0;
  const valid = (token: string) => validateRequest(token, signature, request.url, request.params);
  let signer: TokenLookup | null;
  try {
    signer = await tokens.lookup(delivery.accountSid, now);
    if (signer.fetchedNow) calls += 1;
    if (signer.kind !== 'not-ours' && !valid(signer.token) && !signer.fetchedNow) {
      signer = await tokens.refetch(delivery.accountSid, now);
      if (signer?.fetchedNow) calls += 1;
    }
  } catch (error) {
    // Only 429s, or no turn at the cap before the deadline: Twilio is busy, not failing.
    if (error instanceof OverloadedError) {
      const problem = 'Twilio is too busy to check the account now; retry';
      return reject('overloaded', 503, problem, sid, calls + 1, delivery.tier);
    }
    rethrowUnlessTwilio(error);
    const problem = 'the account could not be checked; retry';
    return reject('token-unavailable', 503, problem, sid, calls + 1, delivery.tier);
  }
  if (signer?.kind === 'not-ours') {
    return reject('not-our-account', 403, 'not a subaccount of this service', sid, calls);
  }
  if (!signer || !valid(signer.token)) {
    return reject('bad-signature', 403, 'X-Twilio-Signature does not match', sid, calls);
  }
  return { ok: true, delivery, signer, twilioCalls: calls };
}
