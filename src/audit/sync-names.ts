// Names of the Sync objects the project keeps (in the service named by SYNC_SERVICE_SID). One place,
// so the breaker, setup and the ops API agree on them.

/** Sync List: every audit event, oldest first. */
export const AUDIT_LIST = 'breaker-audit';
/** Sync Map: delivery key → claim (exactly-once processing of trigger deliveries). */
export const CLAIMS_MAP = 'breaker-claims';
/** Sync Map: account SID → its last reactivation by ops (see src/breaker/decision/reactivations.ts). */
export const REACTIVATIONS_MAP = 'breaker-reactivations';
/**
 * Sync Map: one item per wrong (or in-flight) second-factor code, `<identity>:<window>:<n>`, so
 * code guessing is limited across Function instances (see src/admin/code-attempts.ts).
 */
export const SIGN_IN_ATTEMPTS_MAP = 'breaker-sign-in-attempts';
/**
 * Sync Map: the self-scheduled reconcile (src/reconcile/): `pass` holds where the current pass
 * stands (its setup cursor); `claim:<hash>` items (TTL) let one invocation act on each state.
 */
export const RECONCILE_MAP = 'breaker-reconcile';
