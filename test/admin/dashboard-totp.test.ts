// The dashboard's code step with a TOTP factor, in chromium against the built Functions and the
// emulator: it asks for "the code from your authenticator app" (nothing was texted), says so again
// on a wrong code, and signs in with the code the app would show now.
import type { Page } from 'playwright-core';
import type { Emulator } from '../../emulator';
import { createVerifyGateway } from '../../src/twilio/gateway';
import { browserAvailability, launchChromium, type LaunchedBrowser } from '../browser/chromium';
import { startAdminStack, type AdminStack } from '../support/admin-stack';
import { emulatorClient } from '../support/emulator-twilio';
import type { FunctionsServer } from '../support/functions-server';
import { currentTotpCode, wrongTotpCode } from './support/totp-codes';

jest.setTimeout(90_000);

const ADMIN = { username: 'ops', password: 'fake-admin-password-totp-browser' };
const IDENTITY = 'fake-admin-identity-browser';

const availability = browserAvailability();
if (!availability.run) console.warn(availability.reason);
const describeBrowser = availability.run ? describe : describe.skip;

describeBrowser('dashboard sign-in with a TOTP factor', () => {
  let stack: AdminStack;
  let emulator: Emulator;
  let functions: FunctionsServer;
  let browser: LaunchedBrowser;
  let page: Page;
  let factorSid: string;

  /** A verified TOTP factor for the admin, made on the emulator's Verify; answers its env. */
  async function totpEnv(running: Emulator): Promise<Record<string, string>> {
    const client = emulatorClient(running);
    const service = await client.verify.v2.services.create({ friendlyName: 'Breaker admin' });
    const verify = createVerifyGateway(client);
    ({ factorSid } = await verify.createTotpFactor(service.sid, IDENTITY, 'ops'));
    const factor = { serviceSid: service.sid, identity: IDENTITY, factorSid };
    await verify.verifyTotpFactor(factor, currentTotpCode(running, factorSid));
    return {
      SESSION_SECRET: 'fake-session-secret-totp-browser-0123456789',
      VERIFY_SERVICE_SID: service.sid,
      ADMIN_TOTP_IDENTITY: IDENTITY,
      ADMIN_TOTP_FACTOR_SID: factorSid,
    };
  }

  beforeAll(async () => {
    stack = await startAdminStack({ admin: ADMIN, env: totpEnv });
    ({ emulator, functions } = stack);
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${functions.url}/index.html`);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('asks for the app code; a wrong one says so; the right one opens the dashboard', async () => {
    await page.fill('#username', ADMIN.username);
    await page.fill('#password', ADMIN.password);
    await page.click('#sign-in-submit');
    await page.waitForSelector('#code-form:not([hidden])');
    expect(await page.textContent('#code-sent-to')).toBe(
      'Enter the code from your authenticator app to finish signing in.',
    );
    expect(emulator.verify.codes()).toEqual([]);

    await page.fill('#code', wrongTotpCode(emulator, factorSid));
    await page.click('#code-submit');
    await page.waitForFunction(() =>
      document.getElementById('sign-in-message')?.textContent?.includes('not right'),
    );
    expect(await page.textContent('#sign-in-message')).toMatch(/authenticator app/);
    expect(await page.isHidden('#app')).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await page.fill('#code', currentTotpCode(emulator, factorSid));
    await page.click('#code-submit');
    await page.waitForSelector('#app:not([hidden])');
    expect(await page.isHidden('#sign-in')).toBe(true);
    expect(browser.offMachine).toEqual([]);
  });
});
