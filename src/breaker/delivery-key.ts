// The identity of one firing of one trigger: the account, the trigger and the moment it fired (a
// trigger fires at most once per recurring period, so two firings never share a DateFired).
// Hashed so the Sync key is short, has a safe alphabet and reveals nothing.
//
// Why not Twilio's IdempotencyToken: the signature covers names and values run together, so a
// replayer can move the boundary between the token and the next parameter
// (IdempotencyToken=X&Recurring=daily → IdempotencyToken=XRecurringdaily) and keep the signature
// valid. The token is free text, so such a copy would get a new key and act again. The three
// values used here cannot move: each name occurs once in a delivery's signing string, the SIDs are
// exactly 34 characters, and DateFired's grammar (date-fired.ts) has no valid prefix or
// extension, so any re-split either leaves them byte for byte or is refused (400).
// test/security/signature-fuzz.test.ts › "gives a re-split copy … no second side effect" proves it.
import { createHash } from 'node:crypto';
import type { Delivery } from './parse-delivery';

export function deliveryKey(
  delivery: Pick<Delivery, 'accountSid' | 'usageTriggerSid' | 'firedAt'>,
): string {
  const identity = `${delivery.accountSid}|fired:${delivery.usageTriggerSid}:${delivery.firedAt}`;
  const digest = createHash('sha256').update(identity).digest('hex');
  return `d-${digest.slice(0, 40)}`;
}
