// The events tab: filters, the chart, the audit table (newest first) and paging to older events.
import { accountCell, onReactivateClick, reactivateCell } from './account-cells.js';
import { byId, h, replaceChildren } from './dom.js';
import { renderChart } from './chart.js';
import { fetchCsv, saveFile } from './csv-download.js';
import { actionStyle, eventFacts, formatAge, formatTime, localInputToIso } from './format.js';
import { createPagedList } from './paged-list.js';

const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function readFilters(form) {
  const data = new FormData(form);
  return {
    account: String(data.get('account') || '').trim(),
    action: String(data.get('action') || ''),
    since: localInputToIso(String(data.get('since') || '')),
    until: localInputToIso(String(data.get('until') || '')),
  };
}

function eventAccountCell(event) {
  if (!event.accountSid && !event.friendlyName) {
    const many = event.accountSids && event.accountSids.length;
    return h('td', { 'data-label': 'Account' }, many ? `${many} accounts` : '—');
  }
  return accountCell('Account', event.friendlyName, event.accountSid);
}

function detailsCell(event) {
  const facts = eventFacts(event);
  return h(
    'td',
    { 'data-label': 'Details' },
    h(
      'ul',
      { class: 'facts' },
      facts.map((fact) => h('li', {}, fact)),
    ),
    h(
      'details',
      { class: 'raw' },
      h('summary', {}, 'Raw event'),
      h('pre', {}, JSON.stringify(event, null, 2)),
    ),
  );
}

/** Suspensions not followed by a reactivation among the (newest-first) events loaded. */
function stillSuspended(events) {
  const reactivated = new Set();
  const open = new Set();
  for (const event of events) {
    if (!event.accountSid) continue;
    if (event.action === 'reactivated') reactivated.add(event.accountSid);
    if (event.action === 'suspended' && !reactivated.has(event.accountSid)) open.add(event);
  }
  return open;
}

function eventRow(event, canReactivate) {
  const style = actionStyle(event.action);
  const outcome = event.outcome && event.outcome !== 'ok' ? ` (${event.outcome})` : '';
  return h(
    'tr',
    { class: `event tone-${style.tone}`, 'data-action': event.action, 'data-id': event.id },
    h(
      'td',
      { 'data-label': 'Time' },
      h('time', { datetime: event.time, title: event.time }, formatTime(event.time)),
      h('span', { class: 'age' }, formatAge(event.time)),
    ),
    h(
      'td',
      { 'data-label': 'Action' },
      h('span', { class: `badge ${style.tone}` }, style.label),
      outcome,
      h('span', { class: 'source' }, event.source || ''),
    ),
    eventAccountCell(event),
    h('td', { 'data-label': 'Why' }, event.reason || ''),
    detailsCell(event),
    reactivateCell(canReactivate ? event.accountSid : null),
  );
}

export function createEventsView({ getApi, onError, onReactivate }) {
  const form = byId('event-filters');
  const tbody = byId('events-table').querySelector('tbody');
  const status = byId('events-status');
  const older = byId('events-older');
  const chart = byId('events-chart');
  const chartSummary = byId('events-chart-summary');
  let filters = readFilters(form);
  const list = createPagedList({
    fetchPage: (cursor) => getApi().listEvents(filters, cursor),
    itemsOf: (page) => page.events,
    status,
    render,
    onError,
  });
  let drawChart = null;
  let width = 0;
  // Redraw at the new width, so the chart's text stays readable when the window changes.
  new ResizeObserver(() => {
    if (drawChart && chart.clientWidth !== width) {
      width = chart.clientWidth;
      drawChart();
    }
  }).observe(chart);

  function render() {
    const events = list.items();
    const open = stillSuspended(events);
    replaceChildren(
      tbody,
      events.map((event) => eventRow(event, open.has(event))),
    );
    if (events.length === 0) {
      tbody.append(
        h('tr', { class: 'empty' }, h('td', { colspan: 6 }, 'No events match these filters.')),
      );
    }
    older.hidden = !list.hasMore();
    status.textContent =
      `${plural(events.length, 'event')} loaded` +
      (list.hasMore() ? ' · older events available' : ' · that is all of them');
    const range = {
      from: filters.since ? new Date(filters.since).getTime() : undefined,
      to: filters.until ? new Date(filters.until).getTime() : undefined,
    };
    drawChart = () => renderChart(chart, events, range);
    const totals = drawChart();
    chartSummary.textContent =
      `${totals.trip} suspended, ${totals.dry} would suspend (dry run), ` +
      `${plural(totals.warn, 'warning')} among the ${plural(events.length, 'event')} loaded.`;
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    filters = readFilters(form);
    list.load({ append: false });
  });
  form.addEventListener('reset', () => {
    // The reset event fires before the inputs are cleared.
    setTimeout(() => form.requestSubmit(), 0);
  });
  older.addEventListener('click', () => list.load({ append: true }));
  byId('events-refresh').addEventListener('click', () => list.load({ append: false }));
  const findRow = (sid) => list.items().find((ev) => ev.accountSid === sid);
  onReactivateClick(tbody, findRow, onReactivate);
  byId('events-csv').addEventListener('click', async () => {
    const button = byId('events-csv');
    button.disabled = true;
    try {
      saveFile(await fetchCsv(getApi(), readFilters(form)), `breaker-events-${Date.now()}.csv`);
    } catch (error) {
      onError(error);
    } finally {
      button.disabled = false;
    }
  });

  return {
    refresh: () => list.load({ append: false }),
    clear() {
      list.clear();
      drawChart = null;
      tbody.replaceChildren();
      chart.replaceChildren();
      chartSummary.textContent = '';
      status.textContent = '';
      older.hidden = true;
    },
  };
}
