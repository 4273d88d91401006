// The whole path a request takes inside the breaker Function, without a server: the runtime's
// parsing (runtime-model.ts), the Functions adapter, the breaker over the in-memory gateway.
import { BREAKER_QUERY_KEYS } from '../../../src/breaker/delivery/callback-url';
import type { AuditEvent } from '../../../src/audit/audit-event';
import { toRuntimeRequest, type FunctionContextLike } from '../../../src/runtime/runtime-request';
import type { Harness } from '../../breaker/support/harness';
import type { LoggedCall } from '../../breaker/support/fake-gateway';
import { runtimeEvent, type WireRequest } from './runtime-model';

export interface Answer {
  status: number;
  action?: string;
}

export async function invokeInProcess(
  h: Harness,
  context: FunctionContextLike,
  wire: WireRequest,
): Promise<Answer> {
  const outcome = runtimeEvent(wire);
  if (outcome.kind === 'refused') return { status: outcome.status };
  const response = await h.breaker.handle(
    toRuntimeRequest(context, outcome.event, BREAKER_QUERY_KEYS),
  );
  const body = JSON.parse(response.body) as { action?: string };
  return { status: response.status, action: body.action };
}

const WRITES = new Set([
  'updateAccountStatus',
  'endCall',
  'sendSms',
  'createMapItem',
  'putMapItem',
  'deleteMapItem',
  'appendListItem',
]);

/** A Twilio write, except the rejected/duplicate summaries the audit trail keeps by design. */
export function isStateChange(call: LoggedCall): boolean {
  if (!WRITES.has(call.method)) return false;
  if (call.method === 'appendListItem') return (call.args[1] as AuditEvent).reason !== 'summary';
  return true;
}
