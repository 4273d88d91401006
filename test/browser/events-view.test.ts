// The events tab as a person reads it, at a laptop's and a phone's size: sign-ins apart from the
// decisions, reasons in words, thresholds with their currency and period, times labelled with
// their zone (UTC on demand), an account found by name or SID start, a link to one account's
// events, a CSV named after what it holds, and a table that keeps to its card.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { AuditEvent } from '../../src/audit/audit-event';
import { browserAvailability } from './chromium';
import {
  eventsLoaded,
  fitsWidth,
  eventsAtSize,
  refreshEvents,
  SIZES,
  useSignedInDashboard,
  type DashboardSession,
} from './support/dashboard-session';

jest.setTimeout(90_000);

const ACME = 'AC' + 'ac3e'.repeat(8);
const GLOBEX = 'AC' + '9b0b'.repeat(8);
const PHONE_SHOT = path.join(__dirname, '..', '..', 'docs', 'screenshots', 'events-phone.png');

const at = (hhmm: string) => `2025-01-15T${hhmm}:00.000Z`;
const breakerEvent = (id: string, time: string, fields: Partial<AuditEvent>): AuditEvent => ({
  id,
  time,
  source: 'breaker',
  action: 'alerted',
  reason: 'warn-tier',
  outcome: 'ok',
  durationMs: 40,
  usageCategory: 'totalprice',
  triggerBy: 'price',
  recurring: 'daily',
  ...fields,
});

/** Five decisions among eleven sign-in records: on a phone, the sign-ins once buried them. */
const EVENTS: AuditEvent[] = [
  breakerEvent('ev-globex-warn', at('09:00'), {
    accountSid: GLOBEX,
    friendlyName: 'Globex',
    tier: 'warn',
    triggerValue: '25',
    currentValue: '30.50',
  }),
  breakerEvent('ev-acme-warn', at('09:25'), {
    accountSid: ACME,
    friendlyName: 'Acme Support',
    tier: 'warn',
    triggerValue: '25',
    currentValue: '26.00',
  }),
  breakerEvent('ev-acme-trip', at('09:30'), {
    action: 'suspended',
    reason: 'trip',
    accountSid: ACME,
    friendlyName: 'Acme Support',
    tier: 'trip',
    triggerValue: '100',
    currentValue: '150.00',
    calls: { found: 2, ended: 2, failed: 0 },
    alerts: { 'sms:***0100': 'sent' },
    // What a real event carries: long unbroken strings that a raw view must wrap.
    triggerSid: 'UT' + '5e1f'.repeat(8),
    dateFired: 'Wed, 15 Jan 2025 09:29:58 +0000',
    deliveryKey: 'd'.repeat(64),
    idempotencyToken: `AC${'ac3e'.repeat(8)}-FIRES-UT${'5e1f'.repeat(8)}-2025-01-15`,
  }),
  {
    id: 'ev-rejected',
    time: at('09:45'),
    source: 'breaker',
    action: 'rejected',
    reason: 'summary',
    outcome: 'refused',
    durationMs: 0,
    count: 3,
    counts: { 'bad-signature': 2, 'missing-signature': 1 },
    accountSids: [GLOBEX],
  },
  breakerEvent('ev-main', at('09:50'), {
    reason: 'main-account',
    accountSid: 'AC' + '0'.repeat(32),
    friendlyName: 'Main',
    tier: 'trip',
    triggerValue: '100',
    currentValue: '101',
  }),
  ...Array.from({ length: 10 }, (_, i): AuditEvent => {
    const results = ['wrong-password', 'code-sent', 'signed-in'];
    const reason = results[i % 3];
    return {
      id: `ev-sign-in-${i}`,
      time: at(`10:0${i}`),
      source: 'ops',
      action: 'sign-in',
      reason,
      outcome: reason === 'wrong-password' ? 'refused' : 'ok',
      durationMs: 5,
      detail: { step: 'password', method: 'password', username: i % 3 ? 'ops' : null },
    };
  }),
  {
    id: 'ev-sign-in-summary',
    time: at('10:30'),
    source: 'ops',
    action: 'sign-in',
    reason: 'summary',
    outcome: 'refused',
    durationMs: 0,
    count: 12,
    counts: { 'wrong-code': 3, 'wrong-password': 9 },
  },
];
const DECISIONS = EVENTS.filter((e) => e.action !== 'sign-in').map((e) => e.id);

