// Whether a verified delivery's warn or trip alert goes out. The signature proves only that the
// delivery was signed with the account's token — and a subaccount that holds its own token can
// sign deliveries with any UsageTriggerSid and DateFired it invents, each a new delivery to the
// claim, each an SMS paid by the parent. So an alert goes out only:
//   1. not for a warn about an account already suspended or closed (nothing to warn about);
//   2. for a trigger setup registered on that account, for that tier (registered-triggers.ts);
//   3. once per account, tier and period of that trigger (a daily trigger: one GMT day), across
//      instances: a slot in Sync (src/limits/sync-slots.ts) keyed by the period — of our clock,
//      not the delivery's DateFired, which the signer chooses — and by the account's last
//      reactivation, so an account suspended again after ops reactivated it is alerted again.
// The breaker asks after the suspension and the call sweep, never before: a trip suspends at once
// whatever this says. When Twilio cannot say (the trigger list or Sync does not answer), the
// alert goes out (it may be a real trip), at most once per key per instance.
import type { Tier } from '../domain/tier';
import { LIMITS_MAP } from '../audit/sync-names';
import { createSyncSlots, SlotsUnavailableError, type SlotWindow } from '../limits/sync-slots';
import type { AccountStatus, TwilioGateway } from '../twilio/gateway';
import { createTriggerRegistry, type TriggerRegistry } from './registered-triggers';
import { rethrowUnlessTwilio } from '../twilio/twilio-errors';

export interface AlertCandidate {
  accountSid: string;
  triggerSid: string;
  /** From the signed callback URL. */
  tier: Tier;
  /** As read before the decision. */
  accountStatus: AccountStatus | 'unknown';
  /** When ops last reactivated the account (epoch ms); undefined when it could not be read. */
  reactivatedAt: number | null | undefined;
}

export type HeldReason = 'account-suspended' | 'unregistered-trigger' | 'already-alerted';

export type Admission =
  | {
      send: true;
      /** What could not be checked, so the alert went out anyway: 'trigger-list', 'alert-slot'. */
      unchecked: string[];
    }
  | { send: false; reason: HeldReason };

export type GateGateway = Pick<TwilioGateway, 'listTriggers' | 'createMapItem' | 'deleteMapItem'>;

export interface AlertGate {
  admit(candidate: AlertCandidate, gateway: GateGateway, now: () => number): Promise<Admission>;
}

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The period a trigger fires at most once in, as Twilio counts it (GMT); alltime: a year. */
export function alertPeriod(recurring: string, now: number): SlotWindow {
  const at = new Date(now);
  const [y, m, d] = [at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()];
  switch (recurring) {
    case 'daily':
      return { id: `${y}-${pad(m + 1)}-${pad(d)}`, endsAt: Date.UTC(y, m, d + 1) };
    case 'monthly':
      return { id: `${y}-${pad(m + 1)}`, endsAt: Date.UTC(y, m + 1, 1) };
    case 'yearly':
      return { id: String(y), endsAt: Date.UTC(y + 1, 0, 1) };
    default:
      return { id: 'alltime', endsAt: now + 365 * DAY_MS };
  }
}

export interface AlertGateOptions {
  registry?: TriggerRegistry;
  /** Keys remembered when Sync cannot be asked (the fallback is per instance). */
  maxLocalKeys?: number;
}

/** One per warm instance. */
export function createAlertGate(options: AlertGateOptions = {}): AlertGate {
  const registry = options.registry ?? createTriggerRegistry();
  const slots = createSyncSlots(LIMITS_MAP);
  const alertedHere = new Set<string>();
  const maxLocalKeys = options.maxLocalKeys ?? 1000;

  function firstHere(key: string): boolean {
    if (alertedHere.has(key)) return false;
    alertedHere.add(key);
    if (alertedHere.size > maxLocalKeys) alertedHere.delete(alertedHere.values().next().value!);
    return true;
  }

  return {
    async admit(candidate, gateway, now) {
      const { accountSid, triggerSid, tier, accountStatus } = candidate;
      if (tier === 'warn' && (accountStatus === 'suspended' || accountStatus === 'closed')) {
        return { send: false, reason: 'account-suspended' };
      }
      const unchecked: string[] = [];
      let recurring = 'daily';
      try {
        const trigger = await registry.find(accountSid, triggerSid, gateway, now());
        // Not setup's, or setup's for the other tier (a captured warn sent to the trip URL).
        if (trigger?.tier !== tier) return { send: false, reason: 'unregistered-trigger' };
        recurring = trigger.recurring;
      } catch (error) {
        rethrowUnlessTwilio(error);
        unchecked.push('trigger-list');
      }
      const reactivation =
        candidate.reactivatedAt === undefined ? '?' : (candidate.reactivatedAt ?? 0);
      const scope = `alert:${accountSid}:${tier}:${recurring}:${reactivation}`;
      const period = alertPeriod(recurring, now());
      try {
        const slot = await slots.take(scope, 1, period, gateway, now);
        if (!slot.ok) return { send: false, reason: 'already-alerted' };
      } catch (error) {
        if (!(error instanceof SlotsUnavailableError)) throw error;
        if (!firstHere(`${scope}:${period.id}`)) return { send: false, reason: 'already-alerted' };
        unchecked.push('alert-slot');
      }
      return { send: true, unchecked };
    },
  };
}
