// Entry point: sign-in (password, then the one-time code when two-factor sign-in is on) and
// sign-out, the tabs and their links (#events?account=AC…, #coverage, #overrides), and the wiring
// between the views. Loaded as a module from index.html; no inline script anywhere, so the page's
// CSP can forbid it.
import { createApi, isSafeOrigin } from './api.js';
import { byId, notice } from './dom.js';
import { createCoverageView } from './coverage-view.js';
import { createEventsView } from './events-view.js';
import { createOverridesView } from './overrides-view.js';
import { createReactivateDialog } from './reactivate-dialog.js';
import { showRowNotice } from './row-notice.js';
import { clearSession, loadSession, saveSession, sessionTimeLeft } from './session.js';
import { createSetupView } from './setup-view.js';
import { createSignInView } from './sign-in-view.js';
import { createSignInsView } from './sign-ins-view.js';
import { loadZone, saveZone } from './time-zone.js';

let session = null;
let api = null;
let coverageLoaded = false;
let overridesLoaded = false;
let expiryTimer = null;
let zoneChoice = loadZone();

const TABS = ['events', 'coverage', 'overrides'];

const EXPIRED = 'Your session has expired. Sign in again.';
// setTimeout's longest delay; a longer session is checked again by the service's 401 anyway.
const MAX_TIMER_MS = 2 ** 31 - 1;

const securityWarning = byId('security-warning');
const appSection = byId('app');
const appMessage = byId('app-message');
const sessionBar = byId('session-bar');

function getApi() {
  if (!api) throw new Error('Not signed in.');
  return api;
}

function onError(error) {
  if (error && error.status === 401) {
    const expired = error.code === 'session-expired';
    signOut(expired ? EXPIRED : 'Your sign-in was not accepted any more. Sign in again.');
    return;
  }
  notice(appMessage, error && error.message ? error.message : String(error), 'error');
}

/** The tab and its query from a link: #events?account=AC… → ['events', URLSearchParams]. */
function parseRoute(hash) {
  const [name, query = ''] = hash.replace(/^#/, '').split('?');
  return [TABS.includes(name) ? name : 'events', new URLSearchParams(query)];
}

function setRoute(hash) {
  if (window.location.hash !== hash) history.replaceState(null, '', hash);
}

const zone = {
  get: () => zoneChoice,
  set(value) {
    zoneChoice = value === 'utc' ? 'utc' : 'local';
    saveZone(zoneChoice);
    signIns.render();
  },
};

const events = createEventsView({
  getApi,
  onError,
  onReactivate: (a) => reactivate.open(a),
  zone,
  onRoute: (query) => setRoute(query ? `#events?${query}` : '#events'),
});
const signIns = createSignInsView({ getApi, onError, zone });
const coverage = createCoverageView({
  getApi,
  onError,
  onReactivate: (a) => reactivate.open(a),
  onShowEvents: showEventsOf,
});
const overrides = createOverridesView({ getApi, onError });
const setup = createSetupView({
  getApi,
  onError,
  onDone(mode) {
    if (mode === 'apply') {
      coverage.refresh();
      events.refresh();
    }
  },
});

/** The reactivation's outcome at the row it was started from; at the top when that row is gone. */
function showOutcome(account, text, tone = 'ok') {
  if (account.rowId && events.showRowNotice(account.rowId, text, tone)) return;
  const coverageRow = document.querySelector(
    `#coverage-table tr[data-sid="${CSS.escape(account.sid)}"]`,
  );
  if (!account.rowId && coverageRow && !byId('coverage-panel').hidden) {
    showRowNotice(coverageRow, text, tone);
    return;
  }
  notice(appMessage, text, tone);
}
const reactivate = createReactivateDialog({
  getApi,
  onAuthError: onError,
  async onDone(account, operator, answer) {
    const name = account.friendlyName || account.sid;
    const pending =
      answer.audit === 'pending'
        ? ' Its audit entry is delayed (Sync refused it) and is kept in the Function log.'
        : '';
    const rearm = answer.rearm || {};
    const failed = rearm.state === 'failed';
    const protection = failed
      ? ` NOT RE-ARMED: ${rearm.error || 'its one-shot trip trigger could not be made'}. Run setup (Coverage tab) to repair it.`
      : answer.protection
        ? ` It ${answer.protection}.`
        : '';
    notice(appMessage, '');
    await Promise.all([events.refresh(), coverageLoaded ? coverage.refresh() : null]);
    const text = `${name} is active again (reactivated by ${operator}).${protection}${pending}`;
    showOutcome(account, text, failed ? 'error' : 'ok');
  },
});

/** The events tab, filtered to one account (a coverage row's "Events" link): the link's route. */
function showEventsOf(sid) {
  window.location.hash = `#events?account=${encodeURIComponent(sid)}`;
}

function selectTab(name) {
  for (const tab of TABS) {
    const selected = tab === name;
    byId(`tab-${tab}`).setAttribute('aria-selected', String(selected));
    byId(`${tab}-panel`).hidden = !selected;
  }
  if (name !== 'events') setRoute(`#${name}`);
  else if (!window.location.hash.startsWith('#events')) setRoute('#events');
  if (name === 'coverage' && !coverageLoaded) {
    coverageLoaded = true;
    coverage.refresh();
  }
  if (name === 'overrides' && !overridesLoaded) {
    overridesLoaded = true;
    overrides.refresh();
  }
}

/** Opens what a link names: a tab, and for #events its filters. */
function openRoute(hash) {
  const [name, params] = parseRoute(hash);
  selectTab(name);
  if (name === 'events' && [...params.keys()].length > 0) return events.open(params);
  return null;
}

function showApp() {
  appSection.hidden = false;
  sessionBar.hidden = false;
  byId('session-user').textContent = session.username;
  securityWarning.textContent = session.warning || '';
  securityWarning.hidden = !session.warning;
}

function signOut(message = '') {
  session = null;
  api = null;
  coverageLoaded = false;
  overridesLoaded = false;
  clearTimeout(expiryTimer);
  clearSession();
  reactivate.close();
  events.clear();
  signIns.clear();
  coverage.clear();
  overrides.clear();
  setup.clear();
  notice(appMessage, '');
  appSection.hidden = true;
  sessionBar.hidden = true;
  securityWarning.hidden = true;
  signIn.show(message);
  selectTab('events');
}

function startSession(newSession) {
  const left = sessionTimeLeft(newSession);
  if (left <= 0) {
    signOut(EXPIRED);
    return;
  }
  session = newSession;
  api = createApi(session.authorization);
  clearTimeout(expiryTimer);
  if (left < MAX_TIMER_MS) expiryTimer = setTimeout(() => signOut(EXPIRED), left);
  showApp();
  // A link to filtered events loads those; otherwise the latest.
  if (!openRoute(window.location.hash)) events.refresh();
  signIns.refresh();
}

const signIn = createSignInView({
  onSession(newSession) {
    saveSession(newSession);
    startSession(newSession);
  },
});

byId('sign-out').addEventListener('click', () => signOut());
for (const tab of TABS) byId(`tab-${tab}`).addEventListener('click', () => selectTab(tab));
// A link inside the dashboard (e.g. a coverage row's "events of this account") changes the hash.
window.addEventListener('hashchange', () => {
  if (session) openRoute(window.location.hash);
});

if (!isSafeOrigin(window.location)) {
  signIn.refuse(
    'This page was opened over plain http://, so it will not send your credentials. Open it with https://.',
  );
} else {
  const saved = loadSession();
  if (saved) startSession(saved);
  else signIn.show();
}
