// The sign-ins list, apart from the events table: every attempt to sign in, newest first, and the
// summaries that count failed attempts (a burst of wrong passwords is one row, with its count).
import { byId, h, replaceChildren } from './dom.js';
import { timeCell, whyCell } from './event-cells.js';
import { createPagedList } from './paged-list.js';

const PAGE_SIZE = 10;

/** Who signed in, and how far they got: the username once it matched, the method proved. */
function whoCell(event) {
  const detail = event.detail || {};
  const method = detail.method ? String(detail.method).replace(/\+/g, ' + ') : '';
  return h(
    'td',
    { 'data-label': 'Who' },
    h('span', { class: 'name' }, detail.username || (event.reason === 'summary' ? '—' : 'unknown')),
    method ? h('span', { class: 'source' }, method) : null,
  );
}

function signInRow(event, zone) {
  const failed = event.outcome && event.outcome !== 'ok';
  return h(
    'tr',
    {
      class: `event sign-in${failed ? ' tone-error' : ''}`,
      'data-id': event.id,
      'data-reason': event.reason || '',
    },
    timeCell(event, zone),
    whyCell(event, 'Result'),
    whoCell(event),
  );
}

export function createSignInsView({ getApi, onError, zone }) {
  const tbody = byId('sign-ins-table').querySelector('tbody');
  const status = byId('sign-ins-status');
  const older = byId('sign-ins-older');
  const list = createPagedList({
    fetchPage: (cursor) => getApi().listEvents({ action: 'sign-in' }, cursor, PAGE_SIZE),
    itemsOf: (page) => page.events,
    status,
    render,
    onError,
  });

  function render() {
    const events = list.items();
    replaceChildren(
      tbody,
      events.map((event) => signInRow(event, zone.get())),
    );
    if (events.length === 0) {
      tbody.append(h('tr', { class: 'empty' }, h('td', { colspan: 3 }, 'No sign-ins recorded.')));
    }
    older.hidden = !list.hasMore();
    status.textContent = `${events.length} sign-in record${events.length === 1 ? '' : 's'} loaded`;
  }

  older.addEventListener('click', () => list.load({ append: true }));
  byId('sign-ins-refresh').addEventListener('click', () => list.load({ append: false }));

  return {
    refresh: () => list.load({ append: false }),
    /** Shows the loaded rows again, e.g. in another time zone. */
    render: () => list.items().length && render(),
    clear() {
      list.clear();
      tbody.replaceChildren();
      status.textContent = '';
      older.hidden = true;
    },
  };
}
