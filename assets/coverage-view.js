// The coverage tab: every subaccount with its status and whether the breaker's triggers are in
// place, the unprotected highlighted, paged for thousands of subaccounts.
import { byId, h, replaceChildren } from './dom.js';
import { protectionStyle } from './format.js';

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
    h(
      'td',
      { 'data-label': 'Subaccount' },
      h('span', { class: 'name' }, account.friendlyName || '(no name)'),
      h('code', { class: 'sid' }, account.sid),
    ),
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
    h(
      'td',
      { class: 'row-actions' },
      suspended
        ? h(
            'button',
            { type: 'button', class: 'button small', 'data-reactivate': account.sid },
            'Reactivate…',
          )
        : null,
    ),
  );
}

export function createCoverageView({ getApi, onError, onReactivate }) {
  const tbody = byId('coverage-table').querySelector('tbody');
  const summary = byId('coverage-summary');
  const status = byId('coverage-status');
  const more = byId('coverage-more');
  const onlyGaps = byId('coverage-only-gaps');
  let accounts = [];
  let nextCursor = null;
  let loading = 0;

  function render() {
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
    more.hidden = !nextCursor;
    status.textContent =
      `${accounts.length} subaccount${accounts.length === 1 ? '' : 's'} loaded` +
      (nextCursor ? ' · more available (counts cover the loaded ones)' : '');
  }

  async function load({ append }) {
    const ticket = ++loading;
    status.textContent = 'Loading…';
    try {
      const page = await getApi().listCoverage(append ? nextCursor : undefined);
      if (ticket !== loading) return;
      accounts = append ? [...accounts, ...(page.accounts || [])] : page.accounts || [];
      nextCursor = page.nextCursor || null;
      render();
    } catch (error) {
      if (ticket !== loading) return;
      status.textContent = '';
      onError(error);
    }
  }

  more.addEventListener('click', () => load({ append: true }));
  byId('coverage-refresh').addEventListener('click', () => load({ append: false }));
  onlyGaps.addEventListener('change', render);
  tbody.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-reactivate]');
    if (!button) return;
    const account = accounts.find((a) => a.sid === button.dataset.reactivate);
    onReactivate({ sid: button.dataset.reactivate, friendlyName: account && account.friendlyName });
  });

  return {
    refresh: () => load({ append: false }),
    clear() {
      loading += 1;
      accounts = [];
      nextCursor = null;
      tbody.replaceChildren();
      summary.replaceChildren();
      status.textContent = '';
      more.hidden = true;
    },
  };
}
