// The coverage tab: every subaccount, whether a trip trigger can fire for it right now (armed,
// fired today, re-armed after a reactivation, unprotected), its spend this period against the warn
// and trip values, the last thing that happened, and a link to its events; paged for thousands of
// subaccounts, the unprotected highlighted and counted.
import { accountCell, onReactivateClick, reactivateCell } from './account-cells.js';
import { byId, h, replaceChildren } from './dom.js';
import { ARMED_ORDER, armedStyle, formatAmount, protectionStyle } from './format.js';
import { formatTime, zoneLabel } from './time-zone.js';
import { createPagedList } from './paged-list.js';

const COLUMNS = 7;
const isGap = (account) =>
  ['unprotected', 'unknown'].includes(account.armed && account.armed.state) ||
  ['unprotected', 'outdated', 'unknown'].includes(account.protection);

function armedCell(account) {
  const armed = account.armed || { state: 'unknown', why: '' };
  const style = armedStyle(armed.state);
  return h(
    'td',
    { 'data-label': 'Armed' },
    h('span', { class: `badge ${style.tone}` }, style.label),
    armed.why ? h('p', { class: 'why small' }, armed.why) : null,
  );
}

function spendCell(spend, notes) {
  if (!spend) {
    const why = (notes || []).find((n) => n.startsWith('usage')) || '—';
    return h('td', { 'data-label': 'Spend' }, why);
  }
  const amount = (v) => formatAmount(v, spend.triggerBy, spend.unit);
  const trip = Number(spend.trip);
  const warn = spend.warn === null ? null : Number(spend.warn);
  return h(
    'td',
    { 'data-label': `Spend ${spend.period}`, 'data-spend': String(spend.value) },
    h('span', { class: 'spend' }, `${amount(spend.value)} ${spend.period}`.trim()),
    h('meter', {
      min: 0,
      max: trip,
      value: Math.min(spend.value, trip),
      ...(warn === null ? {} : { low: warn }),
      high: trip,
      optimum: 0,
      'aria-label': `${amount(spend.value)} of the ${amount(trip)} trip`,
    }),
    h(
      'span',
      { class: 'muted small' },
      warn === null ? `trip ${amount(trip)}` : `warn ${amount(warn)} · trip ${amount(trip)}`,
    ),
  );
}

function lastActionCell(last) {
  if (!last) return h('td', { 'data-label': 'Last action' }, '—');
  return h(
    'td',
    { 'data-label': 'Last action', 'data-last': last.kind },
    h('span', {}, last.text),
    h(
      'time',
      { class: 'muted small', datetime: last.at },
      `${formatTime(last.at)} ${zoneLabel(new Date(last.at), 'local')}`,
    ),
  );
}

function triggersCell(account) {
  const { triggers, error, protection } = account;
  if (!triggers) return h('td', { 'data-label': 'Triggers' }, '—');
  const { expected = 0, present = 0, missing = 0, outdated = 0 } = triggers;
  const style = protectionStyle(protection);
  return h(
    'td',
    { 'data-label': 'Triggers' },
    `${present} of ${expected}`,
    h(
      'ul',
      { class: 'facts' },
      protection !== 'protected' ? h('li', {}, style.label) : null,
      missing > 0 ? h('li', {}, `missing: ${missing}`) : null,
      outdated > 0 ? h('li', {}, `outdated: ${outdated}`) : null,
      error ? h('li', { class: 'error-text' }, error) : null,
    ),
  );
}

function actionsCell(account) {
  const cell = reactivateCell(account.status === 'suspended' ? account.sid : null);
  cell.prepend(
    h(
      'a',
      { class: 'button small quiet', href: '#events', 'data-events-for': account.sid },
      'Events',
    ),
  );
  return cell;
}

function accountRow(account) {
  const armed = (account.armed && account.armed.state) || 'unknown';
  const suspended = account.status === 'suspended';
  return h(
    'tr',
    {
      class: `account armed-${armed}${isGap(account) ? ' gap' : ''}`,
      'data-sid': account.sid,
      'data-armed': armed,
      'data-protection': account.protection,
    },
    accountCell('Subaccount', account.friendlyName, account.sid),
    h(
      'td',
      { 'data-label': 'Status' },
      h(
        'span',
        { class: `status status-${suspended ? 'suspended' : account.status}` },
        account.status,
      ),
    ),
    armedCell(account),
    spendCell(account.spend, account.notes),
    lastActionCell(account.lastAction),
    triggersCell(account),
    actionsCell(account),
  );
}

export function createCoverageView({ getApi, onError, onReactivate, onShowEvents }) {
  const tbody = byId('coverage-table').querySelector('tbody');
  const summary = byId('coverage-summary');
  const status = byId('coverage-status');
  const more = byId('coverage-more');
  const onlyGaps = byId('coverage-only-gaps');
  const list = createPagedList({
    fetchPage: (cursor) => getApi().listCoverage(cursor),
    itemsOf: (page) => page.accounts,
    status,
    render,
    onError,
  });

  function render() {
    const accounts = list.items();
    const shown = onlyGaps.checked ? accounts.filter(isGap) : accounts;
    replaceChildren(tbody, shown.map(accountRow));
    if (shown.length === 0) {
      const text = accounts.length ? 'Every subaccount loaded is armed.' : 'No subaccounts.';
      tbody.append(h('tr', { class: 'empty' }, h('td', { colspan: COLUMNS }, text)));
    }
    const counts = Object.fromEntries(ARMED_ORDER.map((state) => [state, 0]));
    for (const account of accounts) {
      const state = (account.armed && account.armed.state) || 'unknown';
      counts[state] = (counts[state] || 0) + 1;
    }
    replaceChildren(
      summary,
      ARMED_ORDER.filter((state) => state !== 'unknown' || counts.unknown > 0).map((state) =>
        h(
          'div',
          { class: `summary-item ${armedStyle(state).tone}`, 'data-armed': state },
          h('dt', {}, armedStyle(state).label),
          h('dd', {}, String(counts[state])),
        ),
      ),
    );
    more.hidden = !list.hasMore();
    status.textContent =
      `${accounts.length} subaccount${accounts.length === 1 ? '' : 's'} loaded` +
      (list.hasMore() ? ' · more available (counts cover the loaded ones)' : '');
  }

  more.addEventListener('click', () => list.load({ append: true }));
  byId('coverage-refresh').addEventListener('click', () => list.load({ append: false }));
  onlyGaps.addEventListener('change', render);
  const findRow = (sid) => list.items().find((a) => a.sid === sid);
  onReactivateClick(tbody, findRow, onReactivate);
  tbody.addEventListener('click', (e) => {
    const link = e.target.closest('a[data-events-for]');
    if (!link) return;
    e.preventDefault();
    onShowEvents(link.dataset.eventsFor);
  });

  return {
    refresh: () => list.load({ append: false }),
    clear() {
      list.clear();
      tbody.replaceChildren();
      summary.replaceChildren();
      status.textContent = '';
      more.hidden = true;
    },
  };
}
