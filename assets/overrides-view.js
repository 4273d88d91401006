// The overrides tab: per-subaccount thresholds (or an exemption) instead of the rules, kept by the
// service in Sync and recorded in the audit list. An override acts once setup has run for that
// account: each row has a button that runs it for that account alone.
import { accountCell } from './account-cells.js';
import { byId, h, notice, replaceChildren } from './dom.js';
import { fillOverride, readOverride, renderRuleFields, ruleLabel } from './override-form.js';
import { showRowNotice } from './row-notice.js';
import { formatTime } from './time-zone.js';

function thresholdsCell(override, rules) {
  if (override.exempt) {
    return h('td', { 'data-label': 'Thresholds' }, 'Exempt: no breaker triggers');
  }
  const byId_ = new Map(rules.map((rule) => [rule.id, rule]));
  return h(
    'td',
    { 'data-label': 'Thresholds' },
    h(
      'ul',
      { class: 'facts' },
      Object.entries(override.values || {}).map(([id, value]) => {
        const rule = byId_.get(id);
        return h(
          'li',
          {},
          rule
            ? `${ruleLabel(rule)}: ${value} (rule: ${rule.value})`
            : `${id}: ${value} (no such rule any more: ignored)`,
        );
      }),
    ),
  );
}

/** A row; `cleared` rows stay until the next refresh, so setup can be run for them at once. */
function overrideRow({ accountSid, override, cleared }, rules) {
  const changed = override.updatedAt
    ? `${formatTime(override.updatedAt, 'utc')} UTC${override.updatedBy ? ` by ${override.updatedBy}` : ''}`
    : '';
  return h(
    'tr',
    { class: 'override', 'data-sid': accountSid },
    accountCell('Subaccount', override.friendlyName, accountSid),
    cleared
      ? h('td', { 'data-label': 'Thresholds' }, 'Cleared: the rules apply from its next setup run')
      : thresholdsCell(override, rules),
    h('td', { 'data-label': 'Note' }, cleared ? '' : override.note || ''),
    h('td', { 'data-label': 'Changed' }, changed),
    h(
      'td',
      { class: 'row-actions' },
      h('div', { class: 'button-row end-row' }, [
        cleared
          ? null
          : h('button', { type: 'button', class: 'button small', 'data-act': 'edit' }, 'Edit'),
        h(
          'button',
          { type: 'button', class: 'button small', 'data-act': 'setup' },
          'Run setup for this account',
        ),
        cleared
          ? null
          : h(
              'button',
              { type: 'button', class: 'button small quiet', 'data-act': 'clear' },
              'Clear',
            ),
      ]),
    ),
  );
}

/** "Setup ran for Acme: 2 trigger changes." from POST /setup's answer for one account. */
/** What POST /setup with accountSid answered (src/setup/protect-account.ts), in words. */
function setupOutcome(name, result) {
  const n = (result.actions || []).length;
  const changes = n === 1 ? '1 trigger change' : `${n} trigger changes`;
  return { text: `Setup ran for ${name}: ${changes}. Its triggers are up to date.`, tone: 'ok' };
}

export function createOverridesView({ getApi, onError }) {
  const form = byId('override-form');
  const message = byId('override-message');
  const tbody = byId('overrides-table').querySelector('tbody');
  const status = byId('overrides-status');
  let rules = [];
  let overrides = [];

  function render() {
    replaceChildren(
      tbody,
      overrides.map((item) => overrideRow(item, rules)),
    );
    if (overrides.length === 0) {
      const text = 'No overrides: every subaccount follows the rules.';
      tbody.append(h('tr', { class: 'empty' }, h('td', { colspan: 5 }, text)));
    }
    const count = overrides.filter((o) => !o.cleared).length;
    status.textContent = `${count} override${count === 1 ? '' : 's'}`;
  }

  async function refresh() {
    status.textContent = 'Loading…';
    try {
      const answer = await getApi().listOverrides();
      const fresh = !rules.length;
      rules = answer.rules || [];
      overrides = answer.overrides || [];
      if (fresh) renderRuleFields(byId('override-values'), rules);
      render();
    } catch (error) {
      status.textContent = '';
      onError(error);
    }
  }

  const nameOf = (sid) => {
    const item = overrides.find((o) => o.accountSid === sid);
    return (item && item.override.friendlyName) || sid;
  };
  const rowOf = (sid) => tbody.querySelector(`tr[data-sid="${CSS.escape(sid)}"]`);

  async function runSetupFor(sid) {
    const row = rowOf(sid);
    if (row) showRowNotice(row, `Running setup for ${nameOf(sid)}…`, 'info');
    try {
      const outcome = setupOutcome(nameOf(sid), await getApi().setupAccount(sid));
      const at = rowOf(sid);
      if (at) showRowNotice(at, outcome.text, outcome.tone);
      else notice(message, outcome.text, outcome.tone);
    } catch (error) {
      if (error.status === 401) onError(error);
      else if (row)
        showRowNotice(row, `Setup failed for ${nameOf(sid)}: ${error.message}`, 'error');
    }
  }

  async function save(thenSetup) {
    const read = readOverride(form);
    if (read.problem) {
      notice(message, read.problem, 'error');
      return;
    }
    notice(message, 'Saving…', 'info');
    try {
      const answer = await getApi().setOverride(read.accountSid, read.override);
      const name = (answer.override && answer.override.friendlyName) || read.accountSid;
      notice(message, `Saved the override of ${name}. It acts once setup runs for it.`, 'ok');
      await refresh();
      if (thenSetup) await runSetupFor(read.accountSid);
    } catch (error) {
      if (error.status === 401) onError(error);
      else notice(message, error.message, 'error');
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    save(false);
  });
  byId('override-save-setup').addEventListener('click', () => save(true));
  byId('overrides-refresh').addEventListener('click', refresh);
  tbody.addEventListener('click', async (e) => {
    const button = e.target.closest('button[data-act]');
    if (!button) return;
    const sid = button.closest('tr').dataset.sid;
    const item = overrides.find((o) => o.accountSid === sid);
    if (button.dataset.act === 'edit' && item) {
      fillOverride(form, sid, item.override);
      notice(message, '');
      form.scrollIntoView({ block: 'nearest' });
      byId('override-account').focus();
    } else if (button.dataset.act === 'setup') {
      await runSetupFor(sid);
    } else if (button.dataset.act === 'clear') {
      try {
        await getApi().clearOverride(sid);
        overrides = overrides.map((o) => (o.accountSid === sid ? { ...o, cleared: true } : o));
        render();
        const text = `Cleared the override of ${nameOf(sid)}. Run setup for it to apply the rules now.`;
        showRowNotice(rowOf(sid), text);
      } catch (error) {
        if (error.status === 401) onError(error);
        else showRowNotice(button.closest('tr'), error.message, 'error');
      }
    }
  });

  return {
    refresh,
    clear() {
      rules = [];
      overrides = [];
      form.reset();
      notice(message, '');
      replaceChildren(byId('override-values'));
      tbody.replaceChildren();
      status.textContent = '';
    },
  };
}
