// The overrides tab's form: one threshold field per configured rule, worded as the rule acts
// ("Suspend at … per day"), checked here with the service's own limits before anything is sent,
// so a typo is named next to the form instead of coming back as an error.
import { h, replaceChildren } from './dom.js';
import { periodWords } from './format.js';

const SID = /^AC[0-9a-f]{32}$/;
const DECIMAL = /^\d{1,9}(\.\d{1,4})?$/;
const MAX_NOTE = 200;

const MEASURE = {
  price: 'spend in the account currency',
  usage: 'usage',
  count: 'count',
};

/** "Suspend at: totalprice spend in the account currency, per day (GMT)" for one rule. */
export function ruleLabel(rule) {
  const verb = rule.tier === 'trip' ? 'Suspend at' : 'Warn at';
  const measure = MEASURE[rule.triggerBy] || rule.triggerBy;
  return `${verb}: ${rule.usageCategory} ${measure}, ${periodWords(rule.recurring) || rule.recurring}`;
}

/** The threshold fields, one per rule, the rule's own value as the placeholder. */
export function renderRuleFields(container, rules) {
  replaceChildren(
    container,
    rules.map((rule) =>
      h(
        'div',
        { class: 'field' },
        h('label', { for: `override-value-${rule.id}` }, ruleLabel(rule)),
        h('input', {
          id: `override-value-${rule.id}`,
          name: `value:${rule.id}`,
          'data-rule': rule.id,
          inputmode: 'decimal',
          autocomplete: 'off',
          placeholder: `${rule.value} (the rule)`,
        }),
      ),
    ),
  );
}

/**
 * The form → {accountSid, override: {exempt, values, note}}, or {problem} saying what to fix. An
 * empty threshold keeps the rule's value.
 */
export function readOverride(form) {
  const accountSid = form.elements.namedItem('accountSid').value.trim();
  if (!SID.test(accountSid)) {
    return { problem: 'Subaccount: enter its SID, AC followed by 32 hex digits.' };
  }
  const exempt = form.elements.namedItem('exempt').checked;
  const values = {};
  for (const input of form.querySelectorAll('input[data-rule]')) {
    const value = input.value.trim();
    if (!value) continue;
    if (!DECIMAL.test(value) || Number(value) <= 0) {
      const label = form.querySelector(`label[for="${input.id}"]`).textContent;
      return { problem: `${label}: enter a positive number such as 250 (at most 4 decimals).` };
    }
    values[input.dataset.rule] = value;
  }
  if (!exempt && Object.keys(values).length === 0) {
    return {
      problem:
        'Enter at least one threshold, or tick Exempt. To go back to the rules, clear the override in the list below.',
    };
  }
  const note = form.elements.namedItem('note').value.trim();
  if (note.length > MAX_NOTE) return { problem: `Note: at most ${MAX_NOTE} characters.` };
  return { accountSid, override: { exempt, values: exempt ? {} : values, note } };
}

/** Fills the form with an existing override, to change it. */
export function fillOverride(form, accountSid, override) {
  form.elements.namedItem('accountSid').value = accountSid;
  form.elements.namedItem('exempt').checked = Boolean(override.exempt);
  form.elements.namedItem('note').value = override.note || '';
  for (const input of form.querySelectorAll('input[data-rule]')) {
    input.value = (override.values || {})[input.dataset.rule] || '';
  }
}
