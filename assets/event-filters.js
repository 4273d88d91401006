// The events tab's filter form: what it asks the service for, checked before asking, and the same
// filters as a link (#events?account=AC…&action=…&since=…&until=…), so another view (a coverage
// row) or a colleague can open the events of one account directly.
import { inputToIso, isoToInput } from './time-zone.js';

const MAX_ACCOUNT = 64;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const ROUTE_KEYS = ['account', 'action', 'since', 'until'];

/**
 * The form → {account, action, since, until, exclude}, the query of GET /admin-events. Sign-ins
 * are left out unless asked for (the checkbox, or the Sign-ins action): they have their own list.
 */
export function readFilters(form, zone) {
  const data = new FormData(form);
  const action = String(data.get('action') || '');
  const showSignIns = data.get('signIns') === 'on' || action.split(',').includes('sign-in');
  return {
    account: String(data.get('account') || '').trim(),
    action,
    since: inputToIso(String(data.get('since') || ''), zone),
    until: inputToIso(String(data.get('until') || ''), zone),
    exclude: showSignIns ? '' : 'sign-in',
  };
}

/** What is wrong with the filters, in words that say what to change; null when they can be sent. */
export function filterProblem(filters) {
  if (filters.account.length > MAX_ACCOUNT || CONTROL.test(filters.account)) {
    return `Account: type a name or the start of a SID, at most ${MAX_ACCOUNT} characters.`;
  }
  if (filters.since && filters.until && filters.since > filters.until) {
    return 'From is after To: change one of them.';
  }
  return null;
}

/** The filters as the query part of a #events link. */
export function filtersToRoute(filters, showSignIns) {
  const params = new URLSearchParams();
  for (const key of ROUTE_KEYS) if (filters[key]) params.set(key, filters[key]);
  if (showSignIns) params.set('signins', '1');
  return params.toString();
}

/** Fills the form from a #events link's query; times are ISO 8601 (shown in the zone). */
export function fillForm(form, params, zone) {
  const field = (name) => form.elements.namedItem(name);
  field('account').value = params.get('account') || '';
  const action = params.get('action') || '';
  const select = field('action');
  const known = Array.from(select.options).some((option) => option.value === action);
  select.value = known ? action : '';
  field('since').value = isoToInput(params.get('since'), zone);
  field('until').value = isoToInput(params.get('until'), zone);
  field('signIns').checked = params.get('signins') === '1';
}

/** Keeps the From/To inputs on the same instants when the zone they are read in changes. */
export function convertInputs(form, from, to) {
  for (const name of ['since', 'until']) {
    const input = form.elements.namedItem(name);
    input.value = isoToInput(inputToIso(input.value, from), to);
  }
}
