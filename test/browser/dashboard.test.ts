// The dashboard in a real browser (Debian's chromium, headless) against the built Functions served
// by twilio-run and the Twilio API emulator: what the dashboard must show, end to end, signed in
// with two factors (password, then the one-time code that the emulator's Verify "texted"); and the
// password-only mode's warning banner.
import { mkdirSync, readFileSync } from 'node:fs';
import { createSecretKey } from 'node:crypto';
import path from 'node:path';
import { decodeJwt, SignJWT } from 'jose';
import type { Page } from 'playwright-core';
import type { Emulator } from '../../emulator';
import type { EmulatedAccount } from '../../emulator/types';
import {
  latestTextedCode,
  smsTwoFactorEnv,
  startAdminStack,
  type AdminStack,
} from '../support/admin-stack';
import { emulatorClient } from '../support/emulator-twilio';
import type { FunctionsServer } from '../support/functions-server';
import { browserAvailability, launchChromium, type LaunchedBrowser } from './chromium';

jest.setTimeout(90_000);

const ADMIN = { username: 'ops', password: 'fake-admin-password-browser' };
const ADMIN_PHONE = '+15550004321';
const SESSION_SECRET = 'fake-session-secret-browser-0123456789abc';
const XSS_NAME = '<img src=x onerror=alert(1)>';
const READ_TOKEN = 'fake-read-token-browser-0123456789abcdefgh';
const SCREENSHOT = path.join(__dirname, '..', '..', 'docs', 'screenshots', 'dashboard.png');

const availability = browserAvailability();
if (!availability.run) console.warn(availability.reason);
const describeBrowser = availability.run ? describe : describe.skip;

