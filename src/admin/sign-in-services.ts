// What the sign-in limits (sign-in-limits.ts) need from an admin invocation, built before anyone is
// authenticated: a password sent as HTTP Basic is counted in Sync before it is compared. The alert
// channels are the breaker's (BREAKER_ALERT_*), built only when a lock alert is due; without a
// valid breaker configuration there is none.
import { ConfigError, loadConfig } from '../config/load-config';
import { configuredNotifier } from '../notify/alert-channels';
import type { Notifier } from '../notify/notifier';
import type { FetchLike } from '../notify/webhook-channel';
import type { Clock } from '../runtime/clock';
import { dashboardUrl } from '../runtime/public-origin';
import type { TwilioGateway } from '../twilio/gateway';
import type { AuthenticationResult } from './authenticate';
import { signInEvent, type SignInResult } from './sign-in-event';
import type { SignInLimits, SignInServices } from './sign-in-limits';

export function signInServices(
  env: Record<string, unknown>,
  gateway: () => TwilioGateway,
  clock: Clock,
  log: (line: string) => void,
  notifier?: () => Notifier | null,
): SignInServices {
  const domain = typeof env.DOMAIN_NAME === 'string' && env.DOMAIN_NAME ? env.DOMAIN_NAME : null;
  return {
    gateway,
    clock,
    log,
    dashboardUrl: domain && dashboardUrl(domain),
    notifier: notifier ?? (() => envNotifier(env, gateway, clock, log)),
  };
}

function envNotifier(
  env: Record<string, unknown>,
  gateway: () => TwilioGateway,
  clock: Clock,
  log: (line: string) => void,
): Notifier | null {
  try {
    const fetchImpl = fetch as unknown as FetchLike;
    return configuredNotifier(loadConfig(env), gateway(), fetchImpl, clock);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log(JSON.stringify({ breaker: 'admin-alert-unavailable', message: error.message }));
    return null;
  }
}

const RECORDED: Partial<Record<string, SignInResult>> = {
  'wrong-password': 'wrong-password',
  'too-many-passwords': 'too-many-passwords',
  'limit-unavailable': 'limit-unavailable',
};

/** A refused Basic password counts among failed sign-ins (a header without one does not). */
export async function recordBasicRefusal(
  result: Extract<AuthenticationResult, { ok: false }>,
  limits: SignInLimits,
  services: SignInServices,
  startedAt: number,
): Promise<void> {
  const recorded = RECORDED[result.failure];
  if (!recorded) return;
  const now = services.clock.now();
  const event = signInEvent({
    step: 'basic',
    method: 'password',
    username: null,
    result: recorded,
    startedAt,
    now,
  });
  await limits.refused(event, services, result.lock);
}
