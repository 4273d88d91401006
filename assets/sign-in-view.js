// The sign-in: the password step, then (when two-factor sign-in is on) the code step with the
// pending token the first step returned, kept in memory only. Hands a finished session to
// `onSession`; never stores the password (password-only services excepted: there the password is
// the credential, as the service's warning says).
import { basicAuthorization, bearerAuthorization, createSignIn } from './api.js';
import { byId, notice } from './dom.js';

// Answers after which the code step cannot go on: the password step starts again.
const RESTART = new Set(['sign-in-expired', 'code-expired', 'too-many-attempts', 'unauthorized']);

/** The code step's text, after where the password step said the code is (its `channel`). */
function codeStepText(answer) {
  if (answer.channel === 'totp') {
    return 'Enter the code from your authenticator app to finish signing in.';
  }
  return `We sent a one-time code by text message to ${answer.to}. Enter it to finish signing in.`;
}

/** What a code of that channel looks like (Verify: 4-10 digits by SMS, 3-8 for TOTP). */
const CODE_FORMAT = { sms: /^\d{4,10}$/, totp: /^\d{3,8}$/ };

/** A signed-in answer of the sign-in endpoint → the session this tab keeps. */
function sessionFrom(answer, username, password) {
  const passwordOnly = answer.status === 'password-only';
  return {
    username: answer.username || username,
    authorization: passwordOnly
      ? basicAuthorization(username, password)
      : bearerAuthorization(answer.token),
    expiresAt: passwordOnly ? null : answer.expiresAt,
    warning: answer.warning || null,
  };
}

export function createSignInView({ onSession }) {
  const section = byId('sign-in');
  const passwordForm = byId('sign-in-form');
  const codeForm = byId('code-form');
  const message = byId('sign-in-message');
  const signIn = createSignIn();
  let pending = null;

  function showStep(step) {
    section.hidden = false;
    passwordForm.hidden = step !== 'password';
    codeForm.hidden = step !== 'code';
    byId(step === 'code' ? 'code' : 'username').focus();
  }

  function forget() {
    pending = null;
    byId('password').value = '';
    byId('code').value = '';
    byId('api-token').value = '';
  }

  function finish(session) {
    forget();
    notice(message, '');
    section.hidden = true;
    onSession(session);
  }

  async function busy(button, text, work) {
    button.disabled = true;
    notice(message, text, 'info');
    try {
      await work();
    } finally {
      button.disabled = false;
    }
  }

  passwordForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const username = byId('username').value.trim();
    const password = byId('password').value;
    const apiToken = byId('api-token').value.trim();
    if (!username || !password) {
      notice(message, 'Enter the admin username and password.', 'error');
      return;
    }
    await busy(byId('sign-in-submit'), 'Signing in…', async () => {
      try {
        const answer = await signIn.password(username, password, apiToken);
        if (answer.status !== 'code-sent' && answer.status !== 'code-required') {
          return finish(sessionFrom(answer, username, password));
        }
        forget();
        const channel = answer.channel === 'totp' ? 'totp' : 'sms';
        pending = { token: answer.pendingToken, username, channel };
        byId('code-sent-to').textContent = codeStepText(answer);
        notice(message, '');
        showStep('code');
      } catch (error) {
        notice(message, error.message, 'error');
        // Locked by someone else's guesses: an API token gets the password checked apart.
        if (error.code === 'too-many-passwords') byId('api-token-field').hidden = false;
      }
    });
  });

  codeForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const code = byId('code').value.trim();
    if (!pending) return showStep('password');
    if (!CODE_FORMAT[pending.channel].test(code)) {
      const where = pending.channel === 'totp' ? 'your authenticator app' : 'the text message';
      notice(message, `Enter the digits of the code from ${where}.`, 'error');
      return;
    }
    await busy(byId('code-submit'), 'Checking the code…', async () => {
      try {
        finish(sessionFrom(await signIn.code(pending.token, code), pending.username, ''));
      } catch (error) {
        byId('code').value = '';
        notice(message, error.message, 'error');
        if (RESTART.has(error.code)) {
          pending = null;
          showStep('password');
        }
      }
    });
  });

  byId('code-restart').addEventListener('click', () => {
    forget();
    notice(message, '');
    showStep('password');
  });

  return {
    /** Back to the password step, with a message (e.g. why the session ended). */
    show(text = '') {
      forget();
      showStep('password');
      notice(message, text, 'error');
    },
    /** The page may not send credentials at all: say why, and disable the form. */
    refuse(text) {
      section.hidden = false;
      for (const field of passwordForm.elements) field.disabled = true;
      notice(message, text, 'error');
    },
  };
}
