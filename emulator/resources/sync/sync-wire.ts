import { hostRoute } from '../../http/host-route';
import { isoDate } from '../../http/iso-date';
import type { EmulatorRequest } from '../../types';
import { SID_PATTERN } from './named-collection';
import type { RangeQuery } from './ordered-items';
import { syncErrors } from './sync-errors';

export const SYNC_HOST = 'sync.twilio.com';
export const SYNC_V1 = `https://${SYNC_HOST}/v1`;
const MAX_TTL = 31_536_000;
// The spec caps Sync list pages at 100 (PageSize maximum), unlike the 2010 API's 1000. Refusing
// more is the safe side: code that passes here also works against Twilio.
const MAX_SYNC_PAGE_SIZE = 100;
const MAX_NAME_LENGTH = 320;

export const syncRoute = hostRoute(SYNC_HOST);

export { isoDate };
export const isoOrNull = (date: Date | null): string | null => (date ? isoDate(date) : null);

/** `Data` is a JSON string in the form body; Sync stores only JSON objects. */
export function parseData(raw: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw syncErrors.invalidJson('not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw syncErrors.invalidJson('not a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/**
 * The first of `names` present in the form wins (Twilio: ItemTtl over its alias Ttl, CollectionTtl
 * over Ttl). Returns undefined when none is given, 0 meaning "never expires".
 */
export function parseTtl(form: URLSearchParams, ...names: string[]): number | undefined {
  const name = names.find((n) => form.has(n));
  if (name === undefined) return undefined;
  const raw = form.get(name) ?? '';
  const ttl = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL) {
    throw syncErrors.invalidTtl(name, raw);
  }
  return ttl;
}

export const expiryAfter = (now: Date, ttl: number): Date | null =>
  ttl === 0 ? null : new Date(now.getTime() + ttl * 1000);

export function checkUniqueName(name: string): string {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || SID_PATTERN.test(name)) {
    throw syncErrors.invalidUniqueName(name);
  }
  return name;
}

export function checkMapItemKey(key: string): string {
  if (key.length === 0 || key.length > MAX_NAME_LENGTH) throw syncErrors.invalidMapItemKey();
  return key;
}

/** An If-Match header that names another revision fails the write, as Sync's optimistic locking does. */
export function checkIfMatch(
  req: EmulatorRequest,
  revision: number,
  mismatch: (message: string) => Error,
): void {
  const header = req.headers?.['if-match'];
  const expected = header?.replace(/^"(.*)"$/, '$1');
  if (expected !== undefined && expected !== '*' && expected !== String(revision)) {
    throw mismatch(`Revision mismatch: If-Match '${expected}', current revision '${revision}'`);
  }
}

export function checkSyncPageSize(req: EmulatorRequest): void {
  const raw = req.query.get('PageSize');
  if (raw !== null && Number(raw) > MAX_SYNC_PAGE_SIZE) {
    throw syncErrors.invalidQuery('PageSize (maximum 100 for Sync)', raw);
  }
}

/** Order, From and Bounds of a Map Item or List Item read; `parseFrom` turns From into a key. */
export function rangeQuery<K>(req: EmulatorRequest, parseFrom: (raw: string) => K): RangeQuery<K> {
  const order = req.query.get('Order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw syncErrors.invalidQuery('Order', order);
  const bounds = req.query.get('Bounds') ?? 'inclusive';
  if (bounds !== 'inclusive' && bounds !== 'exclusive') {
    throw syncErrors.invalidQuery('Bounds', bounds);
  }
  const from = req.query.get('From');
  return {
    order,
    from: from === null ? undefined : parseFrom(from),
    inclusive: bounds === 'inclusive',
  };
}
