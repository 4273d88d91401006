// How `npm run events` prints audit events: an aligned table for people, or one JSON object per
// line for tools. Friendly names and reasons come from customers and operators: control characters
// (a terminal runs ESC sequences) are replaced before anything reaches the screen.
import type { AuditEvent } from '../audit/audit-event';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const clean = (value: unknown, max: number): string => {
  const text = value === null || value === undefined ? '' : String(value).replace(CONTROL, '?');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};

/** What happened, in a few words: the part of the event that differs by action. */
export function eventSummary(event: AuditEvent): string {
  const detail = event.detail ?? {};
  if (event.action === 'reactivated') {
    return `by ${clean(detail.operator, 40)}: ${clean(detail.reason, 120)}${event.error ? ` (${clean(event.error, 120)})` : ''}`;
  }
  if (event.action === 'setup-run') {
    return `${event.count ?? 0} subaccounts${event.error ? `; ${clean(event.error, 120)}` : ''}`;
  }
  if (event.count !== undefined) {
    const reasons = Object.entries(event.counts ?? {}).map(([k, v]) => `${k}×${v}`);
    return `${event.count} requests${reasons.length ? `: ${clean(reasons.join(', '), 120)}` : ''}`;
  }
  const parts = [
    event.reason,
    event.tier && `tier ${event.tier}`,
    event.usageCategory &&
      `${event.usageCategory} ${event.currentValue ?? '?'} ≥ ${event.triggerValue ?? '?'}`,
    event.calls && `calls ended ${event.calls.ended}/${event.calls.found}`,
    event.error,
  ].filter(Boolean);
  return clean(parts.join(' · '), 160);
}

const COLUMNS: Array<[string, (e: AuditEvent) => string, number]> = [
  ['TIME', (e) => clean(e.time, 24).replace(/\.\d+Z$/, 'Z'), 20],
  ['ACTION', (e) => clean(e.action, 17), 17],
  ['OUTCOME', (e) => clean(e.outcome, 8), 8],
  ['ACCOUNT', (e) => clean(e.accountSid ?? '', 34), 34],
  ['NAME', (e) => clean(e.friendlyName ?? '', 24), 24],
  ['WHAT', eventSummary, 0],
];

const row = (cells: string[]) =>
  cells
    .map((cell, i) => (COLUMNS[i][2] ? cell.padEnd(COLUMNS[i][2]) : cell))
    .join('  ')
    .trimEnd();

export const tableHeader = (): string => row(COLUMNS.map(([name]) => name));

export const tableRow = (event: AuditEvent): string => row(COLUMNS.map(([, cell]) => cell(event)));

/** JSON escapes control characters itself. */
export const jsonLine = (event: AuditEvent): string => JSON.stringify(event);
