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
// extension, so any re-split either leaves them byte for byte or makes DateFired unreadable.
//
// An unreadable DateFired (Twilio's format is unverified) is acted on, keyed by the account, the
// trigger and the GMT day the delivery arrived: at most one action per trigger per day, and the
// SIDs and our own clock are all a re-split cannot change. A moved boundary CAN turn a readable
// DateFired into an unreadable one, so every readable delivery also marks its trigger's day key
// as taken (`marks`, claim.ts › mark): that copy, arriving the same day, is a duplicate.
// test/security/signature-fuzz.test.ts › "gives a re-split copy … no second side effect" proves it.
import { createHash } from 'node:crypto';
import type { Delivery } from './parse-delivery';

export interface DeliveryKey {
  /** The key the delivery claims (claim.ts). */
  key: string;
  /** For a readable DateFired: the day key it also marks as taken (else null). */
  marks: string | null;
}

const hashed = (identity: string) =>
  `d-${createHash('sha256').update(identity).digest('hex').slice(0, 40)}`;

export function deliveryKey(
  delivery: Pick<Delivery, 'accountSid' | 'usageTriggerSid' | 'firedAt'>,
  receivedAt: number,
): DeliveryKey {
  const { accountSid, usageTriggerSid, firedAt } = delivery;
  const day = new Date(receivedAt).toISOString().slice(0, 10);
  const dayKey = hashed(`${accountSid}|day:${usageTriggerSid}:${day}`);
  if (firedAt === null) return { key: dayKey, marks: null };
  return { key: hashed(`${accountSid}|fired:${usageTriggerSid}:${firedAt}`), marks: dayKey };
}
