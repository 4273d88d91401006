/*
 * Control endpoints: JSON in, JSON out, under /__emulator/. No Twilio auth: the server listens on
 * loopback only. Never faulted, delayed or counted in the request log.
 *
 * | method | path                                         | body / query                                                  | answers                               |
 * |--------|----------------------------------------------|---------------------------------------------------------------|---------------------------------------|
 * | GET    | /__emulator/health                           |                                                               | {ok, url, mainAccountSid}             |
 * | GET    | /__emulator/accounts                         |                                                               | {accounts: [summary]} (no tokens)     |
 * | POST   | /__emulator/accounts                         | {friendlyName?}                                               | 201 summary of the new subaccount     |
 * | POST   | /__emulator/accounts/:Sid/suspended-by-twilio | {suspended?: boolean = true}                                 | summary (status changes answer 21478) |
 * | POST   | /__emulator/usage                            | {accountSid, category, count?, usage?, price?, wait?: boolean = true} | {fired, intervalMs} after the next evaluation; wait:false: 202 {intervalMs, nextEvaluationAt} |
 * | GET    | /__emulator/usage/evaluation                 |                                                               | {intervalMs, nextEvaluationAt}        |
 * | POST   | /__emulator/usage/evaluation                 |                                                               | {fired}: the pending evaluation, run now |
 * | POST   | /__emulator/calls                            | {accountSid, status?: in-progress/ringing/queued, to?, from?} | 201 the call (Twilio JSON)            |
 * | GET    | /__emulator/faults                           |                                                               | {faults}                              |
 * | POST   | /__emulator/faults                           | {route, kind: 500/503/429/…/'timeout'/'reset', method?, host?, times?, holdMs?, probability?} | 201 the fault |
 * | DELETE | /__emulator/faults                           |                                                               | 204                                   |
 * | GET    | /__emulator/knobs                            |                                                               | {latencyMs, concurrencyLimit}         |
 * | POST   | /__emulator/knobs                            | {latencyMs?, concurrencyLimit? (0 = no cap)}                  | the knobs now                         |
 * | GET    | /__emulator/clock                            |                                                               | {now: ISO 8601}                       |
 * | POST   | /__emulator/clock                            | {advanceMs} or {set: ISO 8601}                                | {now}                                 |
 * | GET    | /__emulator/requests                         | ?entries=false to leave the entries out                       | {stats, entries}                      |
 * | DELETE | /__emulator/requests                         |                                                               | 204 (log and stats cleared)           |
 * | GET    | /__emulator/verify/codes                     | ?to=+1555… to keep only codes sent there                      | {codes: VerifyCodeRecord[]}           |
 * | GET    | /__emulator/verify/totp/:FactorSid           |                                                               | {factorSid, code} (code shown now)    |
 *
 * probability (0 < p ≤ 1, default 1): the chance that a matching request fails; a request the draw
 * spares does not count against `times` (and may still match a fault added later).
 *
 * Errors answer {error: "what to fix"} with 400 (bad input) or 404 (unknown endpoint or account).
 */
import { validateFault, type FaultSpec } from './core/faults';
import { compilePattern } from './core/router';
import { TwilioApiError } from './http/twilio-error';
import type { Emulator } from './index';
import type { AccountsModule } from './resources/accounts';
import { callJson, type AddCallInput } from './resources/calls';
import type { ControlRequest } from './server';
import type { EmulatedAccount, EmulatorResponse, UsageInput } from './types';

type Handler = (
  req: ControlRequest,
  params: Record<string, string>,
) => Promise<EmulatorResponse> | EmulatorResponse;

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ok = (body: unknown, status = 200): EmulatorResponse => ({ status, body });
const bad = (message: string) => new ControlError(400, message);

function need<T>(body: Record<string, unknown>, name: string, type: 'string' | 'number'): T {
  if (typeof body[name] !== type) throw bad(`${name} (${type}) is required`);
  return body[name] as T;
}

