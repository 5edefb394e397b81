import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshotPath } from './browser.js';

const ADMIN = { username: 'admin', password: 'Yiwang@2026' };

describe('signing in to the console', () => {
  const baseUrl = inject('baseUrl');
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
      // The browser logs every 4xx answer, e.g. the 401 of /auth/me before signing in.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        consoleErrors.push(message.text());
      }
    });
  });

  afterEach(async () => {
    await context?.close();
  });

  async function expectLoginPage(): Promise<void> {
    await page.waitForURL((url) => url.pathname === '/login');
    await page.locator('[data-testid="login-card"] button[type="submit"]').waitFor();
    expect(await page.getByLabel('用户名').isVisible()).toBe(true);
    expect(await page.getByLabel('密码', { exact: true }).isVisible()).toBe(true);
  }

  async function signIn(username: string, password: string): Promise<void> {
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.locator('[data-testid="login-card"] button[type="submit"]').click();
  }

  it('lets the platform administrator sign in, see the city figures and sign out', async () => {
    await page.goto(`${baseUrl}/`);
    await expectLoginPage();
    await page.screenshot({ path: screenshotPath('login'), fullPage: true });

    await signIn(ADMIN.username, ADMIN.password);

    const townships = page.locator('[data-testid="figure-townships"] .ant-statistic-content-value');
    await townships.waitFor();
    const townshipCount = Number((await townships.innerText()).replace(/[^\d]/g, ''));
    expect(townshipCount).toBeGreaterThan(0);

    const me = await page.evaluate(async () => {
      const response = await fetch('/api/v1/auth/me');
      return (await response.json()) as { user: { displayName: string; division: { name: string } } };
    });
    expect(await page.getByTestId('current-user-name').innerText()).toBe(me.user.displayName);
    expect(await page.getByTestId('header-title').innerText()).toContain(me.user.division.name);
    // The platform administrator holds `*`, so every entry of the navigation table shows.
    const menu = await page.getByTestId('nav-menu').innerText();
    for (const item of ['首页', '行政区划', '组织机构', '用户', '审计日志']) {
      expect(menu).toContain(item);
    }

    await page.waitForLoadState('networkidle');
    await page.locator('[data-testid="home-page"] canvas').first().waitFor();
    await page.waitForTimeout(600); // let the bar chart finish its entry animation
    await page.screenshot({ path: screenshotPath('home'), fullPage: true });

    await page.getByRole('button', { name: '退出登录' }).click();
    await expectLoginPage();
    const after = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(after).toBe(401);
    expect(consoleErrors).toEqual([]);
  });

  it('tells the user when the password is wrong', async () => {
    await page.goto(`${baseUrl}/login`);
    await expectLoginPage();

    await signIn(ADMIN.username, 'not-the-password');

    const alert = page.getByTestId('login-error');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
