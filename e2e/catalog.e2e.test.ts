import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshotPath } from './browser.js';

const STEWARD = { username: 'steward', password: 'Yiwang@2026' };

describe('the data resource catalog', () => {
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
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        consoleErrors.push(message.text());
      }
    });
  });

  afterEach(async () => {
    await context?.close();
  });

  it('lets a data steward search for 人口, open the population resource and see its fields', async () => {
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('用户名').fill(STEWARD.username);
    await page.getByLabel('密码', { exact: true }).fill(STEWARD.password);
    await page.locator('[data-testid="login-card"] button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === '/');

    await page.getByTestId('nav-menu').getByText('数据资源目录').click();
    await page.waitForURL((url) => url.pathname === '/catalog');
    const search = page.getByTestId('list-search').locator('input');
    await search.fill('人口');
    await search.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === '人口');

    // Names holding the word rank first; a field or a description merely mentioning it ranks lower.
    const first = page.getByTestId('catalog-result').first();
    await expect.poll(() => first.locator('a').first().innerText(), { timeout: 10_000 }).toMatch(/^人口/);
    const population = page.getByTestId('catalog-result').filter({ has: page.getByRole('link', { name: '人口基本信息', exact: true }) });
    expect(await page.getByTestId('facet-owner').innerText()).toContain('鄂州市公安局');
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: screenshotPath('catalog-search'), fullPage: true });

    await population.getByRole('link', { name: '人口基本信息', exact: true }).click();
    const fields = page.getByTestId('catalog-fields');
    await fields.waitFor();
    const table = await fields.innerText();
    for (const text of ['公民身份号码', 'id_number', '重要', '户籍地址']) {
      expect(table).toContain(text);
    }
    const attributes = await page.getByTestId('catalog-attributes').innerText();
    expect(attributes).toContain('420700-gaj-000001');
    expect(attributes).toContain('有条件共享');
    await page.getByTestId('catalog-versions').locator('tbody tr.ant-table-row').first().waitFor();
    // The steward belongs to the big-data centre, not to the police: no editing here.
    expect(await page.getByRole('button', { name: /编\s*辑/ }).count()).toBe(0);
    await page.waitForLoadState('networkidle');
    await page.locator('[data-testid="catalog-versions"] .ant-spin-blur').waitFor({ state: 'detached' });
    await page.waitForTimeout(400); // the table's loading veil fades out
    await page.screenshot({ path: screenshotPath('catalog-detail'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