describeBrowser('dashboard in chromium', () => {
  let stack: AdminStack;
  let emulator: Emulator;
  let functions: FunctionsServer;
  let browser: LaunchedBrowser;
  let page: Page;
  let acme: EmulatedAccount;
  let xss: EmulatedAccount;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  const status = (sid: string) => emulator.accounts.get(sid)?.status;
  const eventRows = () => page.locator('#events-table tbody tr.event');
  const coverageRow = (sid: string) => page.locator(`#coverage-table tr[data-sid="${sid}"]`);

  async function submitPassword(password = ADMIN.password) {
    await page.fill('#username', ADMIN.username);
    await page.fill('#password', password);
    await page.click('#sign-in-submit');
  }

  /** The newest code Verify "texted" to the admin phone, from the emulator's control endpoint. */
  const latestCode = () => latestTextedCode(emulator, ADMIN_PHONE);

  async function enterCode(code: string) {
    await page.fill('#code', code);
    await page.click('#code-submit');
  }

  /** Password, then the code from the emulator, as a person would. */
  async function signIn() {
    await submitPassword();
    await page.waitForSelector('#code-form:not([hidden])');
    await enterCode(await latestCode());
    await page.waitForSelector('#app:not([hidden])');
  }

  async function refreshEvents() {
    await page.click('#tab-events');
    await page.click('#events-refresh');
    await page.waitForFunction(() =>
      document.getElementById('events-status')?.textContent?.includes('loaded'),
    );
  }

  beforeAll(async () => {
    // The Functions run in this process and print an audit line per decision: keep the output quiet.
    stack = await startAdminStack({
      admin: ADMIN,
      env: (running) => {
        acme = running.accounts.createSubaccount('Acme Support');
        xss = running.accounts.createSubaccount(XSS_NAME);
        return smsTwoFactorEnv(running, ADMIN_PHONE, SESSION_SECRET);
      },
    });
    ({ emulator, functions } = stack);
    browser = await launchChromium({ width: 1280, height: 800 });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy|Trusted Type/i.test(message.text())) {
        cspViolations.push(message.text());
      }
    });
    await page.goto(`${functions.url}/index.html`);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('the page is served with a strict CSP and carries no inline script, style or handler', async () => {
    const html = await (await fetch(`${functions.url}/index.html`)).text();
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/\sstyle\s*=|<style/i);
  });

  test('a wrong password shows a clear message and no data', async () => {
    await submitPassword('not-the-right-password');
    await page.waitForSelector('#sign-in-message.error');
    await expect(page.locator('#sign-in-message').textContent()).resolves.toBe(
      'Wrong username or password.',
    );
    expect(await page.isVisible('#sign-in-message')).toBe(true);
    expect(await page.isHidden('#app')).toBe(true);
    expect(await page.locator('#events-table tbody tr').count()).toBe(0);
    expect(await page.locator('#coverage-table tbody tr').count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  test('a wrong code shows a clear message and gives no session', async () => {
    await submitPassword();
    await page.waitForSelector('#code-form:not([hidden])');
    expect(await page.textContent('#code-sent-to')).toContain('the phone ending in 21');
    expect(await page.isHidden('#sign-in-form')).toBe(true);
    const right = await latestCode();
    await enterCode(right === '000000' ? '111111' : '000000');
    await page.waitForFunction(() =>
      document.getElementById('sign-in-message')?.textContent?.includes('not right'),
    );
    expect(await page.textContent('#sign-in-message')).toBe(
      'That code is not right: check the latest text message and try again.',
    );
    expect(await page.isHidden('#app')).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.locator('#events-table tbody tr').count()).toBe(0);
    // Still on the code step; start over goes back to the password.
    expect(await page.isVisible('#code-form')).toBe(true);
    await page.click('#code-restart');
    expect(await page.isVisible('#sign-in-form')).toBe(true);
  });

  test('signs in with password and code; a new subaccount shows unprotected, then protected after setup run from the dashboard', async () => {
    await signIn();
    expect(await page.textContent('#session-user')).toBe(ADMIN.username);
    expect(await page.isHidden('#sign-in')).toBe(true);
    // Two-factor sign-in is on: no warning banner. The tab keeps a session token, not the password.
    expect(await page.isHidden('#security-warning')).toBe(true);
    const stored = await page.evaluate(() => sessionStorage.getItem('breaker-admin-session') ?? '');
    expect(JSON.parse(stored).authorization).toMatch(/^Bearer ey/);
    expect(stored).not.toContain(ADMIN.password);

    const late = emulator.accounts.createSubaccount('Late Arrival');
    await page.click('#tab-coverage');
    await coverageRow(late.sid).waitFor();
    expect(await coverageRow(late.sid).getAttribute('data-protection')).toBe('unprotected');
    expect(await coverageRow(late.sid).getAttribute('class')).toContain('gap');
    expect(await coverageRow(late.sid).textContent()).toContain('Unprotected');
    const unprotected = await page.textContent('#coverage-summary [data-armed="unprotected"] dd');
    expect(Number(unprotected)).toBeGreaterThanOrEqual(1);

    await page.click('#setup-apply');
    await page.waitForSelector('#setup-status[data-done="apply"]', { timeout: 60_000 });
    expect(await page.textContent('#setup-status')).toMatch(/^Setup done: /);
    expect(await page.textContent('#setup-totals [data-total="failed"] dd')).toBe('0');

    await page.waitForFunction(
      (sid) =>
        document
          .querySelector(`#coverage-table tr[data-sid="${sid}"]`)
          ?.getAttribute('data-protection') === 'protected',
      late.sid,
    );
    for (const sid of [acme.sid, xss.sid, late.sid]) {
      expect(await coverageRow(sid).getAttribute('data-protection')).toBe('protected');
    }
    expect(await page.locator('#coverage-table tr.gap').count()).toBe(0);
    const triggers = await emulatorClient(emulator)
      .api.v2010.accounts(late.sid)
      .usage.triggers.list();
    expect(triggers.length).toBeGreaterThanOrEqual(2);
  });

  test('a suspension caused by simulated usage appears in the table and the chart', async () => {
    // Over both default thresholds ($25 warn, $100 trip): a warning and a suspension.
    await emulator.recordUsage({ accountSid: acme.sid, category: 'totalprice', price: 150 });
    expect(status(acme.sid)).toBe('suspended');

    await refreshEvents();
    const suspended = eventRows()
      .filter({ hasText: 'Acme Support' })
      .and(page.locator('[data-action="suspended"]'));
    await suspended.first().waitFor();
    expect(await suspended.first().textContent()).toContain(acme.sid);
    expect(await suspended.first().locator('.badge').textContent()).toBe('Suspended');
    const warned = eventRows().and(page.locator('[data-action="alerted"]'));
    expect(await warned.filter({ hasText: acme.sid }).count()).toBeGreaterThanOrEqual(1);

    const counted = (series: string) =>
      page.$$eval(`#events-chart rect[data-series="${series}"]`, (rects) =>
        rects.reduce((sum, r) => sum + Number(r.getAttribute('data-count')), 0),
      );
    expect(await counted('trip')).toBe(1);
    expect(await counted('warn')).toBeGreaterThanOrEqual(1);
    expect(await page.textContent('#events-chart-summary')).toMatch(/^1 suspended/);
  });

  test('reactivation asks for confirmation, sets the account active, and the audit list shows who and why', async () => {
    const row = eventRows()
      .and(page.locator('[data-action="suspended"]'))
      .filter({ hasText: acme.sid });
    await row.first().locator('button[data-reactivate]').click();
    await page.waitForSelector('#reactivate-dialog[open]');
    expect(await page.textContent('#reactivate-name')).toBe('Acme Support');
    expect(await page.textContent('#reactivate-sid')).toBe(acme.sid);

    // The confirmation needs both a name and a reason; nothing is sent without them.
    await page.click('#reactivate-confirm');
    expect(await page.textContent('#reactivate-message')).toMatch(/name and the reason/);
    expect(status(acme.sid)).toBe('suspended');

    const reason = 'Customer confirmed the traffic; limit raised';
    await page.fill('#reactivate-operator', 'Dana Ops');
    await page.fill('#reactivate-reason', reason);
    await page.click('#reactivate-confirm');
    await page.waitForSelector('#reactivate-dialog', { state: 'hidden' });
    // Said under the row it was started from (test/browser/reactivation.test.ts has the details).
    await page.waitForFunction(() =>
      document.querySelector('#events-table tr.row-notice')?.textContent?.includes('active again'),
    );
    expect(status(acme.sid)).toBe('active');

    const reactivated = eventRows().and(page.locator('[data-action="reactivated"]'));
    await reactivated.first().waitFor();
    const text = await reactivated.first().textContent();
    expect(text).toContain(acme.sid);
    expect(text).toContain('Dana Ops');
    expect(text).toContain(reason);
  });

  test('a friendly name that is an XSS attempt shows as text and runs nothing', async () => {
    // Over the warning threshold only: an "alerted" event that carries the name.
    await emulator.recordUsage({ accountSid: xss.sid, category: 'totalprice', price: 30 });
    await refreshEvents();
    const row = eventRows().filter({ hasText: xss.sid });
    await row.first().waitFor();
    expect(await row.first().locator('.name').textContent()).toBe(XSS_NAME);
    expect(await row.first().getByText(XSS_NAME, { exact: true }).isVisible()).toBe(true);

    await page.click('#tab-coverage');
    await page.click('#coverage-refresh');
    await coverageRow(xss.sid).waitFor();
    expect(await coverageRow(xss.sid).locator('.name').textContent()).toBe(XSS_NAME);
    await page.click('#tab-events');

    // Give a would-be onerror handler its chance to fire.
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await page.evaluate(() => document.querySelectorAll('img, [onerror]').length)).toBe(0);
  });

  test('filters narrow the table and the chart; the CSV download holds the same events', async () => {
    await page.click('#tab-events');
    await page.selectOption('#filter-action', 'suspended,would-suspend');
    await page.click('#event-filters button[type="submit"]');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('#events-table tbody tr.event')).every(
        (tr) => tr.getAttribute('data-action') === 'suspended',
      ),
    );
    expect(await eventRows().count()).toBe(1);
    expect(await page.textContent('#events-chart-summary')).toMatch(
      /^1 suspended, 0 would suspend \(dry run\), 0 warnings/,
    );

    await page.selectOption('#filter-action', '');
    await page.fill('#filter-account', xss.sid);
    await page.click('#event-filters button[type="submit"]');
    await page.waitForFunction(
      (sid) =>
        Array.from(document.querySelectorAll('#events-table tbody tr.event')).every((tr) =>
          tr.textContent?.includes(sid),
        ) && document.querySelectorAll('#events-table tbody tr.event').length > 0,
      xss.sid,
    );

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#events-csv'),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    const [header, ...rows] = csv.trim().split(/\r?\n/);
    expect(header.split(',').slice(0, 6)).toEqual([
      'time',
      'action',
      'outcome',
      'reason',
      'accountSid',
      'friendlyName',
    ]);
    expect(rows.length).toBe(await eventRows().count());
    expect(rows.every((row) => row.includes(xss.sid))).toBe(true);
    expect(csv).toContain(XSS_NAME);

    await page.click('#event-filters button[type="reset"]');
    await page.waitForFunction(
      () => document.querySelectorAll('#events-table tbody tr.event').length >= 5,
    );
  });

  test('the CSP blocks injected inline script and HTML parsing of strings', async () => {
    expect(cspViolations).toEqual([]);
    const result = await page.evaluate(() => {
      const outcome = { inlineRan: false, innerHtml: 'allowed' };
      const script = document.createElement('script');
      try {
        script.textContent = 'window.__inlineRan = true';
        document.body.append(script);
      } catch {
        // Trusted Types refuse the text before the CSP refuses the script.
      }
      outcome.inlineRan = (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
      try {
        document.createElement('div').innerHTML = '<b>bold</b>';
      } catch (error) {
        outcome.innerHtml = (error as Error).name;
      }
      return outcome;
    });
    expect(result).toEqual({ inlineRan: false, innerHtml: 'TypeError' });
  });

  test('laptop screenshot, and the layout fits a phone', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await refreshEvents();
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    for (const tab of ['events', 'coverage']) {
      await page.click(`#tab-${tab}`);
      await page.waitForTimeout(100);
      const fits = await page.evaluate(
        () => document.documentElement.scrollWidth <= window.innerWidth,
      );
      expect({ tab, fits }).toEqual({ tab, fits: true });
    }
    // Rows become cards: no header row, every cell on its own line with its label.
    expect(await page.isHidden('#coverage-table thead')).toBe(true);
    expect(
      await page.$eval('#coverage-table tbody td', (td) => [
        getComputedStyle(td).display,
        getComputedStyle(td, '::before').content,
      ]),
    ).toEqual(['block', '"Subaccount"']);
    expect(await page.isVisible('#sign-out')).toBe(true);
    expect(await page.isVisible('#setup-apply')).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('an expired session goes back to sign-in with a message', async () => {
    // Re-sign the tab's own session with the service's secret, two hours in the past: what the tab
    // holds after its session ran out (the tab's own clock still thinks it has time).
    const stored = JSON.parse(
      (await page.evaluate(() => sessionStorage.getItem('breaker-admin-session'))) ?? '{}',
    );
    const claims = decodeJwt(stored.authorization.replace(/^Bearer /, ''));
    const past = Math.floor(Date.now() / 1000) - 7200;
    const expired = await new SignJWT({ amr: claims.amr, cv: claims.cv })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(String(claims.iss))
      .setAudience(String(claims.aud))
      .setSubject(String(claims.sub))
      .setIssuedAt(past)
      .setExpirationTime(past + 3600)
      .setJti('expired-in-test')
      .sign(createSecretKey(Buffer.from(SESSION_SECRET)));
    await page.evaluate(
      (session) => sessionStorage.setItem('breaker-admin-session', JSON.stringify(session)),
      { ...stored, authorization: `Bearer ${expired}` },
    );
    await page.reload();
    await page.waitForSelector('#sign-in:not([hidden])');
    expect(await page.textContent('#sign-in-message')).toBe(
      'Your session has expired. Sign in again.',
    );
    expect(await page.isHidden('#app')).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.locator('#events-table tbody tr.event').count()).toBe(0);
    await signIn();
  });

  test('signing out forgets the credentials and the data', async () => {
    await page.click('#sign-out');
    expect(await page.isVisible('#sign-in')).toBe(true);
    expect(await page.isHidden('#app')).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.locator('#events-table tbody tr, #coverage-table tbody tr').count()).toBe(0);
    await page.reload();
    expect(await page.isVisible('#sign-in')).toBe(true);
    expect(await page.isHidden('#app')).toBe(true);
    expect(browser.offMachine).toEqual([]);
  });
});