const availability = browserAvailability();
const describeBrowser = availability.run ? describe : describe.skip;

describeBrowser('events tab', () => {
  let session: DashboardSession;
  let page: Page;

  const rowIds = () =>
    page.$$eval('#events-table tbody tr.event', (rows) =>
      rows.map((r) => r.getAttribute('data-id')),
    );
  const row = (id: string) => page.locator(`#events-table tr[data-id="${id}"]`);

  async function apply(fields: Record<string, string> = {}) {
    for (const [selector, value] of Object.entries(fields)) await page.fill(selector, value);
    await page.evaluate(() => (document.getElementById('events-status')!.textContent = ''));
    await page.click('#event-filters button[type="submit"]');
    await eventsLoaded(page);
  }

  async function clearFilters() {
    await page.click('#event-filters button[type="reset"]');
    await page.waitForFunction(
      () => document.querySelectorAll('#events-table tbody tr.event').length === 5,
    );
  }

  const dashboard = useSignedInDashboard((opened) => opened.append(EVENTS));
  beforeAll(() => {
    session = dashboard();
    page = session.page;
  });

  describe.each(SIZES)('at $width×$height', (size) => {
    beforeAll(() => eventsAtSize(page, size));

    test('sign-ins stay out of the events, listed apart; a summary reads as a count', async () => {
      expect(await rowIds()).toEqual([...DECISIONS].reverse());
      const signIn = (id: string) => page.locator(`#sign-ins-table tr[data-id="${id}"]`);
      await signIn('ev-sign-in-summary').waitFor();
      expect(await signIn('ev-sign-in-summary').locator('td.why').textContent()).toBe(
        '12 failed sign-ins: wrong username or password ×9, wrong code ×3',
      );
      expect(await signIn('ev-sign-in-9').locator('td.why').textContent()).toBe(
        'Wrong username or password',
      );
      expect(await signIn('ev-sign-in-7').locator('td.why').textContent()).toBe(
        'Password right; code texted',
      );

      // Asked for, they join the list.
      await page.check('#filter-sign-ins');
      await apply();
      expect(await rowIds()).toEqual(expect.arrayContaining(['ev-sign-in-summary', ...DECISIONS]));
      await page.uncheck('#filter-sign-ins');
      await apply();
      expect(await rowIds()).toEqual([...DECISIONS].reverse());
    });

    test('the Why column says the reason in words; thresholds say currency and period', async () => {
      const why = await page.$$eval('#events-table tbody tr.event', (rows) =>
        rows.map((r) => [r.getAttribute('data-id'), r.querySelector('td.why')?.textContent]),
      );
      expect(Object.fromEntries(why)).toEqual({
        'ev-main': 'Main account: never suspended',
        'ev-rejected': '3 rejected requests: signature does not match ×2, no Twilio signature ×1',
        'ev-acme-trip': 'Crossed the trip threshold',
        'ev-acme-warn': 'Crossed the warning threshold',
        'ev-globex-warn': 'Crossed the warning threshold',
      });
      // The code stays at hand for whoever greps the log.
      expect(await row('ev-acme-trip').locator('td.why').getAttribute('title')).toBe('trip');
      const facts = await row('ev-acme-trip').locator('ul.facts li').allTextContents();
      expect(facts).toContain(
        'spent 150.00 of the 100 limit in the account currency (USD for most) per day (GMT)',
      );
    });

    test('times carry their zone; UTC on demand, and From/To are read in it', async () => {
      const timeOf = async (id: string) => [
        await row(id).locator('time').textContent(),
        await row(id).locator('.age').textContent(),
      ];
      expect(await timeOf('ev-acme-trip')).toEqual(['2025-01-15 04:30:00', 'UTC-05:00 · 2 h ago']);
      expect(await page.textContent('#events-zone')).toBe('(America/New_York)');
      expect(await page.textContent('#time-zone option[value="local"]')).toBe(
        'Local time (America/New_York)',
      );

      await page.selectOption('#time-zone', 'utc');
      expect(await timeOf('ev-acme-trip')).toEqual(['2025-01-15 09:30:00', 'UTC · 2 h ago']);
      expect(await page.textContent('#events-zone')).toBe('(UTC)');
      await apply({
        '#filter-since': '2025-01-15T09:26:00',
        '#filter-until': '2025-01-15T09:35:00',
      });
      expect(await rowIds()).toEqual(['ev-acme-trip']);

      // Back to local time: the inputs keep the same instants, in local words.
      await page.selectOption('#time-zone', 'local');
      expect(await page.inputValue('#filter-since')).toBe('2025-01-15T04:26');
      expect(await page.inputValue('#filter-until')).toBe('2025-01-15T04:35');
      await clearFilters();
    });

    test('the account filter takes a name or the start of a SID; a refused filter keeps the table', async () => {
      await apply({ '#filter-account': 'acme' });
      expect(await rowIds()).toEqual(['ev-acme-trip', 'ev-acme-warn']);
      await apply({ '#filter-account': GLOBEX.slice(0, 9) });
      expect(await rowIds()).toEqual(['ev-rejected', 'ev-globex-warn']);

      // Checked before asking: nothing is sent, the table stays.
      await page.fill('#filter-since', '2025-01-15T12:00:00');
      await page.fill('#filter-until', '2025-01-15T11:00:00');
      await page.click('#event-filters button[type="submit"]');
      expect(await page.textContent('#filter-message')).toBe(
        'From is after To: change one of them.',
      );
      expect(await rowIds()).toEqual(['ev-rejected', 'ev-globex-warn']);
      await page.fill('#filter-since', '');
      await page.fill('#filter-until', '');

      // A filter the service refuses: its words at the filters, the table as it was.
      const refusal = 'account: give a name, or a SID or its start, at most 64 characters';
      await page.route('**/admin-events?*account=refused*', (route) =>
        route.fulfill({
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({ error: 'bad-request', message: refusal }),
        }),
      );
      await page.fill('#filter-account', 'refused');
      await page.click('#event-filters button[type="submit"]');
      await page.waitForSelector('#filter-message:not([hidden])');
      expect(await page.textContent('#filter-message')).toBe(refusal);
      expect(await page.isHidden('#app-message')).toBe(true);
      expect(await rowIds()).toEqual(['ev-rejected', 'ev-globex-warn']);
      await page.unroute('**/admin-events?*account=refused*');
      await clearFilters();
      expect(await page.isHidden('#filter-message')).toBe(true);
    });

    test('a link opens the events of one account', async () => {
      await page.evaluate((sid) => (window.location.hash = `#events?account=${sid}`), ACME);
      await page.waitForFunction(
        () => document.querySelectorAll('#events-table tbody tr.event').length === 2,
      );
      expect(await page.inputValue('#filter-account')).toBe(ACME);
      expect(await rowIds()).toEqual(['ev-acme-trip', 'ev-acme-warn']);
      // The same link in a new page load (the session is kept by the tab).
      await page.goto(`${session.stack.functions.url}/index.html#events?account=${GLOBEX}`);
      await page.waitForSelector('#app:not([hidden])');
      await eventsLoaded(page);
      expect(await rowIds()).toEqual(['ev-rejected', 'ev-globex-warn']);
      await clearFilters();
      expect(await page.evaluate(() => window.location.hash)).toBe('#events');
    });

    test('the CSV file is named after the filter and the date range', async () => {
      const download = async () => {
        const [file] = await Promise.all([
          page.waitForEvent('download'),
          page.click('#events-csv'),
        ]);
        return file.suggestedFilename();
      };
      expect(await download()).toBe('breaker-events_all_until_2025-01-15.csv');
      await page.fill('#filter-account', 'Acme Support');
      await page.selectOption('#filter-action', 'suspended,would-suspend');
      await page.fill('#filter-since', '2025-01-15T00:00:00');
      await page.fill('#filter-until', '2025-01-15T18:30:00');
      expect(await download()).toBe(
        'breaker-events_Acme-Support_suspended+would-suspend_2025-01-15_to_2025-01-15_1830.csv',
      );
      await page.selectOption('#filter-action', '');
      await clearFilters();
    });
  });

  describe('layout', () => {
    /** Words split over two lines inside the given cells ("code-" / "sent"). */
    const brokenWords = (selector: string) =>
      page.$$eval(selector, (cells) =>
        cells.flatMap((cell) => {
          const broken: string[] = [];
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent ?? '';
            for (const word of text.matchAll(/\S+/g)) {
              const range = document.createRange();
              range.setStart(node, word.index);
              range.setEnd(node, word.index + word[0].length);
              const rects = Array.from(range.getClientRects());
              const lines = new Set(rects.map((r) => Math.round(r.top)));
              if (lines.size > 1) broken.push(word[0]);
            }
          }
          return broken;
        }),
      );

    async function openEveryRawEvent() {
      for (const summary of await page.locator('#events-table details.raw summary').all()) {
        await summary.click();
      }
    }

    test('at 1280 px: an opened raw event keeps the table inside its card, Reactivate in view', async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await refreshEvents(page);
      await openEveryRawEvent();
      const fit = await page.evaluate(() => {
        const scroll = document.querySelector('#events-panel .table-scroll') as HTMLElement;
        const card = scroll.closest('.card')!.getBoundingClientRect();
        const buttons = Array.from(
          document.querySelectorAll('#events-table button[data-reactivate]'),
        );
        return {
          overflow: scroll.scrollWidth - scroll.clientWidth,
          buttons: buttons.length,
          outside: buttons.filter((b) => b.getBoundingClientRect().right > card.right).length,
        };
      });
      expect(fit).toEqual({ overflow: 0, buttons: 1, outside: 0 });
      expect(await brokenWords('#events-table td.why, #sign-ins-table td.why')).toEqual([]);
      expect(await fitsWidth(page)).toBe(true);
    });

    test('at 1280 px: filter labels and controls line up, and the date-time inputs show the time', async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      const boxes = await page.$$eval('#event-filters .field:not(.actions)', (fields) =>
        fields.map((field) => {
          const label = field.querySelector('label')!.getBoundingClientRect();
          const control = field.querySelector('input, select')!.getBoundingClientRect();
          return { label: Math.round(label.top), control: Math.round(control.bottom) };
        }),
      );
      // The first row: Account, Action, From, To.
      const firstRow = boxes.slice(0, 4);
      expect(new Set(firstRow.map((b) => b.label)).size).toBe(1);
      expect(new Set(firstRow.map((b) => b.control)).size).toBe(1);
      const cut = await page.$$eval('input[type="datetime-local"]', (inputs) =>
        inputs.map((input) => {
          // Its width with nothing squeezing it, next to the width it has.
          const free = input.cloneNode() as HTMLInputElement;
          free.style.width = 'max-content';
          free.style.position = 'absolute';
          document.body.append(free);
          const needed = free.getBoundingClientRect().width;
          free.remove();
          return Math.round(needed - input.getBoundingClientRect().width);
        }),
      );
      expect(cut.filter((px) => px > 0)).toEqual([]);
    });

    test('at 390 px: nothing is wider than the phone, raw events opened, words whole', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await refreshEvents(page);
      await openEveryRawEvent();
      expect(await fitsWidth(page)).toBe(true);
      expect(await brokenWords('#events-table td.why, #sign-ins-table td.why')).toEqual([]);
      // Only decisions as cards: the phone no longer scrolls past sign-ins to reach a suspension.
      expect(await page.locator('#events-table tbody tr.event').count()).toBe(DECISIONS.length);
      await refreshEvents(page);
      mkdirSync(path.dirname(PHONE_SHOT), { recursive: true });
      await page.screenshot({ path: PHONE_SHOT, fullPage: true });
    });
  });
});
