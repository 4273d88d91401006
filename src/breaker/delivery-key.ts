// The identity of one firing of one trigger: Twilio's IdempotencyToken when it sends one, else the
// trigger and the moment it fired. Scoped by account, and hashed so the Sync key is short, has a
// safe alphabet whatever Twilio puts in the token, and reveals nothing.
import { createHash } from 'node:crypto';
import type { Delivery } from './parse-delivery';

export function deliveryKey(delivery: Delivery): string {
  const identity = delivery.idempotencyToken
    ? `token:${delivery.idempotencyToken}`
    : `fired:${delivery.usageTriggerSid}:${delivery.firedAt}`;
  const digest = createHash('sha256').update(`${delivery.accountSid}|${identity}`).digest('hex');
  return `d-${digest.slice(0, 40)}`;
}
