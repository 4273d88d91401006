// Where audit events go, so that none is lost when Sync is down.
//
// 1. Every event is printed as ONE JSON line on the console: {"breaker":"audit","synced":…,"event":…}.
//    Functions keep console output for 30 days (twilio serverless:logs), independently of Sync.
// 2. It is appended to the Sync List. If that fails (or misses the deadline), the line says
//    "synced":false and the event waits in this warm instance's queue.
// 3. Every later invocation of the instance first drains the queue into the list and prints
//    {"breaker":"audit-flushed","ids":[…]}.
// 4. If the instance dies before draining, the log still has the event: recoverFromLog (see
//    recover-from-log.ts) turns the log lines back into the events that never reached the list;
//    ids make replaying them idempotent.
import type { Clock } from '../runtime/clock';
import type { TwilioGateway } from '../twilio/gateway';
import { settleBy } from '../retry/settle-by';
import type { AuditEvent } from './audit-event';
import { AUDIT_LIST } from './sync-names';

export type AuditAppend = Pick<TwilioGateway, 'appendListItem'>;

export interface AuditSink {
  /** Prints the event and appends it to the list; 'pending' when it is kept for a later drain. */
  record(
    event: AuditEvent,
    gateway: AuditAppend,
    deadlineAt: number,
  ): Promise<'written' | 'pending'>;
  /** Prints the event only: for decisions that are summarised in the list (rejected, duplicate). */
  logOnly(event: AuditEvent): void;
  /** Appends events kept by earlier invocations; returns how many reached the list. */
  drain(gateway: AuditAppend, deadlineAt: number): Promise<number>;
  pendingCount(): number;
}

export interface AuditSinkOptions {
  clock: Clock;
  /** One line per call; console.log in Functions. */
  log: (line: string) => void;
  maxPending?: number;
  /** Most events one drain appends, so a backlog never eats an invocation's time budget. */
  drainBatch?: number;
}

export function createAuditSink(options: AuditSinkOptions): AuditSink {
  const { clock, log, maxPending = 1000, drainBatch = 20 } = options;
  const pending: AuditEvent[] = [];

  function keep(events: AuditEvent[]) {
    pending.push(...events);
    // Past the bound the oldest leave memory; their "synced":false lines remain in the log.
    if (pending.length > maxPending) {
      const dropped = pending.splice(0, pending.length - maxPending);
      log(JSON.stringify({ breaker: 'audit-dropped', ids: dropped.map((e) => e.id) }));
    }
  }

  async function append(event: AuditEvent, gateway: AuditAppend, deadlineAt: number) {
    const settled = await settleBy(gateway.appendListItem(AUDIT_LIST, event), deadlineAt, clock);
    return settled.status === 'done';
  }

  return {
    async record(event, gateway, deadlineAt) {
      const synced = await append(event, gateway, deadlineAt);
      if (!synced) keep([event]);
      log(JSON.stringify({ breaker: 'audit', synced, event }));
      return synced ? 'written' : 'pending';
    },

    logOnly(event) {
      log(JSON.stringify({ breaker: 'audit', synced: false, summarized: true, event }));
    },

    async drain(gateway, deadlineAt) {
      const batch = pending.splice(0, drainBatch);
      if (batch.length === 0) return 0;
      const results = await Promise.all(batch.map((e) => append(e, gateway, deadlineAt)));
      const flushed = batch.filter((_, i) => results[i]);
      keep(batch.filter((_, i) => !results[i]));
      if (flushed.length > 0) {
        log(JSON.stringify({ breaker: 'audit-flushed', ids: flushed.map((e) => e.id) }));
      }
      return flushed.length;
    },

    pendingCount: () => pending.length,
  };
}
