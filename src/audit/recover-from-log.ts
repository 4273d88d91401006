// The last line of defence of the audit trail: events whose Sync append failed and whose instance
// died before draining them exist only in the Functions log. Given the log's lines (e.g. from
// `twilio serverless:logs`), this returns those events, oldest first, ready to append again;
// `alreadyListed` (ids found in the list) makes a replay idempotent.
import type { AuditEvent } from './audit-event';

interface LogRecord {
  breaker?: string;
  synced?: boolean;
  summarized?: boolean;
  event?: AuditEvent;
  ids?: string[];
}

function parse(line: string): LogRecord | null {
  const start = line.indexOf('{"breaker":');
  if (start === -1) return null;
  try {
    return JSON.parse(line.slice(start)) as LogRecord;
  } catch {
    return null;
  }
}

export function recoverFromLog(
  lines: Iterable<string>,
  alreadyListed: ReadonlySet<string> = new Set(),
): AuditEvent[] {
  const unsynced = new Map<string, AuditEvent>();
  const flushed = new Set<string>();
  for (const line of lines) {
    const record = parse(line);
    if (!record) continue;
    if (record.breaker === 'audit' && record.event?.id && !record.summarized) {
      if (record.synced === false) unsynced.set(record.event.id, record.event);
      else flushed.add(record.event.id);
    }
    if (record.breaker === 'audit-flushed') for (const id of record.ids ?? []) flushed.add(id);
  }
  return [...unsynced.values()].filter((e) => !flushed.has(e.id) && !alreadyListed.has(e.id));
}
