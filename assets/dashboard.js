// Entry point: sign-in and sign-out, the tabs, and the wiring between the views. Loaded as a
// module from index.html; no inline script anywhere, so the page's CSP can forbid it.
import { basicAuthorization, createApi, isSafeOrigin } from './api.js';
import { byId, notice } from './dom.js';
import { createCoverageView } from './coverage-view.js';
import { createEventsView } from './events-view.js';
import { createReactivateDialog } from './reactivate-dialog.js';
import { clearSession, loadSession, saveSession } from './session.js';
import { createSetupView } from './setup-view.js';

let session = null;
let api = null;
let coverageLoaded = false;

const signInSection = byId('sign-in');
const signInForm = byId('sign-in-form');
const signInMessage = byId('sign-in-message');
const appSection = byId('app');
const appMessage = byId('app-message');
const sessionBar = byId('session-bar');

function getApi() {
  if (!api) throw new Error('Not signed in.');
  return api;
}

function onError(error) {
  if (error && error.status === 401) {
    signOut('Your credentials were not accepted. Sign in again.');
    return;
  }
  notice(appMessage, error && error.message ? error.message : String(error), 'error');
}

const events = createEventsView({ getApi, onError, onReactivate: (a) => reactivate.open(a) });
const coverage = createCoverageView({ getApi, onError, onReactivate: (a) => reactivate.open(a) });
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
    notice(appMessage, `${name} is active again (reactivated by ${operator}).${pending}`, 'ok');
    events.refresh();
    if (coverageLoaded) coverage.refresh();
  },
});

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
  signInSection.hidden = true;
  appSection.hidden = false;
  sessionBar.hidden = false;
  byId('session-user').textContent = session.username;
  notice(signInMessage, '');
}

function signOut(message = '') {
  session = null;
  api = null;
  coverageLoaded = false;
  clearSession();
  reactivate.close();
  events.clear();
  coverage.clear();
  setup.clear();
  notice(appMessage, '');
  appSection.hidden = true;
  sessionBar.hidden = true;
  signInSection.hidden = false;
  byId('password').value = '';
  notice(signInMessage, message, 'error');
  selectTab('events');
}

function startSession(newSession) {
  session = newSession;
  api = createApi(session.authorization);
  showApp();
  selectTab('events');
  events.refresh();
}

signInForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const username = byId('username').value.trim();
  const password = byId('password').value;
  if (!username || !password) {
    notice(signInMessage, 'Enter the admin username and password.', 'error');
    return;
  }
  const submit = byId('sign-in-submit');
  submit.disabled = true;
  notice(signInMessage, 'Signing in…', 'info');
  const authorization = basicAuthorization(username, password);
  try {
    // A one-event read proves the credentials before anything is shown.
    await createApi(authorization).listEvents({}, undefined, 1);
    byId('password').value = '';
    saveSession({ username, authorization });
    startSession({ username, authorization });
  } catch (error) {
    notice(signInMessage, error.message, 'error');
  } finally {
    submit.disabled = false;
  }
});

byId('sign-out').addEventListener('click', () => signOut());
byId('tab-events').addEventListener('click', () => selectTab('events'));
byId('tab-coverage').addEventListener('click', () => selectTab('coverage'));

if (!isSafeOrigin(window.location)) {
  signInSection.hidden = false;
  for (const field of signInForm.elements) field.disabled = true;
  notice(
    signInMessage,
    'This page was opened over plain http://, so it will not send your credentials. Open it with https://.',
    'error',
  );
} else {
  const saved = loadSession();
  if (saved) startSession(saved);
  else signInSection.hidden = false;
}
