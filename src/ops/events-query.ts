// GET /admin-events' parameters, the filter they describe and the paging cursor, as pure functions:
// validated once at the edge, so the scan only ever sees well-formed values.
import { badRequest } from '../admin/admin-request-error';
import type { AuditAction, AuditEvent } from '../audit/audit-event';

// A Record, so adding an action to AuditAction without listing it here fails to compile.
const ACTIONS: Record<AuditAction, true> = {
  suspended: true,
  'would-suspend': true,
  alerted: true,
  'already-suspended': true,
  skipped: true,
  duplicate: true,
  rejected: true,
  failed: true,
  swept: true,
  'alert-held': true,
  reactivated: true,
  'setup-run': true,
  override: true,
  'sign-in': true,
};
export const AUDIT_ACTIONS = Object.keys(ACTIONS) as AuditAction[];

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface EventsFilter {
  /** A name or the start of a SID, lower-cased: see matchesAccount. */
  account: string | null;
  actions: ReadonlySet<AuditAction> | null;
  /** Actions left out (e.g. sign-in, which has its own list in the dashboard). */
  excluded: ReadonlySet<AuditAction> | null;
  /** Epoch ms, inclusive. */
  since: number | null;
  /** Epoch ms, inclusive. */
  until: number | null;
}

/** Where a scan continues: below this list index (exclusive). */
export interface EventsCursor {
  before: number;
}

export interface EventsQuery {
  filter: EventsFilter;
  pageSize: number;
  cursor: EventsCursor | null;
  format: 'json' | 'csv';
}

const DAY_MS = 86_400_000;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const ISO = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** One string parameter; '' counts as absent. */
function single(params: Record<string, unknown>, name: string): string | null {
  const value = params[name];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw badRequest(`${name}: give it once, as plain text`);
  return value.trim() || null;
}

/** ISO 8601 date or date-time; no offset means UTC. A bare `until` date covers its whole day. */
export function parseIsoDate(name: string, value: string, endOfDay = false): number {
  const match = ISO.exec(value);
  const hint = `${name} must be an ISO 8601 date or date-time, e.g. 2024-05-01 or 2024-05-01T10:00:00Z`;
  if (!match) throw badRequest(hint);
  const [, date, time, offset] = match;
  const ms = Date.parse(time ? (offset ? value : `${value}Z`) : `${date}T00:00:00Z`);
  // Date.parse accepts 2024-02-30 as March 1st: a real date survives the round trip.
  if (
    !Number.isFinite(ms) ||
    new Date(Date.parse(`${date}T00:00:00Z`)).toISOString().slice(0, 10) !== date
  ) {
    throw badRequest(hint);
  }
  return time || !endOfDay ? ms : ms + DAY_MS - 1;
}

function parseActions(value: string, name = 'action'): Set<AuditAction> {
  const actions = new Set<AuditAction>();
  for (const part of value.split(',')) {
    const action = part.trim();
    if (!action) continue;
    if (!(action in ACTIONS)) {
      const shown = action.slice(0, 40).replace(/[^\w-]/g, '?');
      throw badRequest(`${name}: "${shown}" is not an action; use ${AUDIT_ACTIONS.join(', ')}`);
    }
    actions.add(action as AuditAction);
  }
  return actions;
}