export function createControl(emulator: Emulator, accounts: AccountsModule) {
  const summary = (a: EmulatedAccount) => ({
    sid: a.sid,
    friendly_name: a.friendly_name,
    status: a.status,
    owner_account_sid: a.owner_account_sid,
    is_main: a.sid === a.owner_account_sid,
    suspended_by_twilio: accounts.isSuspendedByTwilio(a.sid),
    live_calls: emulator.calls
      .list(a.sid)
      .filter((c) => ['queued', 'ringing', 'in-progress'].includes(c.status)).length,
    messages: emulator.messages.list(a.sid).length,
  });
  const intervalOnly = () => ({ intervalMs: emulator.usage.evaluationIntervalMs });
  const evaluationState = () => ({
    ...intervalOnly(),
    nextEvaluationAt: emulator.usage.nextEvaluationAt()?.toISOString() ?? null,
  });
  const existing = (sid: string) => {
    const account = accounts.directory.get(sid);
    if (!account) throw new ControlError(404, `No account ${sid} in this emulator`);
    return account;
  };

  const table: Array<[string, string, Handler]> = [
    [
      'GET',
      '/__emulator/health',
      () => ok({ ok: true, url: emulator.url, mainAccountSid: emulator.mainAccount.sid }),
    ],
    ['GET', '/__emulator/accounts', () => ok({ accounts: accounts.list().map(summary) })],
    [
      'POST',
      '/__emulator/accounts',
      ({ body }) => {
        const name = body.friendlyName;
        if (name !== undefined && typeof name !== 'string')
          throw bad('friendlyName must be a string');
        return ok(summary(accounts.createSubaccount(name)), 201);
      },
    ],
    [
      'POST',
      '/__emulator/accounts/:Sid/suspended-by-twilio',
      ({ body }, { Sid }) => {
        existing(Sid);
        return ok(summary(accounts.markSuspendedByTwilio(Sid, body.suspended !== false)));
      },
    ],
    [
      'POST',
      '/__emulator/usage',
      async ({ body }) => {
        const accountSid = need<string>(body, 'accountSid', 'string');
        existing(accountSid);
        const input: UsageInput = {
          accountSid,
          category: need<string>(body, 'category', 'string'),
        };
        for (const k of ['count', 'usage', 'price'] as const) {
          if (body[k] !== undefined) input[k] = need<number>(body, k, 'number');
        }
        if (body.wait !== undefined && typeof body.wait !== 'boolean') {
          throw bad('wait must be true (answer after the next evaluation) or false (at once)');
        }
        if (body.wait === false) {
          emulator.usage.add(input);
          return ok(evaluationState(), 202);
        }
        return ok({ fired: await emulator.recordUsage(input), ...intervalOnly() });
      },
    ],
    ['GET', '/__emulator/usage/evaluation', () => ok(evaluationState())],
    [
      'POST',
      '/__emulator/usage/evaluation',
      async () => ok({ fired: await emulator.usage.evaluateNow() }),
    ],
    [
      'POST',
      '/__emulator/calls',
      ({ body }) => {
        existing(need<string>(body, 'accountSid', 'string'));
        try {
          return ok(callJson(emulator.addCall(body as unknown as AddCallInput)), 201);
        } catch (error) {
          throw bad((error as Error).message);
        }
      },
    ],
    ['GET', '/__emulator/faults', () => ok({ faults: emulator.faults.list() })],
    [
      'POST',
      '/__emulator/faults',
      ({ body }) => {
        const problem = validateFault(body as unknown as FaultSpec);
        if (problem) throw bad(problem);
        return ok(emulator.faults.add(body as unknown as FaultSpec), 201);
      },
    ],
    ['DELETE', '/__emulator/faults', () => (emulator.faults.clear(), { status: 204 })],
    ['GET', '/__emulator/knobs', () => ok(emulator.knobs.get())],
    [
      'POST',
      '/__emulator/knobs',
      ({ body }) => {
        try {
          return ok(emulator.knobs.set(body));
        } catch (error) {
          throw bad((error as Error).message);
        }
      },
    ],
    ['GET', '/__emulator/clock', () => ok({ now: emulator.clock.now().toISOString() })],
    [
      'POST',
      '/__emulator/clock',
      ({ body }) => {
        if (typeof body.advanceMs === 'number') emulator.clock.advance(body.advanceMs);
        else if (typeof body.set === 'string' && !Number.isNaN(Date.parse(body.set)))
          emulator.clock.set(new Date(body.set));
        else throw bad('give {advanceMs: number} or {set: "ISO 8601 date"}');
        return ok({ now: emulator.clock.now().toISOString() });
      },
    ],
    [
      'GET',
      '/__emulator/requests',
      ({ query }) =>
        ok({
          stats: emulator.requestLog.stats(),
          ...(query.get('entries') === 'false' ? {} : { entries: emulator.requestLog.entries() }),
        }),
    ],
    ['DELETE', '/__emulator/requests', () => (emulator.requestLog.reset(), { status: 204 })],
    [
      'GET',
      '/__emulator/verify/codes',
      // An unencoded + in ?to=+1555… arrives as a space: read it back as the + it was meant to be.
      ({ query }) => {
        const to = query.get('to')?.replace(/^ /, '+');
        return ok({ codes: emulator.verify.codes(to) });
      },
    ],
    [
      'GET',
      '/__emulator/verify/totp/:FactorSid',
      (_req, { FactorSid }) => {
        const code = emulator.verify.totpCode(FactorSid);
        if (code === undefined) throw new ControlError(404, `No TOTP factor ${FactorSid}`);
        return ok({ factorSid: FactorSid, code });
      },
    ],
  ];
  const routes = table.map(([method, pattern, handler]) => ({
    method,
    handler,
    ...compilePattern(pattern),
  }));

  return async (req: ControlRequest): Promise<EmulatorResponse> => {
    try {
      for (const r of routes) {
        const m = r.regex.exec(req.path);
        if (!m || r.method !== req.method) continue;
        const params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
        return await r.handler(req, params);
      }
      throw new ControlError(
        404,
        `No control endpoint ${req.method} ${req.path}; see emulator/control.ts`,
      );
    } catch (error) {
      if (error instanceof ControlError)
        return { status: error.status, body: { error: error.message } };
      if (error instanceof TwilioApiError) {
        return { status: error.status, body: { error: error.message, code: error.code } };
      }
      // The emulator's own modules signal bad input (unknown account, bad status) with RangeError.
      if (error instanceof RangeError) return { status: 400, body: { error: error.message } };
      throw error;
    }
  };
}
