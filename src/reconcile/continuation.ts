// A pass of 10,000 subaccounts takes several invocations (Functions stop at 10 s), so each one
// that leaves work calls /reconcile again for the next step, signed with the main account's token
// like the trigger's callbacks (verify-reconcile.ts takes nothing else), and answers its own caller
// once that request is on its way.
//
// Unverified: that Twilio Functions run an invocation to its end after its caller disconnected
// (the calling invocation ends right after sending). If they do not, the chain stops after one
// step; the pass state in Sync keeps its cursor, and the next callback to /reconcile resumes it
// (decide-reconcile.ts: a pass that has not moved for a minute is resumed). docs/SETUP.md states
// what that costs.
import http from 'node:http';
import https from 'node:https';
import twilio from 'twilio';

export interface Continuation {
  url: string;
  params: Record<string, string>;
  signature: string;
}

export function signedContinuation(
  url: string,
  main: { accountSid: string; authToken: string },
  runId: string,
  step: number,
): Continuation {
  const params = { AccountSid: main.accountSid, RunId: runId, Step: String(step) };
  return { url, params, signature: twilio.getExpectedTwilioSignature(main.authToken, url, params) };
}

/**
 * POSTs the continuation and resolves once it is sent — or answered, or failed — without waiting
 * for the next step to finish (that would chain every step into this invocation's 10 s).
 */
export function sendContinuation(next: Continuation, timeoutMs = 1500): Promise<'sent' | 'failed'> {
  const body = new URLSearchParams(next.params).toString();
  const url = new URL(next.url);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: 'sent' | 'failed') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const request = client.request(url, {
      method: 'POST',
      agent: false,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': String(Buffer.byteLength(body)),
        'X-Twilio-Signature': next.signature,
      },
    });
    const timer = setTimeout(() => settle('failed'), timeoutMs);
    request.on('error', () => settle('failed'));
    request.on('response', (response) => {
      response.resume();
      settle(response.statusCode && response.statusCode < 500 ? 'sent' : 'failed');
    });
    // Flushed to the socket: the next step has its request; this one need not wait for it.
    request.on('finish', () => setTimeout(() => settle('sent'), 100));
    request.end(body);
  });
}
