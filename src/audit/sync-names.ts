// Names of the Sync objects the project keeps (in the service named by SYNC_SERVICE_SID). One place,
// so the breaker, setup and the ops API agree on them.

/** Sync List: every audit event, oldest first. */
export const AUDIT_LIST = 'breaker-audit';
/** Sync Map: delivery key → claim (exactly-once processing of trigger deliveries). */
export const CLAIMS_MAP = 'breaker-claims';
/** Sync Map: account SID → its last reactivation by ops (see src/breaker/decision/reactivations.ts). */
export const REACTIVATIONS_MAP = 'breaker-reactivations';
/**
 * Sync Map: one item per wrong (or in-flight) second-factor code or password,
 * `<identity>:<window>:<n>`, so guessing is limited across Function instances (see
 * src/limits/sync-slots.ts, src/admin/code-attempts.ts, src/admin/password-attempts.ts).
 */
export const SIGN_IN_ATTEMPTS_MAP = 'breaker-sign-in-attempts';
/**
 * Sync Map: slots that cap, across instances, what outsiders could multiply: alerts per account,
 * tier and period (src/notify/alert-gate.ts), sign-in summary writes per hour and sign-in lock
 * alerts per window (src/admin/).
 */
export const LIMITS_MAP = 'breaker-limits';
/**
 * Sync Map: the self-scheduled reconcile (src/reconcile/): `pass` holds where the current pass
 * stands (its setup cursor); `claim:<hash>` items (TTL) let one invocation act on each state.
 */
export const RECONCILE_MAP = 'breaker-reconcile';
