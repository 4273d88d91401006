// What the dashboard's browser tests share: the stack (emulator + built Functions, two-factor
// sign-in by SMS), chromium in a fixed time zone, signing in as a person does, audit events put
// straight into the list, and the two sizes every visual check runs at.
import type { Page } from 'playwright-core';
import type { AuditEvent } from '../../../src/audit/audit-event';
import { AUDIT_LIST } from '../../../src/audit/sync-names';
import {
  latestTextedCode,
  smsTwoFactorEnv,
  startAdminStack,
  type AdminStack,
} from '../../support/admin-stack';
import type { Emulator } from '../../../emulator';
import { launchChromium, type LaunchedBrowser } from '../chromium';

export const ADMIN = { username: 'ops', password: 'fake-admin-password-browser' };
const ADMIN_PHONE = '+15550004321';
const SESSION_SECRET = 'fake-session-secret-browser-0123456789abc';

/** A laptop and a phone: every visual check runs at both. */
export const SIZES = [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Local time in the browser: not UTC, so "local" and "UTC" differ (UTC-05:00 in January). */
export const TIME_ZONE = 'America/New_York';
/**
 * The page's clock, fixed so ages read the same every run ("2 h ago"); events are placed before it.
 * In the past of any real clock, so the session the service signs (on real time) never looks
 * expired to the page.
 */
export const PAGE_NOW = new Date('2025-01-15T12:00:00.000Z');

export interface DashboardSession {
  stack: AdminStack;
  emulator: Emulator;
  browser: LaunchedBrowser;
  page: Page;
  /** Problems the page reported: uncaught errors and CSP/Trusted Types refusals. */
  problems: string[];
  signIn(): Promise<void>;
  /** Appends audit events to the list, in order (the last is the newest). */
  append(events: AuditEvent[]): Promise<void>;
  close(): Promise<void>;
}

export async function openDashboard(
  env?: (emulator: Emulator) => Record<string, string>,
): Promise<DashboardSession> {
  const stack = await startAdminStack({
    admin: ADMIN,
    env: async (running) => ({
      ...(await smsTwoFactorEnv(running, ADMIN_PHONE, SESSION_SECRET)),
      ...env?.(running),
    }),
  });
  const browser = await launchChromium(SIZES[0], { timezoneId: TIME_ZONE });
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (/Content Security Policy|Trusted Type/i.test(message.text())) problems.push(message.text());
  });
  await page.clock.setFixedTime(PAGE_NOW);
  await page.goto(`${stack.functions.url}/index.html`);
  return {
    stack,
    emulator: stack.emulator,
    browser,
    page,
    problems,
    async signIn() {
      await page.fill('#username', ADMIN.username);
      await page.fill('#password', ADMIN.password);
      await page.click('#sign-in-submit');
      await page.waitForSelector('#code-form:not([hidden])');
      await page.fill('#code', await latestTextedCode(stack.emulator, ADMIN_PHONE));
      await page.click('#code-submit');
      await page.waitForSelector('#app:not([hidden])');
    },
    async append(events) {
      for (const event of events) await stack.gateway.appendListItem(AUDIT_LIST, event);
    },
    async close() {
      await browser.close();
      await stack.stop();
    },
  };
}

/**
 * The usual start of a browser test file: the dashboard open, `arrange` run on its stack (events,
 * accounts), signed in, events loaded; closed after all, and no page error after each test.
 */
export function useSignedInDashboard(
  arrange: (session: DashboardSession) => Promise<void>,
): () => DashboardSession {
  let session: DashboardSession | undefined;
  beforeAll(async () => {
    session = await openDashboard();
    await arrange(session);
    await session.signIn();
    await eventsLoaded(session.page);
  }, 120_000);
  afterAll(() => session?.close());
  afterEach(() => expect(session?.problems).toEqual([]));
  return () => {
    if (!session) throw new Error('the dashboard did not open (see beforeAll)');
    return session;
  };
}

/** Waits until the events table shows what the last load brought. */
export async function eventsLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const status = document.getElementById('events-status')?.textContent ?? '';
    return status.includes('loaded');
  });
}

/** Clicks Refresh on the events tab and waits for the answer. */
export async function refreshEvents(page: Page): Promise<void> {
  await page.click('#tab-events');
  await page.evaluate(() => (document.getElementById('events-status')!.textContent = ''));
  await page.click('#events-refresh');
  await eventsLoaded(page);
}

/** The window at `size`, the events tab freshly loaded: where each per-size block starts. */
export async function eventsAtSize(
  page: Page,
  size: { width: number; height: number },
): Promise<void> {
  await page.setViewportSize({ width: size.width, height: size.height });
  await refreshEvents(page);
}

/** True when nothing on the page is wider than the window (no sideways scrolling). */
export const fitsWidth = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