function parsePageSize(value: string | null): number {
  if (value === null) return DEFAULT_PAGE_SIZE;
  const size = Number(value);
  if (!/^\d+$/.test(value) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badRequest(`pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  return size;
}

export function encodeEventsCursor(cursor: EventsCursor): string {
  return Buffer.from(JSON.stringify({ b: cursor.before })).toString('base64url');
}

export function decodeEventsCursor(value: string): EventsCursor {
  try {
    if (value.length <= 100) {
      const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as {
        b?: unknown;
      };
      if (Number.isSafeInteger(parsed.b) && (parsed.b as number) >= 0) {
        return { before: parsed.b as number };
      }
    }
  } catch {
    // answered below
  }
  throw badRequest('cursor must be a nextCursor returned by /admin-events; drop it to start over');
}

export const MAX_ACCOUNT_FILTER = 64;

/** What people type to find an account: a friendly name (or part of it), or a SID or its start. */
function parseAccount(value: string | null): string | null {
  if (value === null) return null;
  if (value.length > MAX_ACCOUNT_FILTER || CONTROL.test(value)) {
    throw badRequest(
      `account: give a name, or a SID or its start, at most ${MAX_ACCOUNT_FILTER} characters`,
    );
  }
  return value.toLowerCase();
}

const nonEmpty = (actions: Set<AuditAction> | null) =>
  actions && actions.size > 0 ? actions : null;

export function parseEventsQuery(params: Record<string, unknown>): EventsQuery {
  const account = parseAccount(single(params, 'account'));
  const actionParam = single(params, 'action');
  const actions = actionParam === null ? null : parseActions(actionParam);
  const excludeParam = single(params, 'exclude');
  const excluded = excludeParam === null ? null : parseActions(excludeParam, 'exclude');
  const sinceParam = single(params, 'since');
  const untilParam = single(params, 'until');
  const since = sinceParam === null ? null : parseIsoDate('since', sinceParam);
  const until = untilParam === null ? null : parseIsoDate('until', untilParam, true);
  if (since !== null && until !== null && since > until) {
    throw badRequest('since must not be after until');
  }
  const format = single(params, 'format') ?? 'json';
  if (format !== 'json' && format !== 'csv') throw badRequest('format must be json or csv');
  const cursor = single(params, 'cursor');
  return {
    filter: { account, actions: nonEmpty(actions), excluded: nonEmpty(excluded), since, until },
    pageSize: parsePageSize(single(params, 'pageSize')),
    cursor: cursor === null ? null : decodeEventsCursor(cursor),
    format,
  };
}

/** A list item that looks like an audit event (anything else in the list is skipped). */
export function isAuditEvent(data: unknown): data is AuditEvent {
  if (typeof data !== 'object' || data === null) return false;
  const { id, time, action } = data as Record<string, unknown>;
  return typeof id === 'string' && typeof time === 'string' && typeof action === 'string';
}

/** Epoch ms of the event's time, or null when unreadable. */
export function eventTime(event: AuditEvent): number | null {
  const ms = Date.parse(event.time);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * `wanted` (lower case) finds an event whose account SID starts with it or whose friendly name
 * holds it, and a summary that lists a SID starting with it. A whole SID is its own start.
 */
export function matchesAccount(event: AuditEvent, wanted: string): boolean {
  const sidStarts = (sid: unknown) =>
    typeof sid === 'string' && sid.toLowerCase().startsWith(wanted);
  if (sidStarts(event.accountSid)) return true;
  if (typeof event.friendlyName === 'string' && event.friendlyName.toLowerCase().includes(wanted)) {
    return true;
  }
  return Array.isArray(event.accountSids) && event.accountSids.some(sidStarts);
}

export function matchesFilter(event: AuditEvent, filter: EventsFilter): boolean {
  if (filter.actions && !filter.actions.has(event.action)) return false;
  if (filter.excluded && filter.excluded.has(event.action)) return false;
  if (filter.account !== null && !matchesAccount(event, filter.account)) return false;
  if (filter.since !== null || filter.until !== null) {
    const time = eventTime(event);
    if (time === null) return false;
    if (filter.since !== null && time < filter.since) return false;
    if (filter.until !== null && time > filter.until) return false;
  }
  return true;
}

/**
 * Events wait for Sync during an outage and reach the list late, so the list is only roughly in
 * time order. Once the scan meets an event this much older than `since`, nothing below it is assumed
 * to be newer than `since`.
 */
export const LATE_APPEND_SLACK_MS = DAY_MS;

/** True when the scan (newest first) can stop: everything from here on is before `since`. */
export function pastSince(event: AuditEvent, filter: EventsFilter): boolean {
  if (filter.since === null) return false;
  const time = eventTime(event);
  return time !== null && time < filter.since - LATE_APPEND_SLACK_MS;
}
