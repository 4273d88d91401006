// /admin-reactivate, the core. POST: parse, reactivate (with its re-arm), answer. GET ?accountSid=:
// the preview the dialog shows first. The audit event goes through the project's audit sink: one
// JSON log line always, the Sync List when it answers in time (a line with "synced":false is what
// recoverFromLog restores later). A failed re-arm is alerted on the breaker's alert channels.
import type { AdminHandler, AdminServices } from '../admin/admin-endpoint';
import { AdminRequestError } from '../admin/admin-request-error';
import { createAuditSink } from '../audit/audit-sink';
import { ConfigError, loadConfig } from '../config/load-config';
import { createNotifier } from '../notify/notifier';
import { smsChannels } from '../notify/sms-channel';
import { webhookChannel, type FetchLike } from '../notify/webhook-channel';
import { jsonResponse } from '../runtime/response-value';
import { syncOverrideStore } from '../setup/overrides';
import { loadSetupConfig } from '../setup/setup-env';
import type { TwilioGateway } from '../twilio/gateway';
import { isAccountSid } from '../twilio/sids';
import { reactivate, type ReactivateDeps, type RearmSettings } from './reactivate';
import { accountSidOf, parseReactivateInput } from './reactivate-input';
import { previewReactivation } from './reactivation-preview';

/** How long the audit append may take before the event is left to the log. */
const AUDIT_BUDGET_MS = 3000;
/** How long the alert about a failed re-arm may take. */
const ALERT_BUDGET_MS = 3000;

function mainAccountOf(env: Record<string, unknown>): string {
  const sid = env.ACCOUNT_SID;
  if (!isAccountSid(sid)) {
    const problem = 'must be the main account SID (Twilio sets it)';
    throw new ConfigError([{ variable: 'ACCOUNT_SID', problem }]);
  }
  return sid;
}

function rearmSettings(env: Record<string, unknown>, gateway: TwilioGateway): RearmSettings {
  const domainName = env.DOMAIN_NAME;
  if (typeof domainName !== 'string' || !domainName) {
    throw new ConfigError([{ variable: 'DOMAIN_NAME', problem: 'is not set (Twilio sets it)' }]);
  }
  const { rules } = loadSetupConfig(env);
  return { rules, overrides: syncOverrideStore(gateway), domainName };
}

/** The breaker's alert channels; none when its settings are unreadable (the log says why). */
function notifierFor(
  services: AdminServices,
  gateway: TwilioGateway,
  fetchImpl: FetchLike,
): ReactivateDeps['notify'] {
  let config;
  try {
    config = loadConfig(services.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    services.log(JSON.stringify({ breaker: 'alert-config-error', message: error.message }));
    return undefined;
  }
  const { clock } = services;
  const channels = [
    ...smsChannels((m) => gateway.sendSms(m), config.alertSmsFrom, config.alertSmsTo),
    ...(config.alertWebhookUrl ? [webhookChannel(config.alertWebhookUrl, fetchImpl, clock)] : []),
  ];
  const notifier = createNotifier(channels, clock);
  return (alert) => notifier.notify(alert, clock.now() + ALERT_BUDGET_MS);
}

export function reactivateEndpoint(options: { fetch?: FetchLike } = {}): AdminHandler {
  const fetchImpl = options.fetch ?? (fetch as unknown as FetchLike);
  return async (request, services) => {
    if (request.method === 'GET') {
      const accountSid = accountSidOf(request.params);
      const gateway = services.gateway();
      const mainAccountSid = mainAccountOf(services.env);
      const rearm = rearmSettings(services.env, gateway);
      return jsonResponse(
        200,
        await previewReactivation(accountSid, { gateway, mainAccountSid, rearm }),
      );
    }
    if (request.method !== 'POST') {
      const message = 'POST accountSid, operator, reason and optionally headroom (JSON or form)';
      throw new AdminRequestError(405, 'method-not-allowed', message, { Allow: 'GET, POST' });
    }
    const input = parseReactivateInput(request.params);
    const mainAccountSid = mainAccountOf(services.env);
    const gateway = services.gateway();
    const sink = createAuditSink({ clock: services.clock, log: services.log });
    const result = await reactivate(input, {
      gateway,
      mainAccountSid,
      signedInAs: services.username,
      clock: services.clock,
      rearm: rearmSettings(services.env, gateway),
      audit: (event) => sink.record(event, gateway, services.clock.now() + AUDIT_BUDGET_MS),
      notify: notifierFor(services, gateway, fetchImpl),
    });
    return jsonResponse(200, result);
  };
}
