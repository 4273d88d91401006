// The coverage tab and the reactivation dialog in chromium, against the built Functions under
// twilio-run and the emulator: the sandbox story seen by ops. A subaccount is armed, fires
// and is suspended, is reactivated with the protection the dialog states (and a headroom ops
// changed), is suspended again by the re-arm; a reactivation whose re-arm fails shows unprotected
// until setup repairs it; a row links to that account's events.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Emulator } from '../../emulator';
import type { EmulatedAccount } from '../../emulator/types';
import { startAdminStack, type AdminStack } from '../support/admin-stack';
import { browserAvailability, launchChromium, type LaunchedBrowser } from './chromium';

jest.setTimeout(120_000);

const ADMIN = { username: 'ops', password: 'fake-admin-password-coverage' };
const SESSION_SECRET = 'fake-session-secret-coverage-0123456789ab';
const SCREENSHOT = path.join(__dirname, '..', '..', 'docs', 'screenshots', 'coverage.png');

const availability = browserAvailability();
if (!availability.run) console.warn(availability.reason);
const describeBrowser = availability.run ? describe : describe.skip;

describeBrowser('coverage and reactivation in chromium', () => {
  let stack: AdminStack;
  let emulator: Emulator;
  let browser: LaunchedBrowser;
  let page: Page;
  let story: EmulatedAccount;
  let bystander: EmulatedAccount;

  const row = (sid: string) => page.locator(`#coverage-table tr[data-sid="${sid}"]`);
  const status = (sid: string) => emulator.accounts.get(sid)?.status;
  const spend = (sid: string, price: number) =>
    emulator.recordUsage({ accountSid: sid, category: 'totalprice', price });

  /** Refreshes coverage and waits until the row says `state`. */
  async function armedShows(sid: string, state: string) {
    await page.click('#tab-coverage');
    await page.click('#coverage-refresh');
    await page.waitForFunction(
      ([s, wanted]) =>
        document
          .querySelector(`#coverage-table tr[data-sid="${s}"]`)
          ?.getAttribute('data-armed') === wanted,
      [sid, state],
      { timeout: 30_000 },
    );
    return (await row(sid).textContent()) ?? '';
  }

  async function openReactivation(sid: string) {
    await row(sid).locator('button[data-reactivate]').click();
    await page.waitForSelector('#reactivate-dialog[open]');
    await page.waitForFunction(
      () => !document.getElementById('reactivate-protection')?.textContent?.startsWith('Reading'),
    );
  }

  async function confirmReactivation() {
    await page.fill('#reactivate-operator', 'Dana Ops');
    await page.fill('#reactivate-reason', 'Customer rotated the leaked key');
    await page.click('#reactivate-confirm');
    await page.waitForSelector('#reactivate-dialog', { state: 'hidden' });
    // The outcome shows under the row the reactivation was started from.
    const notice = '#coverage-table tr.row-notice';
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.textContent?.includes('active again'),
      notice,
    );
    return (await page.textContent(notice)) ?? '';
  }

  beforeAll(async () => {
    stack = await startAdminStack({
      admin: ADMIN,
      env: (running) => {
        story = running.accounts.createSubaccount('Story Customer');
        bystander = running.accounts.createSubaccount('Bystander');
        return { SESSION_SECRET };
      },
    });
    ({ emulator } = stack);
    browser = await launchChromium({ width: 1440, height: 900 });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${stack.functions.url}/index.html`);
    await page.fill('#username', ADMIN.username);
    await page.fill('#password', ADMIN.password);
    await page.click('#sign-in-submit');
    await page.waitForSelector('#app:not([hidden])');
    await page.click('#tab-coverage');
    await page.click('#setup-apply');
    await page.waitForSelector('#setup-status[data-done="apply"]', { timeout: 60_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('armed after setup, with its spend against warn and trip; a subaccount created later shows unprotected', async () => {
    const text = await armedShows(story.sid, 'armed');
    expect(text).toContain('Armed');
    expect(text).toContain('$0 today');
    expect(text).toContain('warn $25 · trip $100');
    const late = emulator.accounts.createSubaccount('Signed up after setup');
    const lateText = await armedShows(late.sid, 'unprotected');
    expect(lateText).toContain('no trip trigger: run setup');
    expect(await row(late.sid).getAttribute('class')).toContain('gap');
    expect(Number(await page.textContent('#coverage-summary [data-armed="unprotected"] dd'))).toBe(
      1,
    );
  });

  test('$500 suspends it: fired today; the dialog states the protection and takes another headroom', async () => {
    await spend(story.sid, 500);
    expect(status(story.sid)).toBe('suspended');
    const text = await armedShows(story.sid, 'fired');
    expect(text).toContain('Fired today · suspended');
    expect(text).toContain('$500 today');
    expect(await row(story.sid).getAttribute('data-spend')).toBe(null);
    expect(await row(story.sid).locator('td[data-spend]').getAttribute('data-spend')).toBe('500');

    await openReactivation(story.sid);
    expect(await page.inputValue('#reactivate-headroom')).toBe('100');
    expect(await page.textContent('#reactivate-protection')).toBe(
      'Suspends again if it spends $100 more today (at $600).',
    );
    await page.fill('#reactivate-headroom', '150');
    expect(await page.textContent('#reactivate-protection')).toBe(
      'Suspends again if it spends $150 more today (at $650).',
    );
    const message = await confirmReactivation();
    expect(message).toContain('It suspends again if it spends $150 more today (at $650).');
    expect(status(story.sid)).toBe('active');

    const rearmed = await armedShows(story.sid, 'rearmed');
    expect(rearmed).toContain('Re-armed after reactivation');
    expect(rearmed).toContain('suspends again if it spends $150 more today (at $650)');
    expect(rearmed).toContain('reactivated by Dana Ops');
  });

  test('the next $150 suspends it again, through the re-arm', async () => {
    await spend(story.sid, 100);
    expect(status(story.sid)).toBe('active');
    await spend(story.sid, 50);
    expect(status(story.sid)).toBe('suspended');
    expect(await armedShows(story.sid, 'fired')).toContain('$650 today');
  });

  test('a re-arm that fails is said loudly and shows unprotected, until setup repairs it', async () => {
    emulator.faults.add({
      route: '/2010-04-01/Accounts/:AccountSid/Usage/Triggers.json',
      method: 'POST',
      kind: 400,
    });
    await openReactivation(story.sid);
    const message = await confirmReactivation();
    expect(message).toMatch(
      /NOT RE-ARMED: creating the one-shot trigger failed: .*Run setup \(Coverage tab\) to repair it\.$/,
    );
    expect(await page.getAttribute('#coverage-table tr.row-notice .notice', 'class')).toContain(
      'error',
    );
    const unprotected = await armedShows(story.sid, 'unprotected');
    expect(unprotected).toMatch(/re-arm FAILED .*run setup to repair it/);

    await page.click('#setup-apply');
    await page.waitForSelector('#setup-status[data-done="apply"]', { timeout: 60_000 });
    const repaired = await armedShows(story.sid, 'rearmed');
    expect(repaired).toContain('re-arm repaired by setup');
  });

  test('a row links to that account’s events', async () => {
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await row(story.sid).locator('a[data-events-for]').click();
    await page.waitForSelector('#events-panel:not([hidden])');
    await page.waitForFunction(() =>
      document.getElementById('events-status')?.textContent?.includes('loaded'),
    );
    expect(await page.inputValue('#filter-account')).toBe(story.sid);
    const accounts = await page.$$eval('#events-table tbody tr.event code.sid', (codes) =>
      codes.map((c) => c.textContent),
    );
    expect(accounts.length).toBeGreaterThan(0);
    expect(new Set(accounts)).toEqual(new Set([story.sid]));
    expect(accounts).not.toContain(bystander.sid);
    expect(browser.offMachine).toEqual([]);
  });
});