describeBrowser('dashboard without two-factor sign-in', () => {
  let stack: AdminStack;
  let functions: FunctionsServer;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    stack = await startAdminStack({
      admin: ADMIN,
      env: () => ({ SESSION_SECRET, ADMIN_TOKEN_READ: READ_TOKEN }),
    });
    ({ functions } = stack);
    browser = await launchChromium({ width: 1280, height: 800 });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('the password alone signs in, and a warning banner says two-factor sign-in is off', async () => {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${functions.url}/index.html`);
    await page.fill('#username', ADMIN.username);
    await page.fill('#password', ADMIN.password);
    await page.click('#sign-in-submit');
    await page.waitForSelector('#app:not([hidden])');
    expect(await page.isHidden('#code-form')).toBe(true);
    const banner = page.locator('#security-warning');
    expect(await banner.isVisible()).toBe(true);
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await banner.textContent()).toMatch(/^Two-factor sign-in is OFF: .*VERIFY_SERVICE_SID/);
    // It stays across a reload (it comes with the stored session), and goes with sign-out.
    await page.reload();
    await page.waitForSelector('#app:not([hidden])');
    expect(await page.isVisible('#security-warning')).toBe(true);
    await page.click('#sign-out');
    expect(await page.isHidden('#security-warning')).toBe(true);
    expect(browser.offMachine).toEqual([]);
  });

  // It leaves the password window locked: the tests after it do not sign in.
  test('locked by someone guessing passwords, the admin signs in with an API token', async () => {
    const post = (body: object) =>
      fetch(`${functions.url}/admin-session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    // Someone fills the window with wrong passwords, until even the right one is refused (a
    // 15-minute window may end in between: fill the next one too).
    for (let round = 0; (await post(ADMIN)).status !== 429; round += 1) {
      expect(round).toBeLessThan(3);
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => post({ ...ADMIN, password: `guess-${i}` })),
      );
    }
    const page = await browser.context.newPage();
    await page.goto(`${functions.url}/index.html`);
    expect(await page.isHidden('#api-token-field')).toBe(true);
    await page.fill('#username', ADMIN.username);
    await page.fill('#password', ADMIN.password);
    await page.click('#sign-in-submit');
    await page.waitForSelector('#api-token-field:not([hidden])');
    expect(await page.textContent('#sign-in-message')).toMatch(/^Too many wrong passwords/);
    await page.fill('#api-token', READ_TOKEN);
    await page.click('#sign-in-submit');
    await page.waitForSelector('#app:not([hidden])');
    // The token helped sign in; the tab keeps the session, not the token.
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(READ_TOKEN);
    expect(stored).not.toContain(ADMIN.password);
    await page.close();
  });

  test('opened over plain http:// from another host, it refuses to send credentials and says why', async () => {
    const page = await browser.context.newPage();
    const sent: string[] = [];
    // http://breaker.test is "another machine": its files come from the local Functions server.
    await page.route('http://breaker.test/**', async (route) => {
      const request = route.request();
      if (request.headers().authorization || request.method() === 'POST') sent.push(request.url());
      const url = new URL(request.url());
      const response = await fetch(`${functions.url}${url.pathname}${url.search}`);
      await route.fulfill({
        status: response.status,
        headers: { 'content-type': response.headers.get('content-type') ?? 'text/plain' },
        body: Buffer.from(await response.arrayBuffer()),
      });
    });
    await page.goto('http://breaker.test/index.html');
    await page.waitForSelector('#sign-in-message:not([hidden])');
    expect(await page.textContent('#sign-in-message')).toMatch(
      /plain http:\/\/, so it will not send your credentials\. Open it with https:\/\//,
    );
    expect(await page.isDisabled('#password')).toBe(true);
    expect(await page.isDisabled('#sign-in-submit')).toBe(true);
    expect(sent).toEqual([]);
    await page.close();
  });
});
