// The coverage tab: every subaccount with its status and whether the breaker's triggers are in
// place, the unprotected highlighted, paged for thousands of subaccounts.
import { accountCell, onReactivateClick, reactivateCell } from './account-cells.js';
import { byId, h, replaceChildren } from './dom.js';
import { protectionStyle } from './format.js';
import { createPagedList } from './paged-list.js';

const GAPS = new Set(['unprotected', 'outdated', 'unknown']);
const ORDER = ['unprotected', 'outdated', 'unknown', 'protected', 'exempt', 'closed'];

function triggersCell(triggers, error) {
  if (!triggers) return h('td', { 'data-label': 'Triggers' }, '—');
  const { expected = 0, present = 0, missing = [], outdated = [] } = triggers;
  const list = (label, items) =>
    Array.isArray(items) && items.length
      ? h('li', {}, `${label}: ${items.join(', ')}`)
      : typeof items === 'number' && items > 0
        ? h('li', {}, `${label}: ${items}`)
        : null;
  return h(
    'td',
    { 'data-label': 'Triggers' },
    `${present} of ${expected}`,
    h(
      'ul',
      { class: 'facts' },
      list('missing', missing),
      list('outdated', outdated),
      error ? h('li', { class: 'error-text' }, error) : null,
    ),
  );
}

function accountRow(account) {
  const style = protectionStyle(account.protection);
  const suspended = account.status === 'suspended';
  return h(
    'tr',
    {
      class: `account protection-${account.protection}${GAPS.has(account.protection) ? ' gap' : ''}`,
      'data-sid': account.sid,
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
    h(
      'td',
      { 'data-label': 'Protection' },
      h('span', { class: `badge ${style.tone}` }, style.label),
    ),
    triggersCell(account.triggers, account.error),
    reactivateCell(suspended ? account.sid : null),
  );
}

export function createCoverageView({ getApi, onError, onReactivate }) {
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
    const shown = onlyGaps.checked ? accounts.filter((a) => GAPS.has(a.protection)) : accounts;
    replaceChildren(tbody, shown.map(accountRow));
    if (shown.length === 0) {
      const text = accounts.length ? 'Every subaccount loaded is protected.' : 'No subaccounts.';
      tbody.append(h('tr', { class: 'empty' }, h('td', { colspan: 5 }, text)));
    }
    const counts = Object.fromEntries(ORDER.map((p) => [p, 0]));
    for (const account of accounts)
      counts[account.protection] = (counts[account.protection] || 0) + 1;
    replaceChildren(
      summary,
      ORDER.filter((p) => p !== 'unknown' || counts.unknown > 0).map((p) =>
        h(
          'div',
          { class: `summary-item ${protectionStyle(p).tone}`, 'data-protection': p },
          h('dt', {}, protectionStyle(p).label),
          h('dd', {}, String(counts[p])),
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
