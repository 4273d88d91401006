// Where audit events go, so that none is lost when Sync is down.
//
// 1. Every event is printed as ONE JSON line on the console: {"breaker":"audit","synced":…,"event":…}.
//    Functions keep console output for 30 days (twilio serverless:logs), independently of Sync.
// 2. It is appended to the Sync List. If that fails (or misses the deadline), the line says
//    "synced":false and the event waits in this warm instance's queue. An append that missed the
//    deadline may still land: the queue keeps it with that request, and a drain first waits for
//    its outcome, appending again only if it failed — never a second copy of one event.
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
  /** `inFlight`: an append sent earlier whose answer had not come when its caller stopped waiting. */
  interface Kept {
    event: AuditEvent;
    inFlight?: Promise<boolean>;
  }
  const pending: Kept[] = [];

  function keep(events: Kept[]) {
    pending.push(...events);
    // Past the bound the oldest leave memory; their "synced":false lines remain in the log.
    if (pending.length > maxPending) {
      const dropped = pending.splice(0, pending.length - maxPending);
      log(JSON.stringify({ breaker: 'audit-dropped', ids: dropped.map((k) => k.event.id) }));
    }
  }

  /** Whether the event is in the list by the deadline; if its request is still out, what it is. */
  async function append(
    event: AuditEvent,
    gateway: AuditAppend,
    deadlineAt: number,
  ): Promise<{ synced: boolean; kept: Kept }> {
    const request = gateway.appendListItem(AUDIT_LIST, event).then(
      () => true,
      () => false,
    );
    const settled = await settleBy(request, deadlineAt, clock);
    if (settled.status === 'done') return { synced: settled.value, kept: { event } };
    return { synced: false, kept: { event, inFlight: request } };
  }

  /** A kept event's earlier request, if it is still out: did it land by the deadline? */
  async function landedLate(kept: Kept, deadlineAt: number): Promise<boolean | 'unknown'> {
    if (!kept.inFlight) return false;
    const settled = await settleBy(kept.inFlight, deadlineAt, clock);
    return settled.status === 'done' ? settled.value : 'unknown';
  }

  return {
    async record(event, gateway, deadlineAt) {
      const { synced, kept } = await append(event, gateway, deadlineAt);
      if (!synced) keep([kept]);
      log(JSON.stringify({ breaker: 'audit', synced, event }));
      return synced ? 'written' : 'pending';
    },

    logOnly(event) {
      log(JSON.stringify({ breaker: 'audit', synced: false, summarized: true, event }));
    },

    async drain(gateway, deadlineAt) {
      const batch = pending.splice(0, drainBatch);
      if (batch.length === 0) return 0;
      const results = await Promise.all(
        batch.map(async (kept) => {
          const late = await landedLate(kept, deadlineAt);
          // Still out: appending now could make two copies; keep waiting for that request.
          if (late === 'unknown') return { synced: false, kept };
          if (late) return { synced: true, kept };
          return append(kept.event, gateway, deadlineAt);
        }),
      );
      const flushed = results.filter((r) => r.synced).map((r) => r.kept.event);
      keep(results.filter((r) => !r.synced).map((r) => r.kept));
      if (flushed.length > 0) {
        log(JSON.stringify({ breaker: 'audit-flushed', ids: flushed.map((e) => e.id) }));
      }
      return flushed.length;
    },

    pendingCount: () => pending.length,
  };
}
