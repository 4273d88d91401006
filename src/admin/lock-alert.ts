// One alert per locked window of the admin password (password-attempts.ts), whatever the number
// of instances and refused attempts: a slot in Sync per window (src/limits/sync-slots.ts). It tells
// ops what is happening, until when, and how to get in meanwhile; the instance that sent it records
// one audit event for the window. Never throws: an alert that cannot go out is recorded as such,
// and the refusal stands.
import type { AlertResults } from '../audit/audit-event';
import { LIMITS_MAP } from '../audit/sync-names';
import { createSyncSlots, nullIfUnavailable, type SlotStore } from '../limits/sync-slots';
import type { Notifier } from '../notify/notifier';
import {
  MAX_WRONG_PASSWORDS,
  MAX_WRONG_PASSWORDS_TOTAL,
  PASSWORD_WINDOW_MS,
} from './password-attempts';

export interface LockAlert {
  /**
   * Sends this window's alert unless one went out already: the channels' results ({} without
   * channels), or null when it was not this attempt's to send.
   */
  send(
    lock: { window: string; retryAfterSeconds: number },
    deps: {
      store: SlotStore;
      /** Built only when this attempt sends the window's alert. */
      notifier: () => Notifier | null;
      dashboardUrl: string | null;
      now: () => number;
      deadlineAt: number;
    },
  ): Promise<AlertResults | null>;
}

/** e.g. "12:45 GMT" */
const gmtTime = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} GMT`;

export function lockAlertText(until: number, dashboardUrl: string | null): string {
  const minutes = PASSWORD_WINDOW_MS / 60_000;
  return (
    `Twilio breaker: admin sign-in LOCKED until ${gmtTime(until)}: ` +
    `${MAX_WRONG_PASSWORDS} wrong passwords for one username, or ${MAX_WRONG_PASSWORDS_TOTAL} ` +
    `in all, within ${minutes} minutes. Until then no password is checked, right or wrong; API ` +
    'tokens still work. If this was not you, someone is guessing the admin password: see ' +
    '"Locked out" in docs/OPERATIONS.md.' +
    (dashboardUrl ? ` Dashboard: ${dashboardUrl}` : '')
  );
}

/** One per Function instance. */
export function createLockAlert(): LockAlert {
  const slots = createSyncSlots(LIMITS_MAP);
  return {
    async send(lock, deps) {
      const until = deps.now() + lock.retryAfterSeconds * 1000;
      const window = { id: lock.window, endsAt: until };
      const slot = await slots
        .take('sign-in-lock', 1, window, deps.store, deps.now)
        .catch(nullIfUnavailable);
      if (!slot?.ok) return null;
      const notifier = deps.notifier();
      if (!notifier) return {};
      return notifier.notifyText(lockAlertText(until, deps.dashboardUrl), deps.deadlineAt);
    },
  };
}
