// The audit events as CSV for spreadsheets. Friendly names and categories come from customers, and a
// spreadsheet runs a cell that starts with = + - @ (or tab/CR) as a formula: such cells get a
// leading apostrophe, which shows the text as typed and evaluates nothing (OWASP "CSV Injection").
import type { AuditEvent } from '../audit/audit-event';

type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV cell: defused, then quoted per RFC 4180 when needed. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // Numbers we wrote (durations, counts) are data, not text someone typed.
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const joined = (values: unknown): string | null =>
  Array.isArray(values) ? values.map(String).join(';') : null;

const detailText = (detail: AuditEvent['detail'], key: string): Cell => {
  const value = detail?.[key];
  return value === undefined ? null : value;
};

const COLUMNS: Array<[string, (e: AuditEvent) => Cell]> = [
  ['time', (e) => e.time],
  ['action', (e) => e.action],
  ['outcome', (e) => e.outcome],
  ['reason', (e) => e.reason],
  ['accountSid', (e) => e.accountSid],
  ['friendlyName', (e) => e.friendlyName],
  ['tier', (e) => e.tier],
  ['usageCategory', (e) => e.usageCategory],
  ['triggerValue', (e) => e.triggerValue],
  ['currentValue', (e) => e.currentValue],
  ['triggerBy', (e) => e.triggerBy],
  ['recurring', (e) => e.recurring],
  ['triggerSid', (e) => e.triggerSid],
  ['dateFired', (e) => e.dateFired],
  ['source', (e) => e.source],
  ['durationMs', (e) => e.durationMs],
  ['suspendedAfterMs', (e) => e.suspendedAfterMs],
  ['callsFound', (e) => e.calls?.found],
  ['callsEnded', (e) => e.calls?.ended],
  ['callsFailed', (e) => e.calls?.failed],
  [
    'alerts',
    (e) =>
      e.alerts
        ? Object.entries(e.alerts)
            .map(([k, v]) => `${k}=${v}`)
            .join(';')
        : null,
  ],
  ['degraded', (e) => joined(e.degraded)],
  ['count', (e) => e.count],
  ['accountSids', (e) => joined(e.accountSids)],
  ['operator', (e) => detailText(e.detail, 'operator')],
  ['opsReason', (e) => detailText(e.detail, 'reason')],
  ['detail', (e) => (e.detail ? JSON.stringify(e.detail) : null)],
  ['error', (e) => e.error],
  ['id', (e) => e.id],
];

export const CSV_HEADER = COLUMNS.map(([name]) => name);

/** A header row and one row per event, CRLF line ends (RFC 4180). */
export function eventsCsv(events: readonly AuditEvent[]): string {
  const rows = [CSV_HEADER.join(',')];
  for (const event of events) rows.push(COLUMNS.map(([, cell]) => csvCell(cell(event))).join(','));
  return `${rows.join('\r\n')}\r\n`;
}
