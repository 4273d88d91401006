// The time zone the dashboard shows times in: this browser's ('local') or UTC, which the command
// line prints. Every time on screen carries its zone, and the From/To inputs are read in the same
// zone, so what is typed is what is meant. Pure functions, except the remembered choice.

const KEY = 'breaker-time-zone';
const pad = (n) => String(n).padStart(2, '0');

export function loadZone() {
  try {
    return localStorage.getItem(KEY) === 'utc' ? 'utc' : 'local';
  } catch {
    return 'local';
  }
}

export function saveZone(zone) {
  try {
    localStorage.setItem(KEY, zone);
  } catch {
    // Storage blocked: the choice lasts until the page reloads.
  }
}

/** The browser's zone name, e.g. "Europe/Paris" (or "local time" when the browser hides it). */
export function localZoneName() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
}

/** "UTC" or the local offset at that instant, e.g. "UTC+01:00" (it changes with summer time). */
export function zoneLabel(date, zone) {
  if (zone === 'utc') return 'UTC';
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The calendar fields of `date` in the zone. */
export function fieldsIn(date, zone) {
  const utc = zone === 'utc';
  return {
    year: utc ? date.getUTCFullYear() : date.getFullYear(),
    month: (utc ? date.getUTCMonth() : date.getMonth()) + 1,
    day: utc ? date.getUTCDate() : date.getDate(),
    hours: utc ? date.getUTCHours() : date.getHours(),
    minutes: utc ? date.getUTCMinutes() : date.getMinutes(),
    seconds: utc ? date.getUTCSeconds() : date.getSeconds(),
  };
}

/** "2025-03-01" in the zone. */
export function formatDate(date, zone) {
  const f = fieldsIn(date, zone);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}`;
}

/** "2025-03-01 03:12:44", sortable, in the zone (the label goes beside it: zoneLabel). */
export function formatTime(iso, zone = 'local') {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso || '');
  const f = fieldsIn(date, zone);
  return `${formatDate(date, zone)} ${pad(f.hours)}:${pad(f.minutes)}:${pad(f.seconds)}`;
}

/** A datetime-local input's value, read in the zone → ISO 8601 in UTC, or '' when empty or bad. */
export function inputToIso(value, zone) {
  if (!value) return '';
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  const date = new Date(zone === 'utc' ? `${withSeconds}Z` : withSeconds);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** ISO 8601 → a datetime-local input's value in the zone ('' when empty or bad). */
export function isoToInput(iso, zone) {
  const date = new Date(iso || '');
  if (!iso || Number.isNaN(date.getTime())) return '';
  return formatTime(iso, zone).replace(' ', 'T');
}
