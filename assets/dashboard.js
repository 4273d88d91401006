// Entry point: sign-in (password, then the one-time code when two-factor sign-in is on) and
// sign-out, the tabs, and the wiring between the views. Loaded as a module from index.html; no
// inline script anywhere, so the page's CSP can forbid it.
import { createApi, isSafeOrigin } from './api.js';
import { byId, notice } from './dom.js';
import { createCoverageView } from './coverage-view.js';
import { createEventsView } from './events-view.js';
import { createReactivateDialog } from './reactivate-dialog.js';
import { clearSession, loadSession, saveSession, sessionTimeLeft } from './session.js';
import { createSetupView } from './setup-view.js';
import { createSignInView } from './sign-in-view.js';

let session = null;
let api = null;
let coverageLoaded = false;
let expiryTimer = null;

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

const events = createEventsView({ getApi, onError, onReactivate: (a) => reactivate.open(a) });
const coverage = createCoverageView({
  getApi,
  onError,
  onReactivate: (a) => reactivate.open(a),
  onShowEvents: showEventsOf,
});
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
const reactivate = createReactivateDialog({
  getApi,
  onAuthError: onError,
  onDone(account, operator, answer) {
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
    const text = `${name} is active again (reactivated by ${operator}).${protection}${pending}`;
    notice(appMessage, text, failed ? 'error' : 'ok');
    events.refresh();
    if (coverageLoaded) coverage.refresh();
  },
});

/** The events tab, filtered to one account (a coverage row's "Events" link). */
function showEventsOf(sid) {
  const filters = byId('event-filters');
  filters.elements.namedItem('account').value = sid;
  selectTab('events');
  filters.requestSubmit();
}

function selectTab(name) {
  for (const tab of ['events', 'coverage']) {
    const selected = tab === name;
    byId(`tab-${tab}`).setAttribute('aria-selected', String(selected));
    byId(`${tab}-panel`).hidden = !selected;
  }
  if (name === 'coverage' && !coverageLoaded) {
    coverageLoaded = true;
    coverage.refresh();
  }
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
  clearTimeout(expiryTimer);
  clearSession();
  reactivate.close();
  events.clear();
  coverage.clear();
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
  selectTab('events');
  events.refresh();
}

const signIn = createSignInView({
  onSession(newSession) {
    saveSession(newSession);
    startSession(newSession);
  },
});

byId('sign-out').addEventListener('click', () => signOut());
byId('tab-events').addEventListener('click', () => selectTab('events'));
byId('tab-coverage').addEventListener('click', () => selectTab('coverage'));

if (!isSafeOrigin(window.location)) {
  signIn.refuse(
    'This page was opened over plain http://, so it will not send your credentials. Open it with https://.',
  );
} else {
  const saved = loadSession();
  if (saved) startSession(saved);
  else signIn.show();
}
