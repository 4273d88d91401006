// "Download CSV": every page of the filtered audit list as one file, saved from a blob URL (the
// request needs the Authorization header, so a plain link cannot fetch it).
import { h } from './dom.js';

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
