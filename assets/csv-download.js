// "Download CSV": every page of the filtered audit list as one file, saved from a blob URL (the
// request needs the Authorization header, so a plain link cannot fetch it).
import { h } from './dom.js';
import { formatDate, formatTime } from './time-zone.js';

const MAX_CSV_PAGES = 100;

/** Every page of the filtered list as one CSV (header once), bounded for very long lists. */
export async function fetchCsv(api, filters) {
  const parts = [];
  let cursor;
  for (let page = 0; page < MAX_CSV_PAGES; page += 1) {
    const { text, nextCursor } = await api.eventsCsvPage(filters, cursor);
    parts.push(page === 0 ? text : text.slice(text.indexOf('\n') + 1));
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  return new Blob(parts, { type: 'text/csv' });
}

export function saveFile(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name part: letters, digits, dots and dashes only, at most `max` characters. */
const slug = (text, max) =>
  String(text)
    .trim()
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max);

/** "2024-05-01", or "2024-05-01_1030" when the time is not midnight, in the zone. */
function day(iso, zone) {
  const text = formatTime(iso, zone);
  const time = text.slice(11, 16).replace(':', '');
  return text.slice(11) === '00:00:00' ? text.slice(0, 10) : `${text.slice(0, 10)}_${time}`;
}

/**
 * The download's name, after what it holds: breaker-events_<account>_<actions>_<from>_to_<to>.csv,
 * e.g. breaker-events_AC12ab_suspended+would-suspend_2024-05-01_to_2024-05-31.csv. Without a
 * filter the middle says "all"; without To, the list runs up to the download (`now`).
 */
export function csvFileName(filters, zone, now = Date.now()) {
  const actions = String(filters.action || '')
    .split(',')
    .map((action) => slug(action, 20))
    .filter(Boolean)
    .join('+');
  const what = [slug(filters.account || '', 40), actions].filter(Boolean).join('_');
  const to = filters.until ? day(filters.until, zone) : formatDate(new Date(now), zone);
  const range = filters.since ? `${day(filters.since, zone)}_to_${to}` : `until_${to}`;
  return `breaker-events_${what || 'all'}_${range}.csv`;
}
