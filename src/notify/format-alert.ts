// The words of an alert, for a person woken up by it: what happened, to which account, why, and
// what to do next. Facts only (what was found and done, what was answered), never promises about
// work still under way. Plain text; channels escape it for their own format.
// The account is named by the SID of the signed delivery, first; its friendly name, which the
// account holder chooses, comes last and quoted (alert-name.ts), so no name can make an alert read
// as if it were about another account.
import type { AlertKind } from '../domain/alert-kind';
import type { CallSweep } from '../domain/call-sweep';
import { quotedAlertName } from './alert-name';

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
  /** For a suspension: what the call sweep found and did. */
  calls?: CallSweep | null;
}

const NOT_SUSPENDED: Record<string, string> = {
  'main-account': 'the main account is never suspended',
  'allow-listed': 'it is on BREAKER_ALLOWLIST',
};

export interface AlertWording {
  /** The dashboard, `https://<DOMAIN_NAME>/index.html`, where the alert says to reactivate. */
  dashboardUrl?: string | null;
}

/** The friendly name, last, as a sentence of its own ('' without a name). */
function nameLast(alert: Alert): string {
  const name = quotedAlertName(alert.friendlyName);
  return name ? ` Name: ${name}` : '';
}

/** Ends its sentence: a link is left without punctuation that a phone could take for part of it. */
const reactivateFromDashboard = (wording: AlertWording) =>
  wording.dashboardUrl
    ? `If it was legitimate, reactivate it from the dashboard: ${wording.dashboardUrl}`
    : 'If it was legitimate, reactivate it from the dashboard.';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function sweep(calls: CallSweep | null | undefined): string {
  if (!calls) return 'Its live calls were not swept.';
  const counts =
    `${plural(calls.found, 'live call')} found, ${calls.ended} ended, ${calls.failed} failed` +
    (calls.listed ? '.' : ', and not every call state could be listed.');
  return calls.complete
    ? counts
    : `${counts} The breaker answered 500 so that a retry by Twilio sweeps again; check its calls.`;
}

function usage(alert: Alert): string {
  if (!alert.usageCategory) return 'a usage trigger fired';
  const by = alert.triggerBy ? ` ${alert.triggerBy}` : '';
  const period = alert.recurring ? ` (${alert.recurring})` : '';
  const values = `${alert.currentValue ?? '?'} crossed ${alert.triggerValue ?? '?'}`;
  return `${alert.usageCategory}${by} ${values}${period}`;
}

export function formatAlert(alert: Alert, wording: AlertWording = {}): string {
  return sentences(alert, wording) + nameLast(alert);
}

function sentences(alert: Alert, wording: AlertWording): string {
  const what = usage(alert);
  const sid = alert.accountSid;
  switch (alert.kind) {
    case 'failed':
      if (alert.reason === 'rearm-failed') {
        return (
          `Twilio breaker: subaccount ${sid} was REACTIVATED but NOT RE-ARMED: ` +
          `${alert.error ?? 'its one-shot trip trigger could not be made'}. Run setup now ` +
          '(dashboard "Run setup" or `npm run setup`): it repairs the re-arm.'
        );
      }
      if (alert.reason === 'token-unavailable') {
        return (
          'Twilio breaker: FAILED to verify a usage trigger delivery naming subaccount ' +
          `${alert.accountSid}: Twilio did not return its auth token, ` +
          'so the signature could not be checked and nothing was done. The breaker answered 503 ' +
          'so that Twilio may retry; check the account now. Further such alerts about this ' +
          'account are held back for 10 minutes.'
        );
      }
      return (
        `Twilio breaker: FAILED to suspend subaccount ${sid}: ${what}. ` +
        `${alert.error ?? 'Twilio did not accept the suspension'}. The breaker answered 500 so ` +
        'that Twilio may retry; check the account now.'
      );
    case 'warn':
      return `Twilio breaker: WARNING for ${sid}: ${what}. Nothing was suspended.`;
    case 'trip':
      if (alert.action === 'suspended') {
        return (
          `Twilio breaker: SUSPENDED subaccount ${sid}: ${what}. ${sweep(alert.calls)} ` +
          `Review it. ${reactivateFromDashboard(wording)}`
        );
      }
      if (alert.action === 'would-suspend') {
        return `Twilio breaker (dry run): WOULD SUSPEND subaccount ${sid}: ${what}.`;
      }
      return (
        `Twilio breaker: TRIP threshold crossed by ${sid}: ${what}. Not suspended: ` +
        `${NOT_SUSPENDED[alert.reason] ?? alert.reason}.`
      );
  }
}
