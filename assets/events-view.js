// The events tab: filters, the chart, the audit table (newest first) and paging to older events.
// Sign-ins are left out of the table by default: they have their own list (sign-ins-view.js).
import { accountCell, onReactivateClick, reactivateCell } from './account-cells.js';
import { byId, h, notice, replaceChildren } from './dom.js';
import { renderChart } from './chart.js';
import { csvFileName, fetchCsv, saveFile } from './csv-download.js';
import { timeCell, whyCell } from './event-cells.js';
import {
  convertInputs,
  fillForm,
  filterProblem,
  filtersToRoute,
  readFilters,
} from './event-filters.js';
import { actionStyle, eventFacts } from './format.js';
import { createPagedList } from './paged-list.js';
import { showRowNotice } from './row-notice.js';
import { localZoneName } from './time-zone.js';

const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

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
    { class: 'details', 'data-label': 'Details' },
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

function eventRow(event, canReactivate, zone) {
  const style = actionStyle(event.action);
  const outcome = event.outcome && event.outcome !== 'ok' ? ` (${event.outcome})` : '';
  return h(
    'tr',
    { class: `event tone-${style.tone}`, 'data-action': event.action, 'data-id': event.id },
    timeCell(event, zone),
    h(
      'td',
      { 'data-label': 'Action' },
      h('span', { class: `badge ${style.tone}` }, style.label),
      outcome,
      h('span', { class: 'source' }, event.source || ''),
    ),
    eventAccountCell(event),
    whyCell(event),
    detailsCell(event),
    reactivateCell(canReactivate ? event.accountSid : null),
  );
}

/** The zone names in the header and the zone picker. */
function labelZones(zone) {
  const name = zone === 'utc' ? 'UTC' : localZoneName();
  byId('time-zone-local').textContent = `Local time (${localZoneName()})`;
  for (const id of ['events-zone', 'sign-ins-zone']) byId(id).textContent = `(${name})`;
}

export function createEventsView({ getApi, onError, onReactivate, zone, onRoute }) {
  const form = byId('event-filters');
  const tbody = byId('events-table').querySelector('tbody');
  const status = byId('events-status');
  const older = byId('events-older');
  const chart = byId('events-chart');
  const chartSummary = byId('events-chart-summary');
  const filterMessage = byId('filter-message');
  const zoneSelect = byId('time-zone');
  zoneSelect.value = zone.get();
  labelZones(zone.get());
  let filters = readFilters(form, zone.get());
  let shown = filters;
  const list = createPagedList({
    fetchPage: (cursor) => getApi().listEvents(filters, cursor),
    itemsOf: (page) => page.events,
    status,
    render,
    onError(error) {
      // A filter the service refused: say so at the filters, and keep the table as it was.
      if (error && error.status === 400) {
        notice(filterMessage, error.message, 'error');
        filters = shown;
        if (list.items().length) render();
        return;
      }
      onError(error);
    },
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
    shown = filters;
    const events = list.items();
    const open = stillSuspended(events);
    replaceChildren(
      tbody,
      events.map((event) => eventRow(event, open.has(event), zone.get())),
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
      zone: zone.get(),
    };
    drawChart = () => renderChart(chart, events, range);
    const totals = drawChart();
    chartSummary.textContent =
      `${totals.trip} suspended, ${totals.dry} would suspend (dry run), ` +
      `${plural(totals.warn, 'warning')} among the ${plural(events.length, 'event')} loaded.`;
  }

  /** The form's filters, or null (and why, at the filters) when they cannot be sent. */
  function checkedForm() {
    const wanted = readFilters(form, zone.get());
    const problem = filterProblem(wanted);
    notice(filterMessage, problem || '', 'error');
    return problem ? null : wanted;
  }

  function applyForm() {
    const wanted = checkedForm();
    if (!wanted) return false;
    filters = wanted;
    onRoute(filtersToRoute(filters, byId('filter-sign-ins').checked));
    return true;
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (applyForm()) list.load({ append: false });
  });
  form.addEventListener('reset', () => {
    // The reset event fires before the inputs are cleared. The zone is a preference, not a filter.
    setTimeout(() => {
      zoneSelect.value = zone.get();
      form.requestSubmit();
    }, 0);
  });
  zoneSelect.addEventListener('change', () => {
    const before = zone.get();
    zone.set(zoneSelect.value);
    convertInputs(form, before, zone.get());
    labelZones(zone.get());
    if (list.items().length) render();
  });
  older.addEventListener('click', () => list.load({ append: true }));
  byId('events-refresh').addEventListener('click', () => list.load({ append: false }));
  const findRow = (sid) => list.items().find((ev) => ev.accountSid === sid);
  onReactivateClick(tbody, findRow, onReactivate);
  byId('events-csv').addEventListener('click', async () => {
    const button = byId('events-csv');
    const wanted = checkedForm();
    if (!wanted) return;
    button.disabled = true;
    try {
      saveFile(await fetchCsv(getApi(), wanted), csvFileName(wanted, zone.get()));
    } catch (error) {
      onError(error);
    } finally {
      button.disabled = false;
    }
  });

  return {
    refresh: () => list.load({ append: false }),
    /** Opens the filters of a #events link (URLSearchParams) and loads them. */
    open(params) {
      fillForm(form, params, zone.get());
      return applyForm() ? list.load({ append: false }) : Promise.resolve();
    },
    /** A message under the row of event `id`; false when that row is not shown. */
    showRowNotice(id, text, tone = 'ok') {
      const row = tbody.querySelector(`tr[data-id="${CSS.escape(id)}"]`);
      if (!row) return false;
      showRowNotice(row, text, tone);
      return true;
    },
    clear() {
      list.clear();
      drawChart = null;
      tbody.replaceChildren();
      chart.replaceChildren();
      chartSummary.textContent = '';
      status.textContent = '';
      notice(filterMessage, '');
      older.hidden = true;
    },
  };
}
