// "Run setup" from the dashboard. Setup works a time budget at a time and returns a cursor; this
// calls it again with that cursor until it says done, showing the running totals as it goes.
import { byId, h, replaceChildren } from './dom.js';

const MAX_INVOCATIONS = 1000;
const MAX_RETRIES = 3;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Drives setup to the end; transient failures (5xx, network, listing errors) are retried a few times. */
export async function runSetupLoop(api, mode, { onProgress, shouldStop }) {
  let cursor = null;
  let result = null;
  let retries = 0;
  for (let invocation = 0; invocation < MAX_INVOCATIONS; invocation += 1) {
    if (shouldStop()) return { stopped: true, result };
    try {
      result = await api.setup({ mode, cursor });
    } catch (error) {
      const permanent = error.status >= 400 && error.status < 500;
      if (permanent || ++retries > MAX_RETRIES) throw error;
      await sleep(500 * retries);
      continue;
    }
    onProgress(result);
    if (result.done) return { done: true, result };
    if (!result.cursor) throw new Error('Setup stopped without saying where to go on.');
    cursor = result.cursor;
    if (result.error) {
      if (++retries > MAX_RETRIES)
        throw new Error(`Setup could not list subaccounts: ${result.error}`);
      await sleep(500 * retries);
    } else {
      retries = 0;
    }
  }
  throw new Error(
    `Setup was still not done after ${MAX_INVOCATIONS} calls; run it again to go on.`,
  );
}

const TOTALS = [
  ['seen', 'Accounts seen'],
  ['reconciled', 'Checked'],
  ['unchanged', 'Already right'],
  ['create', 'Triggers created'],
  ['replace', 'Replaced'],
  ['update', 'Updated'],
  ['delete', 'Deleted'],
  ['skippedClosed', 'Closed, skipped'],
  ['failed', 'Failed'],
  ['rateLimited', 'Rate-limited calls'],
];

function renderTotals(list, result) {
  const planning = result.mode === 'plan';
  replaceChildren(
    list,
    TOTALS.map(([key, label]) =>
      h(
        'div',
        {
          class: `total${key === 'failed' && result.totals[key] > 0 ? ' error' : ''}`,
          'data-total': key,
        },
        h(
          'dt',
          {},
          planning && ['create', 'replace', 'update', 'delete'].includes(key)
            ? `Would: ${label.toLowerCase()}`
            : label,
        ),
        h('dd', {}, String(result.totals?.[key] ?? 0)),
      ),
    ),
  );
}

export function createSetupView({ getApi, onError, onDone }) {
  const panel = byId('setup-progress');
  const bar = byId('setup-bar');
  const statusLine = byId('setup-status');
  const totals = byId('setup-totals');
  const failures = byId('setup-failures');
  const buttons = [byId('setup-plan'), byId('setup-apply')];
  const stop = byId('setup-stop');
  let stopRequested = false;
  let running = false;

  function setRunning(on) {
    running = on;
    for (const button of buttons) button.disabled = on;
    stop.hidden = !on;
    panel.setAttribute('aria-busy', String(on));
  }

  async function run(mode) {
    if (running) return;
    stopRequested = false;
    setRunning(true);
    panel.hidden = false;
    bar.removeAttribute('value');
    replaceChildren(totals);
    replaceChildren(failures);
    let calls = 0;
    delete statusLine.dataset.done;
    statusLine.textContent = mode === 'plan' ? 'Previewing…' : 'Running setup…';
    try {
      const outcome = await runSetupLoop(getApi(), mode, {
        shouldStop: () => stopRequested,
        onProgress(result) {
          calls += 1;
          renderTotals(totals, result);
          replaceChildren(
            failures,
            (result.failures || []).map((f) =>
              h('li', {}, h('code', {}, f.accountSid), ` ${f.error}`),
            ),
          );
          statusLine.textContent = `${mode === 'plan' ? 'Previewing' : 'Running'}… ${result.totals?.seen ?? 0} accounts so far (${calls} call${calls === 1 ? '' : 's'})`;
        },
      });
      bar.max = 1;
      bar.value = outcome.done ? 1 : 0;
      if (outcome.stopped) {
        statusLine.textContent =
          'Stopped. Accounts done so far keep their triggers; run setup again to finish.';
      } else {
        const t = outcome.result.totals;
        statusLine.textContent =
          mode === 'plan'
            ? `Preview done: ${t.create + t.replace + t.update + t.delete} trigger change(s) would be made on ${t.reconciled} account(s). Nothing was changed.`
            : `Setup done: ${t.reconciled} account(s) checked, ${t.writes} trigger change(s) made, ${t.failed} failed.`;
        statusLine.dataset.done = mode;
      }
      onDone(mode);
    } catch (error) {
      bar.max = 1;
      bar.value = 0;
      statusLine.textContent = `Setup stopped: ${error.message}`;
      onError(error);
    } finally {
      setRunning(false);
    }
  }

  buttons[0].addEventListener('click', () => run('plan'));
  buttons[1].addEventListener('click', () => run('apply'));
  stop.addEventListener('click', () => {
    stopRequested = true;
    statusLine.textContent = 'Stopping after the current step…';
  });

  return {
    clear() {
      stopRequested = true;
      panel.hidden = true;
      delete statusLine.dataset.done;
      replaceChildren(totals);
      replaceChildren(failures);
    },
  };
}
