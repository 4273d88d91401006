// The alert channels the configuration asks for, one place for the breaker and the admin sign-in:
// an SMS per BREAKER_ALERT_SMS_TO (sent through the gateway) and the BREAKER_ALERT_WEBHOOK_URL.
import type { BreakerConfig } from '../config/load-config';
import type { Clock } from '../runtime/clock';
import type { TwilioGateway } from '../twilio/gateway';
import { createNotifier, type AlertChannel, type Notifier } from './notifier';
import { smsChannels } from './sms-channel';
import { webhookChannel, type FetchLike } from './webhook-channel';

export type AlertConfig = Pick<
  BreakerConfig,
  'alertSmsFrom' | 'alertSmsTo' | 'alertWebhookUrl' | 'dashboardUrl'
>;

export function alertChannels(
  config: AlertConfig,
  gateway: Pick<TwilioGateway, 'sendSms'>,
  fetchImpl: FetchLike,
  clock: Clock,
): AlertChannel[] {
  return [
    ...smsChannels((m) => gateway.sendSms(m), config.alertSmsFrom, config.alertSmsTo),
    ...(config.alertWebhookUrl ? [webhookChannel(config.alertWebhookUrl, fetchImpl, clock)] : []),
  ];
}

/** A notifier over the configured channels, worded with the service's dashboard URL. */
export function configuredNotifier(
  config: AlertConfig,
  gateway: Pick<TwilioGateway, 'sendSms'>,
  fetchImpl: FetchLike,
  clock: Clock,
): Notifier {
  const channels = alertChannels(config, gateway, fetchImpl, clock);
  return createNotifier(channels, clock, { dashboardUrl: config.dashboardUrl ?? null });
}
