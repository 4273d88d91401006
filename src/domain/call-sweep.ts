// What ending a suspended account's live calls found and did: the breaker's sweep reports it, the
// alert and the audit event tell it.

export interface CallSweep {
  /** Live (queued, ringing, in-progress) calls found. */
  found: number;
  ended: number;
  failed: number;
  /** Every call state (queued, ringing, in-progress) was listed. */
  listed: boolean;
  /** Listed, and every call found was ended: nothing is left running. */
  complete: boolean;
}
