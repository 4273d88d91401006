import { randomBytes } from 'node:crypto';

/** A Twilio-shaped SID: two-letter prefix + 32 lowercase hex chars (e.g. AC…, CA…, SM…). */
export function newSid(prefix: string): string {
  if (!/^[A-Z]{2}$/.test(prefix))
    throw new Error(`SID prefix must be two capital letters: ${prefix}`);
  return prefix + randomBytes(16).toString('hex');
}

/** Twilio auth tokens are 32 hex chars. Emulator tokens are random, local and fake. */
export function newAuthToken(): string {
  return randomBytes(16).toString('hex');
}
