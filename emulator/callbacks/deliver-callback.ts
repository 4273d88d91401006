import http from 'node:http';
import https from 'node:https';
import { isIPv4 } from 'node:net';
import twilio from 'twilio';
import type { CallbackResult, OutboundCallback } from '../types';

/** Twilio gives a webhook about 15 s before it gives up. */
export const DEFAULT_CALLBACK_TIMEOUT_MS = 15_000;
const USER_AGENT = 'TwilioProxy/1.1';

export interface DeliverCallbackOptions {
  timeoutMs?: number;
  /** The emulator calls only this machine unless told otherwise: it must not post signed data out. */
  allowNonLoopback?: boolean;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return isIPv4(host) && host.startsWith('127.');
}

/** A GET carries the parameters in the query string, and the signature then covers that URL. */
function requestTarget(cb: OutboundCallback): {
  url: string;
  body: string;
  params: Record<string, string>;
} {
  const form = new URLSearchParams(cb.params).toString();
  if (cb.method === 'POST') return { url: cb.url, body: form, params: cb.params };
  const url = new URL(cb.url);
  for (const [name, value] of Object.entries(cb.params)) url.searchParams.append(name, value);
  return { url: url.toString(), body: '', params: {} };
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
) {
  return new Promise<number>((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    // agent:false: one connection per delivery, so nothing keeps a test's server or process alive.
    const req = client.request(
      url,
      { method, headers, agent: false, timeout: timeoutMs },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no response within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Delivers a webhook the way Twilio does: form-encoded POST (or GET with the parameters in the
 * query), signed with X-Twilio-Signature over the URL and parameters by twilio-node's own signer.
 * The result's `url` and `params` are exactly what was signed, so
 * `twilio.validateRequest(token, result.signature, result.url, result.params)` holds.
 * Never throws: a refused target, a timeout or a reset comes back as status 'network-error'.
 */
export async function deliverCallback(
  cb: OutboundCallback,
  options: DeliverCallbackOptions = {},
): Promise<CallbackResult> {
  const target = requestTarget(cb);
  const failed = (error: string, signature = ''): CallbackResult => ({
    url: target.url,
    status: 'network-error',
    signature,
    params: target.params,
    error,
  });
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    return failed(`Invalid callback URL ${target.url}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return failed(
      `Refused callback to ${url.protocol} URL ${target.url}: only http(s) is supported`,
    );
  }
  if (!options.allowNonLoopback && !isLoopbackHost(url.hostname)) {
    return failed(
      `Refused callback to ${url.hostname}: the emulator only calls loopback addresses ` +
        '(127.0.0.0/8, localhost, ::1); pass allowNonLoopback to deliver elsewhere',
    );
  }
  const signature = twilio.getExpectedTwilioSignature(cb.signingToken, target.url, target.params);
  const headers: Record<string, string> = {
    'User-Agent': USER_AGENT,
    'X-Twilio-Signature': signature,
  };
  if (cb.method === 'POST') {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers['Content-Length'] = String(Buffer.byteLength(target.body));
  }
  try {
    const status = await send(
      url,
      cb.method,
      headers,
      target.body,
      options.timeoutMs ?? DEFAULT_CALLBACK_TIMEOUT_MS,
    );
    return { url: target.url, status, signature, params: target.params };
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error), signature);
  }
}
