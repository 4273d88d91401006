// /admin-overrides, the core: read and change per-subaccount exceptions to the rules. Functions
// accept only GET and POST, so a change is a POST; it takes effect at the next setup run.
//   GET                      → every override (when the gateway can list map items)
//   GET  ?accountSid=AC…     → that subaccount's override and the rules that apply to it
//   POST accountSid, exempt, values (JSON object or string), note → replaces its override
//   POST accountSid, remove=true                                   → back to the configured rules
import { ConfigError } from '../config/load-config';
import { jsonResponse, type ResponseValue } from '../runtime/response-value';
import type { RuntimeRequest } from '../runtime/runtime-request';
import {
  applyOverride,
  overrideSchema,
  unknownRuleIds,
  type OverrideStore,
} from '../setup/overrides';
import { ruleId } from '../setup/rules';
import { loadSetupConfig } from '../setup/setup-env';
import type { TwilioGateway } from '../twilio/gateway';
import { isAccountSid } from '../twilio/sids';
import { redactSecrets } from '../twilio/twilio-errors';
import { checkAdminAuth, loadAdminCredentials } from './admin-auth';

export interface OverridesEndpointDeps {
  env: Record<string, unknown>;
  /** Built only once the caller is authenticated. */
  services: () => { gateway: TwilioGateway; overrides: OverrideStore };
  now?: () => Date;
  log?: (line: string) => void;
}

const badRequest = (message: string) => jsonResponse(400, { error: 'bad-request', message });

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

async function write(
  request: RuntimeRequest,
  by: string,
  deps: OverridesEndpointDeps,
): Promise<ResponseValue> {
  const { accountSid } = request.params;
  if (!isAccountSid(accountSid)) return badRequest('accountSid must be a subaccount SID (AC…)');
  const rules = loadSetupConfig(deps.env).rules;
  const { gateway, overrides } = deps.services();
  const remove = request.params.remove === true || request.params.remove === 'true';
  const parsed = overrideSchema.safeParse(overrideInput(request.params));
  if (!remove && !parsed.success) {
    const issue = parsed.error.issues[0];
    return badRequest(`${issue.path.join('.') || 'override'}: ${issue.message}`);
  }
  if (!remove && parsed.success) {
    const unknown = unknownRuleIds(rules, parsed.data);
    if (unknown.length > 0) {
      const known = rules.map(ruleId).join(', ');
      return badRequest(`no rule ${unknown.join(', ')}; the rules are ${known}`);
    }
  }
  const account = await gateway.fetchAccount(accountSid);
  if (!account || account.sid === deps.env.ACCOUNT_SID) {
    return jsonResponse(404, {
      error: 'not-found',
      message: `${accountSid} is not a subaccount of this account`,
    });
  }
  const updatedAt = (deps.now ?? (() => new Date()))().toISOString();
  const override = remove || !parsed.success ? null : { ...parsed.data, updatedBy: by, updatedAt };
  if (override) await overrides.put(accountSid, override);
  else await overrides.remove(accountSid);
  deps.log?.(JSON.stringify({ breaker: 'override', by, accountSid, removed: remove, override }));
  return jsonResponse(200, {
    accountSid,
    override,
    rules: applyOverride(rules, override),
    appliesAt: 'the next setup run (npm run setup)',
  });
}

async function read(request: RuntimeRequest, deps: OverridesEndpointDeps): Promise<ResponseValue> {
  const { accountSid } = request.params;
  const { overrides } = deps.services();
  if (accountSid === undefined) {
    const all = await overrides.list();
    if (!all) {
      const message = 'this gateway cannot list Sync map items; ask for one ?accountSid=AC…';
      return jsonResponse(501, { error: 'not-implemented', message });
    }
    return jsonResponse(200, { overrides: all });
  }
  if (!isAccountSid(accountSid)) return badRequest('accountSid must be a subaccount SID (AC…)');
  const override = await overrides.get(accountSid);
  const rules = applyOverride(loadSetupConfig(deps.env).rules, override);
  return jsonResponse(200, { accountSid, override, rules });
}

export async function overridesEndpoint(
  request: RuntimeRequest,
  deps: OverridesEndpointDeps,
): Promise<ResponseValue> {
  try {
    const auth = checkAdminAuth(request.headers.authorization, loadAdminCredentials(deps.env));
    if (!auth.ok) return auth.response;
    return request.method === 'POST'
      ? await write(request, auth.username, deps)
      : await read(request, deps);
  } catch (error) {
    if (error instanceof ConfigError) {
      return jsonResponse(500, { error: 'misconfigured', message: error.message });
    }
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    return jsonResponse(500, { error: 'overrides-failed', message });
  }
}
