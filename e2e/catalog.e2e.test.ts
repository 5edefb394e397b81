import { describe, expect, inject, it } from 'vitest';
import { screenshotPath, usePage } from './browser.js';

const STEWARD = { username: 'steward', password: 'Yiwang@2026' };

describe('the data resource catalog', () => {
  const baseUrl = inject('baseUrl');
  const ui = usePage();
  const consoleErrors = ui.consoleErrors;

  it('lets a data steward search for 人口, open the population resource and see its fields', async () => {
    await ui.page.goto(`${baseUrl}/login`);
    await ui.page.getByLabel('用户名').fill(STEWARD.username);
    await ui.page.getByLabel('密码', { exact: true }).fill(STEWARD.password);
    await ui.page.locator('[data-testid="login-card"] button[type="submit"]').click();
    await ui.page.waitForURL((url) => url.pathname === '/');

    await ui.page.getByTestId('nav-menu').getByText('数据资源目录').click();
    await ui.page.waitForURL((url) => url.pathname === '/catalog');
    const search = ui.page.getByTestId('list-search').locator('input');
    await search.fill('人口');
    await search.press('Enter');
    await ui.page.waitForURL((url) => url.searchParams.get('q') === '人口');

    // Names holding the word rank first; a field or a description merely mentioning it ranks lower.
    const first = ui.page.getByTestId('catalog-result').first();
    await expect.poll(() => first.locator('a').first().innerText(), { timeout: 10_000 }).toMatch(/^人口/);
    const population = ui.page.getByTestId('catalog-result').filter({ has: ui.page.getByRole('link', { name: '人口基础信息', exact: true }) });
    expect(await ui.page.getByTestId('facet-owner').innerText()).toContain('鄂州市公安局');
    await ui.page.waitForLoadState('networkidle');
    await ui.page.screenshot({ path: screenshotPath('catalog-search'), fullPage: true });

    await population.getByRole('link', { name: '人口基础信息', exact: true }).click();
    const fields = ui.page.getByTestId('catalog-fields');
    await fields.waitFor();
    const table = await fields.innerText();
    for (const text of ['公民身份号码', 'id_number', '重要', '户籍地', '联系电话']) {
      expect(table).toContain(text);
    }
    const attributes = await ui.page.getByTestId('catalog-attributes').innerText();
    expect(attributes).toContain('420700-gaj-registry-persons');
    expect(attributes).toContain('有条件共享');
    await ui.page.getByTestId('catalog-versions').locator('tbody tr.ant-table-row').first().waitFor();
    // The steward belongs to the big-data centre, not to the police: no editing here.
    expect(await ui.page.getByRole('button', { name: /编\s*辑/ }).count()).toBe(0);
    await ui.page.waitForLoadState('networkidle');
    await ui.page.locator('[data-testid="catalog-versions"] .ant-spin-blur').waitFor({ state: 'detached' });
    await ui.page.waitForTimeout(400); // the table's loading veil fades out
    await ui.page.screenshot({ path: screenshotPath('catalog-detail'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
