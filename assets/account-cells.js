// The cells a row about one subaccount has in both tables (events and coverage): its name and SID,
// and the "Reactivate…" button, whose clicks the table's body hands to the reactivation dialog.
import { h } from './dom.js';

export function accountCell(label, friendlyName, sid) {
  return h(
    'td',
    { 'data-label': label },
    h('span', { class: 'name' }, friendlyName || '(no name)'),
    h('code', { class: 'sid' }, sid || ''),
  );
}

/** The row's last cell: a "Reactivate…" button for `sid`, or nothing when `sid` is null. */
export function reactivateCell(sid) {
  return h(
    'td',
    { class: 'row-actions' },
    sid
      ? h(
          'button',
          { type: 'button', class: 'button small', 'data-reactivate': sid },
          'Reactivate…',
        )
      : null,
  );
}

/**
 * A click on a row's button → onReactivate({sid, friendlyName, rowId}): the name from
 * findRow(sid), rowId the row's data-id (events) so the outcome can be shown at that row.
 */
export function onReactivateClick(tbody, findRow, onReactivate) {
  tbody.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-reactivate]');
    if (!button) return;
    const sid = button.dataset.reactivate;
    const row = findRow(sid);
    const rowId = button.closest('tr').dataset.id || null;
    onReactivate({ sid, friendlyName: row && row.friendlyName, rowId });
  });
}
