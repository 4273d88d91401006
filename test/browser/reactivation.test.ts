// Reactivating from a row far down the list, at a laptop's and a phone's size: the outcome shows
// under that row, in view, not at the top of the page the person scrolled away from; and the
// dialog's "enter your name and the reason" goes away as soon as both are there.
import type { Page } from 'playwright-core';
import type { AuditEvent } from '../../src/audit/audit-event';
import { browserAvailability } from './chromium';
import {
  eventsAtSize,
  SIZES,
  useSignedInDashboard,
  type DashboardSession,
} from './support/dashboard-session';

jest.setTimeout(90_000);

const MISSING = 'Enter your name and the reason: both are recorded in the audit list.';

const availability = browserAvailability();
const describeBrowser = availability.run ? describe : describe.skip;

describeBrowser('reactivation feedback', () => {
  let session: DashboardSession;
  let page: Page;
  /** Per size: a suspended subaccount reactivated from the events tab, one from coverage. */
  const accounts: Record<string, { events: string; coverage: string }> = {};
  const names = new Map<string, string>();

  const status = (sid: string) => session.emulator.accounts.get(sid)?.status;

  /** Is the element entirely inside the window? */
  const inView = (selector: string) =>
    page.$eval(selector, (element) => {
      const box = element.getBoundingClientRect();
      // Within a pixel: scrollIntoView aligns to whole pixels, the layout has fractions.
      return box.top >= -1 && box.bottom <= window.innerHeight + 1;
    });

  /** Reactivates `sid` from its row's button as Dana Ops; the outcome notice's selector. */
  async function reactivateFromRow(row: string, sid: string, reason: string) {
    await page.click(`${row} button[data-reactivate]`);
    await page.waitForSelector('#reactivate-dialog[open]');
    await page.fill('#reactivate-operator', 'Dana Ops');
    await page.fill('#reactivate-reason', reason);
    await page.click('#reactivate-confirm');
    const notice = `${row} + tr.row-notice`;
    await page.waitForSelector(notice);
    expect(await page.textContent(notice)).toBe(
      `${names.get(sid)} is active again (reactivated by Dana Ops). ` +
        'It suspends again if it spends $100 more today (at $100).',
    );
    return notice;
  }

  const dashboard = useSignedInDashboard(async (opened) => {
    session = opened;
    const events: AuditEvent[] = [];
    for (const size of SIZES) {
      const pair = { events: '', coverage: '' };
      for (const where of ['events', 'coverage'] as const) {
        const name = `Suspended ${size.name} ${where}`;
        const account = session.emulator.accounts.createSubaccount(name);
        await session.stack.gateway.updateAccountStatus(account.sid, 'suspended');
        names.set(account.sid, name);
        pair[where] = account.sid;
        events.push({
          id: `ev-trip-${account.sid}`,
          time: `2025-01-15T08:0${events.length}:00.000Z`,
          source: 'breaker',
          action: 'suspended',
          reason: 'trip',
          outcome: 'ok',
          durationMs: 30,
          accountSid: account.sid,
          friendlyName: name,
        });
      }
      accounts[size.name] = pair;
    }
    // Newer warnings above them: the suspensions are well below the first screen.
    for (let i = 0; i < 30; i += 1) {
      events.push({
        id: `ev-filler-${i}`,
        time: `2025-01-15T09:${String(i).padStart(2, '0')}:00.000Z`,
        source: 'breaker',
        action: 'alerted',
        reason: 'warn-tier',
        outcome: 'ok',
        durationMs: 30,
        accountSid: 'AC' + i.toString(16).padStart(32, 'f'),
        friendlyName: `Customer ${i}`,
        usageCategory: 'totalprice',
        triggerValue: '25',
        currentValue: '30',
      });
    }
    await session.append(events);
  });
  beforeAll(() => {
    session = dashboard();
    page = session.page;
  });

  describe.each(SIZES)('at $width×$height', (size) => {
    beforeAll(() => eventsAtSize(page, size));

    test('the missing-fields error goes as soon as both are filled', async () => {
      const sid = accounts[size.name].events;
      await page.click(`#events-table tr[data-id="ev-trip-${sid}"] button[data-reactivate]`);
      await page.waitForSelector('#reactivate-dialog[open]');
      await page.click('#reactivate-confirm');
      expect(await page.textContent('#reactivate-message')).toBe(MISSING);
      await page.fill('#reactivate-operator', 'Dana Ops');
      expect(await page.isVisible('#reactivate-message')).toBe(true);
      await page.fill('#reactivate-reason', 'Customer confirmed the traffic');
      expect(await page.isHidden('#reactivate-message')).toBe(true);
      expect(status(sid)).toBe('suspended');
      await page.click('#reactivate-cancel');
    });

    test('reactivated from an events row far down: the outcome shows under that row, in view', async () => {
      const sid = accounts[size.name].events;
      const row = `#events-table tr[data-id="ev-trip-${sid}"]`;
      const notice = await reactivateFromRow(row, sid, 'Customer confirmed the traffic');
      expect(await page.getAttribute(`${notice} .notice`, 'role')).toBe('status');
      expect(await inView(notice)).toBe(true);
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
      expect(await page.isHidden('#app-message')).toBe(true);
      expect(status(sid)).toBe('active');
      // The row no longer offers it: the account was reactivated after this suspension.
      expect(await page.locator(`${row} button[data-reactivate]`).count()).toBe(0);
    });

    test('reactivated from a coverage row: the outcome shows under that row', async () => {
      const sid = accounts[size.name].coverage;
      await page.click('#tab-coverage');
      await page.click('#coverage-refresh');
      const row = `#coverage-table tr[data-sid="${sid}"]`;
      await page.waitForSelector(`${row} button[data-reactivate]`);
      const notice = await reactivateFromRow(row, sid, 'Paid the invoice');
      expect(await inView(notice)).toBe(true);
      expect(await page.isHidden('#app-message')).toBe(true);
      expect(status(sid)).toBe('active');
      await page.click('#tab-events');
    });
  });
});
