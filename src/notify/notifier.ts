// Sends an alert to every configured channel at once. A channel failing (or too slow) is reported
// in the result, never thrown: an alert must not block or undo a suspension.
import type { Clock } from '../runtime/clock';
import type { AlertResults } from '../audit/audit-event';
import { settleBy } from '../retry/settle-by';
import { formatAlert, type Alert, type AlertWording } from './format-alert';

export interface AlertChannel {
  /** Safe to log: no secret, no full phone number. */
  name: string;
  send(text: string): Promise<void>;
}

export interface Notifier {
  /** A delivery's alert, worded by formatAlert. */
  notify(alert: Alert, deadlineAt: number): Promise<AlertResults>;
  /** Any other alert (the admin sign-in's), already worded. */
  notifyText(text: string, deadlineAt: number): Promise<AlertResults>;
}

export function createNotifier(
  channels: AlertChannel[],
  clock: Clock,
  wording: AlertWording = {},
): Notifier {
  async function notifyText(text: string, deadlineAt: number): Promise<AlertResults> {
    const results: AlertResults = {};
    await Promise.all(
      channels.map(async (channel) => {
        // The promise is created inside try: a channel that throws synchronously is a failure too.
        let settled;
        try {
          settled = await settleBy(channel.send(text), deadlineAt, clock);
        } catch {
          settled = { status: 'failed' as const };
        }
        results[channel.name] = settled.status === 'done' ? 'sent' : settled.status;
      }),
    );
    return results;
  }
  return {
    notify: (alert, deadlineAt) => notifyText(formatAlert(alert, wording), deadlineAt),
    notifyText,
  };
}
