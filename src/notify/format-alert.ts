// The words of an alert, for a person woken up by it: what happened, to which account, why, and
// what to do next. Plain text; channels escape it for their own format.
import type { AlertKind } from '../breaker/decide';

export interface Alert {
  kind: AlertKind;
  /** The audit action: suspended, would-suspend, alerted, failed. */
  action: string;
  reason: string;
  accountSid: string;
  friendlyName: string | null;
  usageCategory: string | null;
  triggerBy: string | null;
  triggerValue: string | null;
  currentValue: string | null;
  recurring: string | null;
  /** For failures: what went wrong, without credentials. */
  error?: string;
}

const NOT_SUSPENDED: Record<string, string> = {
  'main-account': 'the main account is never suspended',
  'allow-listed': 'it is on BREAKER_ALLOWLIST',
};

function account(alert: Alert): string {
  const name = alert.friendlyName ? `"${alert.friendlyName}" ` : '';
  return `${name}(${alert.accountSid})`;
}

function usage(alert: Alert): string {
  if (!alert.usageCategory) return 'a usage trigger fired';
  const by = alert.triggerBy ? ` ${alert.triggerBy}` : '';
  const period = alert.recurring ? ` (${alert.recurring})` : '';
  const values = `${alert.currentValue ?? '?'} crossed ${alert.triggerValue ?? '?'}`;
  return `${alert.usageCategory}${by} ${values}${period}`;
}

export function formatAlert(alert: Alert): string {
  const what = usage(alert);
  switch (alert.kind) {
    case 'failed':
      return (
        `Twilio breaker: FAILED to suspend subaccount ${account(alert)}: ${what}. ` +
        `${alert.error ?? 'Twilio did not accept the suspension'}. The breaker answered 500 so ` +
        'that Twilio may retry; check the account now.'
      );
    case 'warn':
      return `Twilio breaker: WARNING for ${account(alert)}: ${what}. Nothing was suspended.`;
    case 'trip':
      if (alert.action === 'suspended') {
        return (
          `Twilio breaker: SUSPENDED subaccount ${account(alert)}: ${what}. Its live calls are ` +
          'being ended. Review it and reactivate from the dashboard if it was legitimate.'
        );
      }
      if (alert.action === 'would-suspend') {
        return `Twilio breaker (dry run): WOULD SUSPEND subaccount ${account(alert)}: ${what}.`;
      }
      return (
        `Twilio breaker: TRIP threshold crossed by ${account(alert)}: ${what}. Not suspended: ` +
        `${NOT_SUSPENDED[alert.reason] ?? alert.reason}.`
      );
  }
}
