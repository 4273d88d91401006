// The overrides tab at a laptop's and a phone's size: what the runbook says ops do from the
// dashboard — set a subaccount's thresholds, run setup for that account alone, see it listed and
// audited, clear it and go back to the rules — with every mistake named before anything is sent.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { browserAvailability } from './chromium';
import { emulatorClient } from '../support/emulator-twilio';
import {
  fitsWidth,
  SIZES,
  useSignedInDashboard,
  type DashboardSession,
} from './support/dashboard-session';

jest.setTimeout(90_000);

const SCREENSHOT = path.join(__dirname, '..', '..', 'docs', 'screenshots', 'overrides.png');
const TRIP_LABEL = 'Suspend at: totalprice spend in the account currency, per day (GMT)';
const TRIP = 'trip:daily:price:totalprice';

const availability = browserAvailability();
const describeBrowser = availability.run ? describe : describe.skip;

describeBrowser('overrides tab', () => {
  let session: DashboardSession;
  let page: Page;
  const reseller: Record<string, { sid: string; name: string }> = {};

  /** The values of the breaker's triggers on the account, by tier, as the emulator holds them. */
  async function triggerValues(sid: string) {
    const triggers = await emulatorClient(session.emulator)
      .api.v2010.accounts(sid)
      .usage.triggers.list();
    const tierOf = (url: string) => new URL(url).searchParams.get('tier');
    return Object.fromEntries(triggers.map((t) => [tierOf(t.callbackUrl), t.triggerValue]));
  }

  const message = () => page.textContent('#override-message');
  const row = (sid: string) => `#overrides-table tr[data-sid="${sid}"]`;
  const notice = (sid: string) => `${row(sid)} + tr.row-notice`;

  async function save(fields: { sid?: string; trip?: string; note?: string }) {
    await page.fill('#override-account', fields.sid ?? '');
    await page.fill(`input[data-rule="${TRIP}"]`, fields.trip ?? '');
    await page.fill('#override-note', fields.note ?? '');
    await page.click('#override-save');
  }

  const dashboard = useSignedInDashboard(async (opened) => {
    for (const size of SIZES) {
      const name = `Reseller ${size.name}`;
      reseller[size.name] = { sid: opened.emulator.accounts.createSubaccount(name).sid, name };
    }
  });
  beforeAll(async () => {
    session = dashboard();
    page = session.page;
    await page.click('#tab-overrides');
    await page.waitForSelector(`input[data-rule="${TRIP}"]`);
  });

  describe.each(SIZES)('at $width×$height', (size) => {
    beforeAll(() => page.setViewportSize({ width: size.width, height: size.height }));

    test('the form names each mistake; nothing is stored', async () => {
      const { sid } = reseller[size.name];
      expect(await page.textContent(`label[for="override-value-${TRIP}"]`)).toBe(TRIP_LABEL);
      expect(await page.getAttribute(`input[data-rule="${TRIP}"]`, 'placeholder')).toBe(
        '100 (the rule)',
      );
      await save({ sid: 'AC123', trip: '250' });
      expect(await message()).toBe('Subaccount: enter its SID, AC followed by 32 hex digits.');
      await save({ sid });
      expect(await message()).toBe(
        'Enter at least one threshold, or tick Exempt. To go back to the rules, clear the override in the list below.',
      );
      await save({ sid, trip: 'lots' });
      expect(await message()).toBe(
        `${TRIP_LABEL}: enter a positive number such as 250 (at most 4 decimals).`,
      );
      // Well-formed, but not one of ours: the service's answer, at the form.
      const stranger = 'AC' + 'e'.repeat(32);
      await save({ sid: stranger, trip: '250' });
      await page.waitForFunction(() =>
        document.getElementById('override-message')?.textContent?.includes('not a subaccount'),
      );
      expect(await message()).toBe(`${stranger} is not a subaccount of this account`);
      expect(await page.locator(row(sid)).count()).toBe(0);
      expect(await page.locator(row(stranger)).count()).toBe(0);
    });

    test('set a threshold and run setup for that account: listed, applied, audited', async () => {
      const { sid, name } = reseller[size.name];
      await page.fill('#override-account', sid);
      await page.fill(`input[data-rule="${TRIP}"]`, '250');
      await page.fill('#override-note', 'reseller, high volume');
      await page.click('#override-save-setup');
      await page.waitForSelector(notice(sid));
      await page.waitForFunction(
        (selector) => !document.querySelector(selector)?.textContent?.includes('Running'),
        notice(sid),
      );
      expect(await message()).toBe(
        `Saved the override of ${name}. It acts once setup runs for it.`,
      );
      expect(await page.textContent(notice(sid))).toBe(
        `Setup ran for ${name}: 2 trigger changes. Its triggers are up to date.`,
      );
      const cells = await page.$$eval(`${row(sid)} td`, (tds) => tds.map((td) => td.textContent));
      expect(cells.slice(0, 3)).toEqual([
        `${name}${sid}`,
        `${TRIP_LABEL}: 250 (rule: 100)`,
        'reseller, high volume',
      ]);
      expect(cells[3]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by ops$/);
      expect(await triggerValues(sid)).toEqual({ warn: '25', trip: '250' });
      expect(await fitsWidth(page)).toBe(true);
      if (size.name === 'laptop') {
        mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
        await page.screenshot({ path: SCREENSHOT, fullPage: true });
      }

      // The audit list has it, in words.
      await page.click('#tab-events');
      await page.selectOption('#filter-action', 'override');
      await page.fill('#filter-account', name);
      await page.click('#event-filters button[type="submit"]');
      await page.waitForFunction(
        () => document.querySelectorAll('#events-table tr[data-action="override"]').length === 1,
      );
      const audited = page.locator('#events-table tr[data-action="override"]');
      expect(await audited.locator('td.why').textContent()).toBe('Override set');
      expect(await audited.locator('.name').textContent()).toBe(name);
      await page.click('#event-filters button[type="reset"]');
      await page.click('#tab-overrides');
    });

    test('clear it, run setup for it: back to the rules', async () => {
      const { sid, name } = reseller[size.name];
      await page.click(`${row(sid)} button[data-act="clear"]`);
      await page.waitForFunction(
        (selector) => document.querySelector(selector)?.textContent?.startsWith('Cleared'),
        notice(sid),
      );
      expect(await page.textContent(notice(sid))).toBe(
        `Cleared the override of ${name}. Run setup for it to apply the rules now.`,
      );
      expect(await page.textContent(`${row(sid)} td[data-label="Thresholds"]`)).toBe(
        'Cleared: the rules apply from its next setup run',
      );
      await page.click(`${row(sid)} button[data-act="setup"]`);
      await page.waitForFunction(
        (selector) => document.querySelector(selector)?.textContent?.startsWith('Setup ran'),
        notice(sid),
      );
      expect(await page.textContent(notice(sid))).toBe(
        `Setup ran for ${name}: 1 trigger change. Its triggers are up to date.`,
      );
      expect(await triggerValues(sid)).toEqual({ warn: '25', trip: '100' });
      await page.click('#overrides-refresh');
      await page.waitForFunction((selector) => document.querySelector(selector) === null, row(sid));
    });
  });
});
