import twilio from 'twilio';

// Tests sign (and forge) webhooks with twilio-node's own signer, never with pasted signatures, so a
// change in how Twilio signs shows up as a failing test instead of a stale constant.

/** X-Twilio-Signature for a form POST of `params` to `url`, as Twilio would compute it with `authToken`. */
export function signTwilioRequest(
  authToken: string,
  url: string,
  params: Record<string, string> = {},
): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/** Headers of a form POST carrying `signature`, ready for fetch or http.request. */
export function signedFormHeaders(signature: string): Record<string, string> {
  return {
    'Content-Type': 'application/x-www-form-urlencoded',
    'X-Twilio-Signature': signature,
  };
}

/** POSTs a form with a signature made earlier (a recorded delivery, a replay), as Twilio sends it. */
export async function postWithSignature(
  url: string,
  params: Record<string, string>,
  signature: string,
): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: signedFormHeaders(signature),
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, body: await response.text() };
}

/**
 * POSTs `params` to `url` signed with `authToken`, like a Usage Trigger delivery. `signedUrl` lets a
 * test sign one URL and send to another (a proxied or forged request).
 */
export function postSignedForm(
  url: string,
  params: Record<string, string>,
  authToken: string,
  signedUrl: string = url,
): Promise<{ status: number; body: string }> {
  return postWithSignature(url, params, signTwilioRequest(authToken, signedUrl, params));
}
