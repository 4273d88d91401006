// Alerts to a Slack-compatible incoming webhook: POST {"text": ...}. The URL is a secret (anyone
// holding it can post), so it never appears in errors, logs or the audit trail.
import { clockTimeout, type Clock } from '../runtime/clock';
import type { AlertChannel } from './notifier';

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ ok: boolean; status: number }>;

/** Slack reads &, < and > as markup (links, @channel): a friendly name must not be able to ping. */
export const escapeSlackText = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function webhookChannel(
  url: string,
  fetchImpl: FetchLike,
  clock: Clock,
  timeoutMs = 2500,
): AlertChannel {
  return {
    name: 'webhook',
    async send(text) {
      let response: { ok: boolean; status: number };
      const timeout = clockTimeout(clock, timeoutMs);
      try {
        response = await fetchImpl(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ text: escapeSlackText(text) }),
          signal: timeout.signal,
        });
      } catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        throw new Error(`alert webhook did not answer (${name}); check BREAKER_ALERT_WEBHOOK_URL`);
      } finally {
        timeout.stop();
      }
      if (!response.ok) {
        throw new Error(
          `alert webhook answered ${response.status}; check BREAKER_ALERT_WEBHOOK_URL`,
        );
      }
    },
  };
}
