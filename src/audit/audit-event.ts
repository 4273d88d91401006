// The audit trail's event: one per decision, appended to the Sync List AUDIT_LIST and printed as
// one JSON line on the console. Never holds a token, nor a caller's raw input: SIDs are recorded
// only when they have a SID's shape, friendly names (which a subaccount can set) are trimmed.
import { randomBytes } from 'node:crypto';
import type { Tier } from '../domain/tier';

export type AuditAction =
  | 'suspended'
  | 'would-suspend'
  | 'alerted'
  | 'already-suspended'
  | 'skipped'
  | 'duplicate'
  | 'rejected'
  | 'failed'
  // A later copy of a delivery finished the call sweep its first copy could not (no new decision).
  | 'swept'
  // Summaries of alert-only deliveries whose alert was held back (src/notify/alert-gate.ts).
  | 'alert-held'
  // Written by ops and setup.
  | 'reactivated'
  | 'setup-run'
  // An admin set (reason 'set') or cleared (reason 'cleared') a subaccount's override.
  | 'override'
  // Written by the admin sign-in: every attempt, success or failure.
  | 'sign-in';

/** ok: done as decided; partial: done, but a follow-up (call sweep, alert) failed; error: not done; refused: rejected request. */
export type AuditOutcome = 'ok' | 'partial' | 'error' | 'refused';

export type AlertResults = Record<string, 'sent' | 'failed' | 'timeout'>;

export interface AuditEvent {
  /** Random, unique per event; a retried append shows up as two items with the same id. */
  id: string;
  /** ISO 8601: when the decision was made. */
  time: string;
  source: 'breaker' | 'setup' | 'ops';
  action: AuditAction;
  /** Short code for why: trip, dry-run, warn-tier, main-account, allow-listed, suspended, closed, fired-before-reactivation, a rejection reason, ... */
  reason: string;
  outcome: AuditOutcome;
  /** From the start of the invocation to the decision's completion. */
  durationMs: number;
  accountSid?: string | null;
  friendlyName?: string | null;
  triggerSid?: string | null;
  usageCategory?: string | null;
  triggerValue?: string | null;
  currentValue?: string | null;
  /** What the trigger counts (price: the account's currency) and over which period (daily…). */
  triggerBy?: 'count' | 'usage' | 'price' | null;
  recurring?: string | null;
  tier?: Tier | null;
  dateFired?: string | null;
  /** Correlates every event of one delivery (hash, see src/breaker/delivery/delivery-key.ts). */
  deliveryKey?: string | null;
  /** Twilio's IdempotencyToken as signed (printable ASCII): for the record, not the identity. */
  idempotencyToken?: string | null;
  /** From the start of the invocation to Twilio accepting the suspension. */
  suspendedAfterMs?: number;
  /** The call sweep after a suspension (see src/breaker/action/sweep-calls.ts). */
  calls?: {
    found: number;
    ended: number;
    failed: number;
    listed?: boolean;
    complete?: boolean;
  } | null;
  alerts?: AlertResults;
  /** Why no alert went out (src/notify/alert-gate.ts): unregistered-trigger, already-alerted, account-suspended. */
  alertHeld?: string;
  /** What the alert gate could not check, so the alert went out anyway: trigger-list, alert-slot, alert-gate. */
  alertUnchecked?: string[];
  /** What could not be checked and was assumed (fail closed): status-unknown, reactivation-unknown, claim-unavailable, date-fired-unreadable. */
  degraded?: string[];
  /** Summary events (rejected, duplicate, alert-held, sign-in): how many, per reason, and which accounts. */
  count?: number;
  counts?: Record<string, number>;
  accountSids?: string[];
  /** What went wrong, in our words or Twilio's (credentials redacted). */
  error?: string;
  /** Free-form details of ops and setup events. */
  detail?: Record<string, string | number | boolean | null>;
}

export const newEventId = (): string => `ev-${randomBytes(8).toString('hex')}`;

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** A friendly name as it may be recorded: no control characters, at most 64 characters. */
export function safeFriendlyName(name: string | null | undefined): string | null {
  if (typeof name !== 'string') return null;
  return name.replace(CONTROL, ' ').slice(0, 64);
}
