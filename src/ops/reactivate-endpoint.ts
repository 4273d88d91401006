// POST /admin-reactivate, the core: parse, reactivate, answer. The audit event goes through the
// project's audit sink: one JSON log line always, the Sync List when it answers in time (a line
// with "synced":false is what recoverFromLog restores later).
import type { AdminHandler } from '../admin/admin-endpoint';
import { AdminRequestError } from '../admin/admin-request-error';
import { createAuditSink } from '../audit/audit-sink';
import { ConfigError } from '../config/load-config';
import { jsonResponse } from '../runtime/response-value';
import { isAccountSid } from '../twilio/sids';
import { parseReactivateInput, reactivate } from './reactivate';

/** How long the audit append may take before the event is left to the log. */
const AUDIT_BUDGET_MS = 3000;

export function reactivateEndpoint(): AdminHandler {
  return async (request, services) => {
    if (request.method !== 'POST') {
      const message = 'POST accountSid, operator and reason (JSON or form)';
      throw new AdminRequestError(405, 'method-not-allowed', message, { Allow: 'POST' });
    }
    const input = parseReactivateInput(request.params);
    const mainAccountSid = services.env.ACCOUNT_SID;
    if (!isAccountSid(mainAccountSid)) {
      const problem = 'must be the main account SID (Twilio sets it)';
      throw new ConfigError([{ variable: 'ACCOUNT_SID', problem }]);
    }
    const gateway = services.gateway();
    const sink = createAuditSink({ clock: services.clock, log: services.log });
    const result = await reactivate(input, {
      gateway,
      mainAccountSid,
      signedInAs: services.username,
      clock: services.clock,
      audit: (event) => sink.record(event, gateway, services.clock.now() + AUDIT_BUDGET_MS),
    });
    return jsonResponse(200, result);
  };
}
