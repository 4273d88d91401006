// /admin-overrides, the core: read and change per-subaccount exceptions to the rules. Functions
// accept only GET and POST, so a change is a POST; it takes effect at the next setup run.
//   GET                      → every override and the configured rules (each with its id)
//   GET  ?accountSid=AC…     → that subaccount's override and the rules that apply to it
//   POST accountSid, exempt, values (JSON object or string), note → replaces its override
//   POST accountSid, remove=true                                   → back to the configured rules
// Every change is an audit event `override` (reason set or cleared): who, which account, what.
import type { AdminHandler, AdminServices } from '../admin/admin-endpoint';
import { AdminRequestError, badRequest } from '../admin/admin-request-error';
import { newEventId, safeFriendlyName, type AuditEvent } from '../audit/audit-event';
import { createAuditSink } from '../audit/audit-sink';
import { jsonResponse } from '../runtime/response-value';
import type { RuntimeRequest } from '../runtime/runtime-request';
import {
  applyOverride,
  overrideSchema,
  syncOverrideStore,
  unknownRuleIds,
  type Override,
} from '../setup/overrides';
import { ruleId, type Rule } from '../setup/rules';
import { loadSetupConfig } from '../setup/setup-env';
import { isAccountSid } from '../twilio/sids';

/** Form bodies carry `values` as a JSON string and booleans as "true"/"false". */
function overrideInput(params: Record<string, unknown>): unknown {
  const input: Record<string, unknown> = {};
  if (params.exempt !== undefined) {
    const flags: Record<string, boolean> = { true: true, false: false };
    input.exempt =
      typeof params.exempt === 'string' ? (flags[params.exempt] ?? params.exempt) : params.exempt;
  }
  if (params.values !== undefined) {
    if (typeof params.values !== 'string') input.values = params.values;
    else {
      try {
        input.values = params.values ? JSON.parse(params.values) : {};
      } catch {
        input.values = params.values;
      }
    }
  }
  if (params.note !== undefined) input.note = params.note;
  return input;
}

/** How long the audit append may take before the event is left to the log. */
const AUDIT_BUDGET_MS = 3000;

/** The override asked for, validated against the schema and the configured rules. */
function parseOverride(params: Record<string, unknown>, rules: readonly Rule[]) {
  const parsed = overrideSchema.safeParse(overrideInput(params));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(`${issue.path.join('.') || 'override'}: ${issue.message}`);
  }
  const unknown = unknownRuleIds(rules, parsed.data);
  if (unknown.length > 0) {
    const known = rules.map(ruleId).join(', ');
    throw badRequest(`no rule ${unknown.join(', ')}; the rules are ${known}`);
  }
  return parsed.data;
}

/** The audit event of a change: the override's content, flattened (details are flat values). */
function overrideEvent(
  services: AdminServices,
  account: { sid: string; friendlyName: string | null },
  override: Override | null,
  startedAt: number,
): AuditEvent {
  const now = services.clock.now();
  const values = Object.entries(override?.values ?? {}).map(([id, value]) => `${id}=${value}`);
  return {
    id: newEventId(),
    time: new Date(now).toISOString(),
    source: 'ops',
    action: 'override',
    reason: override ? 'set' : 'cleared',
    outcome: 'ok',
    durationMs: now - startedAt,
    accountSid: account.sid,
    friendlyName: safeFriendlyName(account.friendlyName),
    detail: override
      ? {
          signedInAs: services.username,
          exempt: override.exempt,
          values: values.join('; ') || null,
          note: override.note ?? null,
        }
      : { signedInAs: services.username },
  };
}

async function write(request: RuntimeRequest, services: AdminServices) {
  const startedAt = services.clock.now();
  const { accountSid } = request.params;
  if (!isAccountSid(accountSid)) throw badRequest('accountSid must be a subaccount SID (AC…)');
  const rules = loadSetupConfig(services.env).rules;
  const remove = request.params.remove === true || request.params.remove === 'true';
  const wanted = remove ? null : parseOverride(request.params, rules);
  const gateway = services.gateway();
  const account = await gateway.fetchAccount(accountSid);
  if (!account || account.sid === services.env.ACCOUNT_SID) {
    const message = `${accountSid} is not a subaccount of this account`;
    throw new AdminRequestError(404, 'not-found', message);
  }
  const override: Override | null = wanted && {
    ...wanted,
    // Kept with the override so the list can name the account without a Twilio call per row.
    friendlyName: safeFriendlyName(account.friendlyName) ?? undefined,
    updatedBy: services.username,
    updatedAt: new Date(services.clock.now()).toISOString(),
  };
  const overrides = syncOverrideStore(gateway);
  if (override) await overrides.put(accountSid, override);
  else await overrides.remove(accountSid);
  const sink = createAuditSink({ clock: services.clock, log: services.log });
  const event = overrideEvent(services, account, override, startedAt);
  const audit = await sink.record(event, gateway, services.clock.now() + AUDIT_BUDGET_MS);
  return jsonResponse(200, {
    accountSid,
    override,
    rules: applyOverride(rules, override),
    appliesAt: 'the next setup run for this account (dashboard: Run setup for this account)',
    audit,
  });
}

async function read(request: RuntimeRequest, services: AdminServices) {
  const { accountSid } = request.params;
  const overrides = syncOverrideStore(services.gateway());
  if (accountSid === undefined) {
    const all = await overrides.list();
    if (!all) {
      const message = 'this gateway cannot list Sync map items; ask for one ?accountSid=AC…';
      return jsonResponse(501, { error: 'not-implemented', message });
    }
    const rules = loadSetupConfig(services.env).rules.map((rule) => ({
      id: ruleId(rule),
      ...rule,
    }));
    return jsonResponse(200, { overrides: all, rules });
  }
  if (!isAccountSid(accountSid)) throw badRequest('accountSid must be a subaccount SID (AC…)');
  const override = await overrides.get(accountSid);
  const rules = applyOverride(loadSetupConfig(services.env).rules, override);
  return jsonResponse(200, { accountSid, override, rules });
}

export function overridesEndpoint(): AdminHandler {
  return (request, services) =>
    request.method === 'POST' ? write(request, services) : read(request, services);
}
