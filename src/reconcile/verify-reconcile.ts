// Who may call /reconcile: only requests signed with the MAIN account's auth token — the daily
// trigger's callbacks (the trigger lives on the main account, so Twilio signs them with its token)
// and the Function's own continuations, which it signs the same way (continuation.ts). Checked
// with twilio-node's validateRequest over the URL Twilio called, as the breaker checks deliveries.
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import type { RuntimeRequest } from '../runtime/runtime-request';
import { isUsageTriggerSid } from '../twilio/sids';
import type { ReconcileCall } from './decide-reconcile';

export type ReconcileVerification =
  | { ok: true; call: ReconcileCall }
  | { ok: false; status: number; reason: string; problem: string };

const refuse = (status: number, reason: string, problem: string): ReconcileVerification => ({
  ok: false,
  status,
  reason,
  problem,
});

const RUN_ID = /^[A-Za-z0-9-]{1,64}$/;
const STEP = /^\d{1,4}$/;

export function verifyReconcile(
  request: RuntimeRequest,
  main: { accountSid: string; authToken: string },
): ReconcileVerification {
  const type = request.headers['content-type'];
  if (request.method !== 'POST' || !type) return refuse(405, 'method-not-allowed', 'POST only');
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return refuse(415, 'unsupported-media-type', 'a form body is expected');
  }
  const signature = request.headers['x-twilio-signature'];
  if (!signature) return refuse(403, 'missing-signature', 'X-Twilio-Signature is missing');
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.params)) {
    if (typeof value !== 'string') return refuse(400, 'malformed', 'every parameter must be text');
    params[name] = value;
  }
  if (params.AccountSid !== main.accountSid) {
    return refuse(403, 'not-main-account', 'only the main account’s requests are taken');
  }
  if (!validateRequest(main.authToken, signature, request.url, params)) {
    return refuse(403, 'bad-signature', 'the signature does not match');
  }
  if (params.RunId !== undefined) {
    if (!RUN_ID.test(params.RunId) || !STEP.test(params.Step ?? '')) {
      return refuse(400, 'malformed', 'RunId and Step are malformed');
    }
    return { ok: true, call: { kind: 'continue', runId: params.RunId, step: Number(params.Step) } };
  }
  if (!isUsageTriggerSid(params.UsageTriggerSid)) {
    return refuse(400, 'malformed', 'neither a Usage Trigger callback nor a continuation');
  }
  return { ok: true, call: { kind: 'trigger' } };
}
