// Reactivation's confirmation step: says what will happen, to which account, and requires the
// operator's name and a reason, which the service records in the audit list.
import { byId, notice } from './dom.js';

export function createReactivateDialog({ getApi, onDone, onAuthError }) {
  const dialog = byId('reactivate-dialog');
  const form = byId('reactivate-form');
  const operator = byId('reactivate-operator');
  const reason = byId('reactivate-reason');
  const message = byId('reactivate-message');
  const confirm = byId('reactivate-confirm');
  let account = null;
  let missingShown = false;
  const MISSING = 'Enter your name and the reason: both are recorded in the audit list.';

  function close() {
    account = null;
    dialog.close();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!account) return;
    const who = operator.value.trim();
    const why = reason.value.trim();
    if (!who || !why) {
      notice(message, MISSING, 'error');
      missingShown = true;
      (who ? reason : operator).focus();
      return;
    }
    confirm.disabled = true;
    missingShown = false;
    notice(message, 'Reactivating…', 'info');
    try {
      const target = account;
      const answer = await getApi().reactivate({
        accountSid: target.sid,
        operator: who,
        reason: why,
      });
      reason.value = '';
      close();
      onDone(target, who, answer || {});
    } catch (error) {
      if (error.status === 401) {
        close();
        onAuthError(error);
        return;
      }
      notice(message, error.message, 'error');
    } finally {
      confirm.disabled = false;
    }
  });
  byId('reactivate-cancel').addEventListener('click', close);
  // The "enter your name and the reason" error goes as soon as both are there, not at the next click.
  for (const field of [operator, reason]) {
    field.addEventListener('input', () => {
      if (missingShown && operator.value.trim() && reason.value.trim()) {
        missingShown = false;
        notice(message, '');
      }
    });
  }

  return {
    /** rowId: the row the button was on, handed back to onDone with the account. */
    open({ sid, friendlyName, rowId = null }) {
      account = { sid, friendlyName, rowId };
      missingShown = false;
      byId('reactivate-name').textContent = friendlyName || '(no name)';
      byId('reactivate-sid').textContent = sid;
      notice(message, '');
      reason.value = '';
      dialog.showModal();
      (operator.value ? reason : operator).focus();
    },
    close() {
      if (dialog.open) close();
    },
  };
}
