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
      notice(
        message,
        'Enter your name and the reason: both are recorded in the audit list.',
        'error',
      );
      (who ? reason : operator).focus();
      return;
    }
    confirm.disabled = true;
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

  return {
    open({ sid, friendlyName }) {
      account = { sid, friendlyName };
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
