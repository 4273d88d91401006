// What one Function instance remembers about sign-ins, so that what outsiders send is bounded
// across instances: wrong passwords (password-attempts.ts), failed attempts summarised instead of
// written one by one (sign-in-summary.ts), one alert per locked window (lock-alert.ts). The admin
// shell keeps one per warm instance and hands it to the sign-in endpoint and to its own Basic check.
import { newEventId, type AlertResults, type AuditEvent } from '../audit/audit-event';
import { createAuditSink } from '../audit/audit-sink';
import type { Notifier } from '../notify/notifier';
import type { Clock } from '../runtime/clock';
import type { TwilioGateway } from '../twilio/gateway';
import { createLockAlert } from './lock-alert';
import {
  createPasswordAttempts,
  type CompareCredentials,
  type PasswordVerdict,
} from './password-attempts';
import type { AdminCredentials } from './password-check';
import { createSignInSummary } from './sign-in-summary';

/** How long a summary's audit append may take before it is left to the log. */
const AUDIT_BUDGET_MS = 2000;

export interface SignInServices {
  gateway(): TwilioGateway;
  clock: Clock;
  log(line: string): void;
  /** The configured alert channels; null when none can be built. */
  notifier(): Notifier | null;
  dashboardUrl: string | null;
}

export type Lock = Extract<PasswordVerdict, { result: 'locked' }>;

export interface SignInLimits {
  /** Compares a password if the limits allow a check now (password-attempts.ts). */
  checkPassword(
    given: AdminCredentials,
    expected: AdminCredentials,
    services: SignInServices,
    lane?: string | null,
  ): Promise<PasswordVerdict>;
  /**
   * A failed attempt that proved nothing: printed and counted in the next summary, never one audit
   * item of its own; a lock also sends its window's alert, once across instances.
   */
  refused(event: AuditEvent, services: SignInServices, lock?: Lock): Promise<void>;
}

function lockedEvent(
  attempt: AuditEvent,
  lock: Lock,
  now: number,
  alerts: AlertResults,
): AuditEvent {
  const until = new Date(now + lock.retryAfterSeconds * 1000).toISOString();
  return {
    ...attempt,
    id: newEventId(),
    time: new Date(now).toISOString(),
    reason: 'locked',
    alerts,
    detail: { ...attempt.detail, until },
  };
}

export function createSignInLimits(compare?: CompareCredentials): SignInLimits {
  const passwords = createPasswordAttempts(compare);
  const summary = createSignInSummary();
  const lockAlert = createLockAlert();
  return {
    checkPassword: (given, expected, services, lane) =>
      passwords.check(given, expected, services.gateway(), services.clock.now, lane),

    async refused(event, services, lock) {
      const { clock } = services;
      const deadlineAt = clock.now() + AUDIT_BUDGET_MS;
      const sink = createAuditSink({ clock, log: services.log });
      const alerted = async (window: Lock) => {
        const alerts = await lockAlert.send(window, {
          store: services.gateway(),
          notifier: services.notifier,
          dashboardUrl: services.dashboardUrl,
          now: clock.now,
          deadlineAt,
        });
        // The window's one event: the lock itself, and whether ops were told.
        if (alerts) {
          const locked = lockedEvent(event, window, clock.now(), alerts);
          await sink.record(locked, services.gateway(), deadlineAt);
        }
      };
      await Promise.all([
        summary.add(event, sink, services.gateway, clock.now, deadlineAt),
        lock && alerted(lock),
      ]);
    },
  };
}
