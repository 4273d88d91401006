// /admin-overrides, the core: read and change per-subaccount exceptions to the rules. Functions
// accept only GET and POST, so a change is a POST; it takes effect at the next setup run.
//   GET                      → every override (when the gateway can list map items)
//   GET  ?accountSid=AC…     → that subaccount's override and the rules that apply to it
//   POST accountSid, exempt, values (JSON object or string), note → replaces its override
//   POST accountSid, remove=true                                   → back to the configured rules
import type { AdminHandler, AdminServices } from '../admin/admin-endpoint';
import { AdminRequestError, badRequest } from '../admin/admin-request-error';
import { jsonResponse } from '../runtime/response-value';
import type { RuntimeRequest } from '../runtime/runtime-request';
import {
  applyOverride,
  overrideSchema,
  syncOverrideStore,
  unknownRuleIds,
  type Override,
} from '../setup/overrides';
import { ruleId } from '../setup/rules';
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

async function write(request: RuntimeRequest, services: AdminServices) {
  const { accountSid } = request.params;
  if (!isAccountSid(accountSid)) throw badRequest('accountSid must be a subaccount SID (AC…)');
  const rules = loadSetupConfig(services.env).rules;
  const remove = request.params.remove === true || request.params.remove === 'true';
  let override: Override | null = null;
  if (!remove) {
    const parsed = overrideSchema.safeParse(overrideInput(request.params));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badRequest(`${issue.path.join('.') || 'override'}: ${issue.message}`);
    }
    const unknown = unknownRuleIds(rules, parsed.data);
    if (unknown.length > 0) {
      const known = rules.map(ruleId).join(', ');
      throw badRequest(`no rule ${unknown.join(', ')}; the rules are ${known}`);
    }
    const updatedAt = new Date(services.clock.now()).toISOString();
    override = { ...parsed.data, updatedBy: services.username, updatedAt };
  }
  const gateway = services.gateway();
  const account = await gateway.fetchAccount(accountSid);
  if (!account || account.sid === services.env.ACCOUNT_SID) {
    const message = `${accountSid} is not a subaccount of this account`;
    throw new AdminRequestError(404, 'not-found', message);
  }
  const overrides = syncOverrideStore(gateway);
  if (override) await overrides.put(accountSid, override);
  else await overrides.remove(accountSid);
  const by = services.username;
  services.log(JSON.stringify({ breaker: 'override', by, accountSid, removed: remove, override }));
  return jsonResponse(200, {
    accountSid,
    override,
    rules: applyOverride(rules, override),
    appliesAt: 'the next setup run (npm run setup)',
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
    return jsonResponse(200, { overrides: all });
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
