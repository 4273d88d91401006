// How values look on screen. Pure functions of their arguments.

const ACTIONS = {
  suspended: { label: 'Suspended', tone: 'danger' },
  'would-suspend': { label: 'Would suspend', tone: 'warn' },
  alerted: { label: 'Warning', tone: 'warn' },
  'already-suspended': { label: 'Already suspended', tone: 'muted' },
  skipped: { label: 'Skipped', tone: 'muted' },
  duplicate: { label: 'Duplicate', tone: 'muted' },
  rejected: { label: 'Rejected', tone: 'error' },
  failed: { label: 'Failed', tone: 'error' },
  swept: { label: 'Calls ended', tone: 'info' },
  'alert-held': { label: 'Alerts held back', tone: 'muted' },
  reactivated: { label: 'Reactivated', tone: 'ok' },
  'setup-run': { label: 'Setup run', tone: 'info' },
  'sign-in': { label: 'Sign-in', tone: 'info' },
};

const PROTECTION = {
  protected: { label: 'Protected', tone: 'ok' },
  outdated: { label: 'Outdated', tone: 'warn' },
  unprotected: { label: 'Unprotected', tone: 'danger' },
  exempt: { label: 'Exempt', tone: 'muted' },
  closed: { label: 'Closed', tone: 'muted' },
  unknown: { label: 'Could not check', tone: 'warn' },
};

// Whether a trip trigger can fire now (src/ops/armed-state.ts), most urgent first.
const ARMED = {
  unprotected: { label: 'Unprotected', tone: 'danger' },
  unknown: { label: 'Could not check', tone: 'warn' },
  rearmed: { label: 'Re-armed after reactivation', tone: 'info' },
  fired: { label: 'Fired today · suspended', tone: 'warn' },
  armed: { label: 'Armed', tone: 'ok' },
  exempt: { label: 'Exempt', tone: 'muted' },
  closed: { label: 'Closed', tone: 'muted' },
};

export const ARMED_ORDER = Object.keys(ARMED);

export function armedStyle(state) {
  return ARMED[state] || { label: String(state || 'unknown'), tone: 'muted' };
}

const CURRENCY = { usd: '$', eur: '€', gbp: '£' };

/** 12.5 → "$12.50", 100 → "$100"; "7 JPY" where no symbol is known. */
export function formatMoney(value, unit = 'usd') {
  const n = Number(value);
  if (!Number.isFinite(n)) return '';
  const amount = Number.isInteger(n) ? String(n) : n.toFixed(2);
  const symbol = CURRENCY[String(unit || 'usd').toLowerCase()];
  return symbol ? `${symbol}${amount}` : `${amount} ${String(unit).toUpperCase()}`;
}

/** An amount in a rule's unit: money for price rules, "60 units" / "60 events" otherwise. */
export function formatAmount(value, triggerBy, unit) {
  if (triggerBy === 'price') return formatMoney(value, unit);
  const n = Math.round(Number(value) * 10000) / 10000;
  return `${n} ${triggerBy === 'count' ? 'events' : 'units'}`;
}

export function actionStyle(action) {
  return ACTIONS[action] || { label: String(action || 'unknown'), tone: 'muted' };
}

export function protectionStyle(protection) {
  return PROTECTION[protection] || { label: String(protection || 'unknown'), tone: 'muted' };
}

/** "3 min ago", "2 h ago", "5 d ago": for a glance, the exact time is beside it. */
export function formatAge(iso, now = Date.now()) {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

const PERIODS = {
  daily: 'per day (GMT)',
  monthly: 'per month (GMT)',
  yearly: 'per year (GMT)',
  alltime: 'since the account opened',
};

/** A trigger's period (its `recurring`) in words; '' when unknown. */
export const periodWords = (recurring) => PERIODS[recurring] || '';

// Twilio's callback names no currency: a price trigger counts in the account's billing currency.
const UNITS = {
  price: ' in the account currency (USD for most)',
  usage: " (minutes, segments…: the category's unit)",
  count: '',
};

/** What a trigger measured, e.g. "spent 110 of the 100 limit in the account currency… per day (GMT)". */
function thresholdFact(event) {
  // Events recorded before triggerBy was kept: totalprice can only be a price.
  const by = event.triggerBy || (event.usageCategory === 'totalprice' ? 'price' : null);
  const verb = { price: 'spent', usage: 'used', count: 'counted' }[by] || 'reached';
  const period = periodWords(event.recurring);
  return (
    `${verb} ${event.currentValue ?? '?'} of the ${event.triggerValue ?? '?'} limit` +
    `${UNITS[by] || ''}${period ? ` ${period}` : ''}`
  );
}

/** A setup run's summary; every count is in the raw event. */
function setupRunFacts(detail) {
  const n = (key) => Number(detail[key]) || 0;
  const changed = n('create') + n('replace') + n('update') + n('delete');
  const facts = [`${n('seen')} account(s) seen, ${n('reconciled')} checked`];
  facts.push(`${changed} trigger change(s), ${n('writes')} write(s)`);
  if (n('failed')) facts.push(`${n('failed')} failed`);
  if (detail.mode) facts.push(`mode: ${detail.mode}`);
  return facts;
}

/** "$150.00 of $100 (totalprice)"-style facts of a breaker event, as short strings. */
export function eventFacts(event) {
  if (event.action === 'setup-run') return setupRunFacts(event.detail || {});
  const facts = [];
  if (event.usageCategory) facts.push(`category ${event.usageCategory}`);
  if (event.currentValue || event.triggerValue) facts.push(thresholdFact(event));
  if (event.tier) facts.push(`tier ${event.tier}`);
  if (event.calls && event.calls.found > 0) {
    const { found, ended, failed } = event.calls;
    facts.push(`calls ended ${ended}/${found}${failed ? `, ${failed} failed` : ''}`);
  }
  if (event.alerts) {
    const sent = Object.entries(event.alerts).map(([channel, result]) => `${channel} ${result}`);
    if (sent.length) facts.push(`alerts: ${sent.join(', ')}`);
  }
  if (event.degraded && event.degraded.length) facts.push(`assumed: ${event.degraded.join(', ')}`);
  for (const [key, value] of Object.entries(event.detail || {})) {
    if (value === null || value === '') continue;
    facts.push(`${key}: ${typeof value === 'object' ? JSON.stringify(value) : value}`);
  }
  if (event.error) facts.push(`error: ${event.error}`);
  return facts;
}
