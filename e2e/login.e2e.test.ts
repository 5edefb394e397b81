import { describe, expect, inject, it } from 'vitest';
import { screenshotPath, usePage } from './browser.js';

const ADMIN = { username: 'admin', password: 'Yiwang@2026' };

describe('signing in to the console', () => {
  const baseUrl = inject('baseUrl');
  const ui = usePage();
  const consoleErrors = ui.consoleErrors;

  async function expectLoginPage(): Promise<void> {
    await ui.page.waitForURL((url) => url.pathname === '/login');
    await ui.page.locator('[data-testid="login-card"] button[type="submit"]').waitFor();
    expect(await ui.page.getByLabel('用户名').isVisible()).toBe(true);
    expect(await ui.page.getByLabel('密码', { exact: true }).isVisible()).toBe(true);
  }

  async function signIn(username: string, password: string): Promise<void> {
    await ui.page.getByLabel('用户名').fill(username);
    await ui.page.getByLabel('密码', { exact: true }).fill(password);
    await ui.page.locator('[data-testid="login-card"] button[type="submit"]').click();
  }

  it('lets the platform administrator sign in, see the city figures and sign out', async () => {
    await ui.page.goto(`${baseUrl}/`);
    await expectLoginPage();
    await ui.page.screenshot({ path: screenshotPath('login'), fullPage: true });

    await signIn(ADMIN.username, ADMIN.password);

    const townships = ui.page.locator('[data-testid="figure-townships"] .ant-statistic-content-value');
    await townships.waitFor();
    const townshipCount = Number((await townships.innerText()).replace(/[^\d]/g, ''));
    expect(townshipCount).toBeGreaterThan(0);

    const me = await ui.page.evaluate(async () => {
      const response = await fetch('/api/v1/auth/me');
      return (await response.json()) as { user: { displayName: string; division: { name: string } } };
    });
    expect(await ui.page.getByTestId('current-user-name').innerText()).toBe(me.user.displayName);
    expect(await ui.page.getByTestId('header-title').innerText()).toContain(me.user.division.name);
    // The platform administrator holds `*`, so every entry of the navigation table shows.
    const menu = await ui.page.getByTestId('nav-menu').innerText();
    for (const item of ['首页', '行政区划', '组织机构', '用户', '审计日志']) {
      expect(menu).toContain(item);
    }

    await ui.page.waitForLoadState('networkidle');
    await ui.page.locator('[data-testid="home-page"] canvas').first().waitFor();
    await ui.page.waitForTimeout(600); // let the bar chart finish its entry animation
    await ui.page.screenshot({ path: screenshotPath('home'), fullPage: true });

    await ui.page.getByRole('button', { name: '退出登录' }).click();
    await expectLoginPage();
    const after = await ui.page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(after).toBe(401);
    expect(consoleErrors).toEqual([]);
  });

  it('tells the user when the password is wrong', async () => {
    await ui.page.goto(`${baseUrl}/login`);
    await expectLoginPage();

    await signIn(ADMIN.username, 'not-the-password');

    const alert = ui.page.getByTestId('login-error');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('用户名或密码错误');
    expect(new URL(ui.page.url()).pathname).toBe('/login');
  });
});
