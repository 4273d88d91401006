// A message shown under the table row it is about, where the person's eyes already are (a notice at
// the top of the page is off-screen once they have scrolled to the row). It goes with the next
// render of the table.
import { h } from './dom.js';

/** Puts `text` in a row right after `row`, scrolled into view; answers the notice's row. */
export function showRowNotice(row, text, tone = 'ok') {
  row.parentElement.querySelectorAll('tr.row-notice').forEach((old) => old.remove());
  const columns = row.closest('table').querySelectorAll('thead th').length || 1;
  const notice = h(
    'tr',
    { class: 'row-notice' },
    h('td', { colspan: columns }, h('p', { class: `notice ${tone}`, role: 'status' }, text)),
  );
  row.after(notice);
  notice.scrollIntoView({ block: 'nearest' });
  return notice;
}
