// Reactivation's confirmation step: says what will happen, to which account, and what protects it
// once it is active — its trip trigger may already have fired today, so a one-shot re-arm makes it
// suspend again after it spends the headroom more. Ops may change the headroom (the trip rule's
// value by default). Requires the operator's name and a reason, which the service records.
import { byId, notice } from './dom.js';
import { formatAmount } from './format.js';

const DECIMAL = /^\d{1,9}(\.\d{1,4})?$/;

/** "Suspends again if it spends $100 more today (at $600)", from the preview and a headroom. */
export function protectionText(rearm, headroom) {
  const more = formatAmount(headroom, rearm.triggerBy, rearm.unit);
  const verb = rearm.triggerBy === 'price' ? 'spends' : 'uses';
  const period = rearm.period ? ` ${rearm.period}` : '';
  const at =
    rearm.periodValue === null
      ? ''
      : ` (at ${formatAmount(rearm.periodValue + Number(headroom), rearm.triggerBy, rearm.unit)})`;
  return `Suspends again if it ${verb} ${more} more${period}${at}.`;
}

export function createReactivateDialog({ getApi, onDone, onAuthError }) {
  const dialog = byId('reactivate-dialog');
  const form = byId('reactivate-form');
  const operator = byId('reactivate-operator');
  const reason = byId('reactivate-reason');
  const headroom = byId('reactivate-headroom');
  const headroomField = byId('reactivate-headroom-field');
  const headroomNote = byId('reactivate-headroom-note');
  const protection = byId('reactivate-protection');
  const message = byId('reactivate-message');
  const confirm = byId('reactivate-confirm');
  let account = null;
  let missingShown = false;
  const MISSING = 'Enter your name and the reason: both are recorded in the audit list.';
  let rearm = null;

  function close() {
    account = null;
    rearm = null;
    dialog.close();
  }

  function showProtection() {
    if (!rearm) return;
    if (!rearm.needed) {
      protection.textContent = `Not re-armed: ${rearm.statement.replace(/^not re-armed: /, '')}.`;
      headroomField.hidden = true;
      return;
    }
    headroomField.hidden = false;
    const value = headroom.value.trim();
    protection.textContent =
      DECIMAL.test(value) && Number(value) > 0
        ? protectionText(rearm, value)
        : 'Enter how much more it may spend before it is suspended again.';
  }

  async function loadPreview(sid) {
    rearm = null;
    headroom.value = '';
    headroomField.hidden = false;
    protection.textContent = 'Reading its trip rule and spend…';
    try {
      const preview = await getApi().previewReactivation(sid);
      if (!account || account.sid !== sid) return;
      rearm = preview.rearm;
      if (rearm.needed) {
        headroom.value = rearm.defaultHeadroom;
        const spent =
          rearm.periodValue === null
            ? ''
            : ` Spent ${formatAmount(rearm.periodValue, rearm.triggerBy, rearm.unit)} ${rearm.period} so far.`;
        headroomNote.textContent = `Default: the trip rule's ${formatAmount(rearm.defaultHeadroom, rearm.triggerBy, rearm.unit)} (${rearm.ruleId}).${spent}`;
      }
      showProtection();
    } catch (error) {
      if (error.status === 401) {
        close();
        onAuthError(error);
        return;
      }
      protection.textContent = `Could not read its trip rule (${error.message}); the trip rule's value will be used.`;
    }
  }

  headroom.addEventListener('input', showProtection);

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
    const room = headroom.value.trim();
    if (room && !(DECIMAL.test(room) && Number(room) > 0)) {
      notice(message, 'The headroom must be a positive amount such as 100 or 12.50.', 'error');
      headroom.focus();
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
        ...(room ? { headroom: room } : {}),
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
      headroomNote.textContent = '';
      dialog.showModal();
      (operator.value ? reason : operator).focus();
      void loadPreview(sid);
    },
    close() {
      if (dialog.open) close();
    },
  };
}
