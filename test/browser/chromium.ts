// Debian's chromium, driven by playwright-core, for the dashboard's browser tests. Never downloads
// a browser: `apt-get install -y chromium` provides /usr/bin/chromium (.ci/run does it in CI).
import { chromium, type BrowserContext } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * 'run', or why the suite is skipped. Without chromium the suite is skipped on a developer's machine,
 * but in CI (CI=true) a missing browser must fail, not pass silently.
 */
export function browserAvailability(): { run: true } | { run: false; reason: string } {
  if (existsSync(CHROMIUM_PATH) || process.env.CI === 'true') return { run: true };
  return {
    run: false,
    reason: `browser tests skipped: ${CHROMIUM_PATH} is missing (apt-get install -y chromium)`,
  };
}

export interface LaunchedBrowser {
  context: BrowserContext;
  /** Requests to anything but 127.0.0.1, refused: the dashboard must need nothing from outside. */
  offMachine: string[];
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** The browser's local time zone (an IANA name); the machine's when unset. */
  timezoneId?: string;
}

export async function launchChromium(
  viewport = { width: 1280, height: 800 },
  options: LaunchOptions = {},
): Promise<LaunchedBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'breaker-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport,
    timezoneId: options.timezoneId,
  });
  const offMachine: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'blob:' || url.protocol === 'data:') {
      return route.continue();
    }
    offMachine.push(url.href);
    return route.abort();
  });
  return {
    context,
    offMachine,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
