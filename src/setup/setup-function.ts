// Between the runtime and the setup core, so functions/setup.ts stays a shell. Behind the shared
// admin shell (src/admin/admin-endpoint.ts), like every admin endpoint: scope `setup`.
import { ADMIN_ACCESS } from '../admin/admin-access';
import { adminFunction } from '../admin/admin-endpoint';
import type { AdminContext } from '../admin/admin-gateway';
import { createAuditSink } from '../audit/audit-sink';
import { systemClock } from '../runtime/clock';
import type { ResponseValue } from '../runtime/response-value';
import type { FunctionEventLike } from '../runtime/runtime-request';
import type { RetryOptions } from '../twilio/http-client';
import type { SETUP_REQUEST_TIMEOUT_MS } from './run-setup';
import { setupHandler } from './setup-endpoint';
import { drainAuditWith, recordRunWith } from './setup-run-audit';

// Setup waits out 429s itself, within its time budget (rate-limit-gate.ts). A request that hangs
// must give up soon enough that one started just before the budget ends still answers well inside
// Functions' 10 s, cold start included (run-setup.ts, SETUP_REQUEST_TIMEOUT_MS).
// (Written out: the fault matrix reads it from this file. The type keeps it equal to the budget's.)
const HTTP = { autoRetry: false, maxRetries: 0, timeoutMs: 1500 } satisfies RetryOptions & {
  timeoutMs: typeof SETUP_REQUEST_TIMEOUT_MS;
};

// Per warm instance, like the breaker's: a summary that could not reach Sync waits here (and in
// the log) until the next invocation drains it.
const audit = createAuditSink({ clock: systemClock, log: (line) => console.log(line) });

const handler = setupHandler({
  audit: (gateway) => ({
    recordRun: recordRunWith(audit, gateway),
    drainAudit: drainAuditWith(audit, gateway),
  }),
});

export function setupFunction(
  context: AdminContext,
  event: FunctionEventLike,
): Promise<ResponseValue> {
  return adminFunction(context, event, handler, { access: ADMIN_ACCESS.setup, http: HTTP });
}
