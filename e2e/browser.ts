import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { repoRoot } from './server.js';

export const screenshotDir = join(repoRoot, 'e2e', 'screenshots');

/** Debian's Chromium, headless, with every background service that could phone home turned off. */
export async function launchBrowser(): Promise<Browser> {
  await mkdir(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export function screenshotPath(name: string): string {
  return join(screenshotDir, `${name}.png`);
}

/**
 * One browser for the file and a fresh zh-CN page per test, with the page's console
 * errors collected (the browser's own "Failed to load resource" lines for expected 4xx
 * answers, e.g. /auth/me before signing in, are left out). Call inside `describe`.
 */
export function usePage(): { readonly page: Page; consoleErrors: string[] } {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    consoleErrors.length = 0;
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        consoleErrors.push(message.text());
      }
    });
  });
  afterEach(async () => {
    await context?.close();
  });
  return {
    get page() {
      return page;
    },
    consoleErrors,
  };
}

/** The password of every demo user. */
export const DEMO_PASSWORD = 'Yiwang@2026';

/** The steps every console journey takes: sign in, open a page from the menu, take a screenshot once the page has settled. */
export function consoleSteps(ui: { readonly page: Page }, baseUrl: string) {
  return {
    async signIn(username: string, password = DEMO_PASSWORD): Promise<void> {
      await ui.page.context().clearCookies();
      await ui.page.goto(`${baseUrl}/login`);
      await ui.page.getByLabel('用户名').fill(username);
      await ui.page.getByLabel('密码', { exact: true }).fill(password);
      await ui.page.locator('[data-testid="login-card"] button[type="submit"]').click();
      await ui.page.waitForURL((url) => url.pathname === '/');
    },

    async open(menuItem: string, path: string): Promise<void> {
      await ui.page.getByTestId('nav-menu').getByText(menuItem, { exact: true }).click();
      await ui.page.waitForURL((url) => url.pathname === path);
    },

    async screenshot(name: string, settleMs = 600): Promise<void> {
      // From the top: the console's header and menu stay put, so a scrolled full-page shot would cut through them.
      await ui.page.evaluate('window.scrollTo(0, 0)');
      await ui.page.waitForLoadState('networkidle');
      await ui.page.waitForTimeout(settleMs); // table veils and chart animations settle
      await ui.page.screenshot({ path: screenshotPath(name), fullPage: true });
    },
  };
}
