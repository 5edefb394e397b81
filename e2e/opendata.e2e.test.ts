import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { consoleSteps, usePage } from './browser.js';

const PASSWORD = 'Yiwang@2026';
/** 市场监管局's steward: the demo gives that department datasets past their promised update. */
const STEWARD = 'market.steward';
const QUERY = '停车场';
const SETTLE = { timeout: 15_000 };

interface Field {
  name: string;
  label: string;
  type: string;
}
interface Dataset {
  id: string;
  name: string;
  title: string;
  access: string;
  resourceId: string;
  fields: Field[];
  freshness: { overdue: boolean; overdueDays: number };
}

/** RFC 4180 records of a CSV body, BOM dropped. */
function csvRecords(body: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  const text = body.replace(/^\uFEFF/, '');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      record.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i++;
    } else {
      cell += ch;
    }
  }
  return records;
}

/** A value of the row API as the CSV writes it. */
const asCsvText = (value: unknown, field: Field) => {
  if (value === null || value === undefined) {
    return '';
  }
  const text = String(value);
  return field.type === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
};

describe('open-data portal', () => {
  const baseUrl = inject('baseUrl');
  const ui = usePage();
  const consoleErrors = ui.consoleErrors;
  const { screenshot } = consoleSteps(ui, baseUrl);

  async function getJson<T>(path: string, cookie?: string): Promise<T> {
    const response = await fetch(`${baseUrl}${path}`, { headers: cookie ? { cookie } : {} });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  }

  it('lets anyone search in Chinese, open a dataset, preview it and download a CSV of exactly its open fields', async () => {
    const page = ui.page;
    await page.goto(`${baseUrl}/opendata`);
    await page.getByTestId('opendata-home').waitFor();
    await page.getByTestId('list-search').locator('input').fill(QUERY);
    await page.getByTestId('list-search').locator('input').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === QUERY);

    // What the CKAN API finds for the same words is what the page lists.
    const found = await getJson<{ result: { count: number; results: Array<{ name: string; title: string }> } }>(`/api/3/action/package_search?q=${encodeURIComponent(QUERY)}&rows=50`);
    expect(found.result.count).toBeGreaterThan(0);
    const results = page.getByTestId('opendata-result');
    await expect.poll(() => results.count(), SETTLE).toBeGreaterThan(0);
    await expect.poll(async () => (await results.allInnerTexts()).filter((text) => !text.includes('有条件开放')).length, SETTLE).toBeGreaterThan(0);
    await screenshot('opendata-search');

    const open = results.filter({ hasNotText: '有条件开放' }).first();
    const title = (await open.locator('a.yw-opendata-item-title').innerText()).trim();
    const listed = found.result.results.find((r) => r.title === title);
    expect(listed, `${title} is in package_search`).toBeDefined();
    await open.locator('a.yw-opendata-item-title').click();
    await page.waitForURL((url) => url.pathname === `/opendata/datasets/${listed!.name}`);
    await page.getByTestId('opendata-dataset').waitFor();

    const pkg = await getJson<{ result: { name: string; title: string; resources: Array<{ format: string; url: string }> } }>(`/api/3/action/package_show?id=${listed!.name}`);
    expect(pkg.result.title).toBe(title);
    const detail = await getJson<Dataset>(`/api/v1/opendata/datasets/${listed!.name}`);
    const preview = await getJson<{ fields: Field[]; rows: Array<Record<string, unknown>>; total: number }>(`/api/v1/opendata/datasets/${listed!.name}/preview`);
    const openFields = detail.fields.map((f) => f.name);

    // The preview table: one column per open field, the API's first rows in order.
    const table = page.getByTestId('opendata-preview');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), SETTLE).toBe(preview.rows.length);
    const firstRow = await table.locator('tbody tr.ant-table-row').first().locator('td').allInnerTexts();
    expect(firstRow.map((text) => text.trim())).toEqual(preview.fields.map((f) => asCsvText(preview.rows[0]![f.name], { ...f, type: 'number' }).replace(/^true$/, '是').replace(/^false$/, '否')));
    // The API example names the row API once, absolute (not the origin twice).
    expect(await page.getByTestId('opendata-api-example').innerText()).toContain(`curl '${baseUrl}/api/v1/opendata/datasets/${listed!.name}/rows?offset=0&limit=100'`);
    await screenshot('opendata-dataset');

    // The CSV the button downloads: header = the open fields, rows = the row API's rows.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('opendata-download-csv').click()]);
    expect(download.suggestedFilename()).toBe(`${listed!.name}.csv`);
    const csv = await readFile((await download.path())!, 'utf8');
    const [header, ...records] = csvRecords(csv);
    expect(header).toEqual(openFields);
    const all = await getJson<{ total: number; rows: Array<Record<string, unknown>> }>(`/api/v1/opendata/datasets/${listed!.name}/rows?limit=1000`);
    expect(records).toHaveLength(all.total);
    expect(records).toEqual(all.rows.map((row) => detail.fields.map((f) => asCsvText(row[f.name], f))));
    expect(pkg.result.resources.find((r) => r.format === 'CSV')!.url).toMatch(new RegExp(`/datasets/${listed!.name}/data\\.csv$`));

    // The catalog resource's fields: only those of general sensitivity may be open, and the file holds no other.
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const resource = await getJson<{ fields: Array<{ name: string; sensitivity: string }> }>(`/api/v1/catalog/resources/${detail.resourceId}`, cookie);
    const closed = resource.fields.filter((f) => f.sensitivity !== 'general' || !openFields.includes(f.name)).map((f) => f.name);
    expect(header!.every((name) => resource.fields.some((f) => f.name === name && f.sensitivity === 'general'))).toBe(true);
    expect(header!.filter((name) => closed.includes(name))).toEqual([]);

    // The same page on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('opendata-dataset').waitFor();
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), SETTLE).toBe(preview.rows.length);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot('opendata-dataset-phone');
    expect(consoleErrors).toEqual([]);
  });

  it('shows a steward the overdue datasets of the department, and clears the flag once an update is recorded', async () => {
    const page = ui.page;
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('用户名').fill(STEWARD);
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.locator('[data-testid="login-card"] button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('nav-menu').getByText('开放数据管理', { exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/opendata/console');
    await page.getByTestId('console-datasets').waitFor();

    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const overdue = await getJson<{ items: Dataset[]; total: number }>('/api/v1/opendata/manage/overdue', cookie);
    expect(overdue.total).toBeGreaterThan(0);
    const target = overdue.items[0]!;

    // Flagged twice: in the alert above the table, and in red on its row.
    const alert = page.getByTestId('console-overdue-alert');
    await expect.poll(() => alert.innerText(), SETTLE).toContain(target.title);
    const row = page.getByTestId('console-datasets').locator('tr.ant-table-row', { has: page.getByTestId(`console-record-${target.name}`) });
    await expect.poll(() => row.getByTestId('opendata-overdue').count(), SETTLE).toBe(1);
    await screenshot('opendata-console');

    // The department's current rows, as the file it uploads (the owner may read its own rows whatever their access).
    const file = await fetch(`${baseUrl}/api/v1/opendata/granted/${target.name}/data.csv`, { headers: { cookie } });
    expect(file.status).toBe(200);
    const body = await file.text();
    const path = join(await mkdtemp(join(tmpdir(), 'yiwang-opendata-')), `${target.name}.csv`);
    await writeFile(path, body);
    const rowCount = csvRecords(body).length - 1;

    await row.getByTestId(`console-record-${target.name}`).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type="file"]').setInputFiles(path);
    await expect.poll(() => dialog.getByTestId('console-rows-summary').innerText(), SETTLE).toContain(`已读取 ${rowCount} 行`);
    await dialog.locator('textarea').fill('补充本月数据（e2e）');
    await screenshot('opendata-console-record');
    await dialog.getByTestId('console-record-submit').click();
    await dialog.waitFor({ state: 'hidden' });

    // The flag is gone from the row and the alert, and the API agrees.
    await expect.poll(() => row.getByTestId('opendata-overdue').count(), SETTLE).toBe(0);
    await expect.poll(() => row.innerText(), SETTLE).toContain('按期更新');
    const after = await getJson<Dataset & { rowCount: number }>(`/api/v1/opendata/manage/datasets/${target.id}`, cookie);
    expect(after.freshness.overdue).toBe(false);
    expect(after.rowCount).toBe(rowCount);
    if (overdue.total === 1) {
      await expect.poll(() => alert.count(), SETTLE).toBe(0);
    } else {
      await expect.poll(() => alert.innerText(), SETTLE).not.toContain(target.title);
    }
    await screenshot('opendata-console-updated');

    // The dataset's own page: freshness, use per day, the actions.
    await row.getByRole('link', { name: target.title }).click();
    await page.getByTestId('console-dataset').waitFor();
    await page.getByTestId('console-usage-chart').waitFor();
    await screenshot('opendata-console-dataset');
    await page.goto(`${baseUrl}/opendata/console/publish`);
    await page.getByTestId('console-publish-page').waitFor();
    await screenshot('opendata-console-publish');
    await page.getByTestId('nav-menu').getByText('开放申请审核', { exact: true }).click();
    await page.getByTestId('console-applications').waitFor();
    await screenshot('opendata-console-applications');
    expect(consoleErrors).toEqual([]);
  });
  it('lets a steward publish a catalog resource with chosen open fields from an uploaded file, then unpublish it', async () => {
    const page = ui.page;
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('用户名').fill(STEWARD);
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.locator('[data-testid="login-card"] button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === '/');
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

    // The department registers a resource open to the public in its catalog: the candidate.
    const post = async <T>(path: string, body: unknown): Promise<T> => {
      const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status, `${path}: ${response.status}`).toBeLessThan(300);
      return (await response.json()) as T;
    };
    const field = (name: string, label: string, type: string) => ({ name, label, type, description: '', sensitivity: 'general' });
    const created = await post<{ id: string; code: string; version: number }>('/api/v1/catalog/resources', {
      name: '农贸市场名录（e2e）',
      fields: [field('market_name', '市场名称', 'string'), field('district', '所在区', 'string'), field('stalls', '摊位数', 'integer'), field('opened', '开业日期', 'date'), field('manager_phone', '负责人电话', 'string')],
      updateCycle: 'monthly',
      shareAttribute: 'unconditional',
      openAttribute: 'unconditional',
      grade: 'general',
      tags: ['农贸市场'],
    });
    await post(`/api/v1/catalog/resources/${created.id}/publish`, { version: created.version });
    const name = created.code.replace(/\./g, '-');

    // A file with Chinese headers, a quoted cell and a column the publisher will not open.
    const path = join(await mkdtemp(join(tmpdir(), 'yiwang-opendata-')), 'markets.csv');
    await writeFile(path, '\uFEFF市场名称,所在区,摊位数,开业日期,负责人电话\r\n凤凰农贸市场,鄂城区,120,2008-05-01,13800000001\r\n"泽林农贸市场,东区",鄂城区,85,,13800000002\r\n');

    await page.goto(`${baseUrl}/opendata/console`);
    await page.getByTestId('console-publish').click();
    await page.getByTestId('console-publish-page').waitFor();
    await page.getByTestId('console-candidate').click();
    await page.locator('.ant-select-item-option', { hasText: '农贸市场名录（e2e）' }).click();
    await page.getByTestId('console-theme').click();
    await page.locator('.ant-select-item-option', { hasText: '经贸工商' }).click();
    await page.getByTestId('console-contact-name').fill('市场科');
    await page.getByRole('checkbox', { name: /负责人电话/ }).uncheck();
    await page.locator('input[type="file"]').setInputFiles(path);
    await expect.poll(() => page.getByTestId('console-rows-summary').innerText(), SETTLE).toContain('已读取 2 行');
    await screenshot('opendata-console-publish-form');
    await page.getByTestId('console-publish-submit').click();
    await page.getByTestId('console-dataset').waitFor();
    await expect.poll(() => page.getByTestId('console-dataset-tags').innerText(), SETTLE).toContain('已发布');

    // On the portal: the open fields only, the rows of the file.
    const csv = await (await fetch(`${baseUrl}/api/v1/opendata/datasets/${name}/data.csv`)).text();
    expect(csvRecords(csv)).toEqual([
      ['market_name', 'district', 'stalls', 'opened'],
      ['凤凰农贸市场', '鄂城区', '120', '2008-05-01'],
      ['泽林农贸市场,东区', '鄂城区', '85', ''],
    ]);
    const detail = await getJson<Dataset & { formats: string[]; contact: { name: string }; theme: string }>(`/api/v1/opendata/datasets/${name}`);
    expect(detail).toMatchObject({ theme: 'economy', formats: ['CSV', 'JSON', 'XLSX', 'API'], contact: { name: '市场科' } });

    // Unpublished: gone from the portal, kept in the console.
    await page.getByTestId('console-unpublish').click();
    await page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByTestId('console-dataset-tags').innerText(), SETTLE).toContain('已下线');
    expect((await fetch(`${baseUrl}/api/v1/opendata/datasets/${name}`)).status).toBe(404);
    await screenshot('opendata-console-unpublished');
    expect(consoleErrors).toEqual([]);
  });
  it('takes a conditional-open application on the public page, lets the owner approve it in the inbox, and the key then reads the rows', async () => {
    const page = ui.page;
    const owner = 'steward';
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: owner, password: PASSWORD }) });
    const ownerCookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const mine = await getJson<{ items: Array<Dataset & { status: string }> }>('/api/v1/opendata/manage/datasets?pageSize=100', ownerCookie);
    const target = mine.items.find((d) => d.access === 'conditional' && d.status === 'published');
    expect(target, 'the demo gives 大数据中心 a conditional-open dataset').toBeDefined();

    // Anyone applies on the dataset's page and keeps the claim token.
    const applicant = `李研究员${Date.now() % 10_000}`;
    await page.goto(`${baseUrl}/opendata/datasets/${target!.name}`);
    const form = page.getByTestId('opendata-apply');
    await form.getByLabel('申请人').fill(applicant);
    await form.getByLabel('所在单位').fill('湖北大学城市治理研究院');
    await form.getByLabel('联系方式（电话或邮箱）').fill('researcher@example.edu.cn');
    await form.getByLabel('用途说明').fill('城市公共服务可达性研究，仅用于学术分析（e2e）');
    await form.getByRole('button', { name: '提交申请' }).click();
    const claim = await page.getByTestId('opendata-claim-token').innerText();
    const id = /申请编号: (\S+)/.exec(claim)![1]!;
    const token = /领取凭证: (\S+)/.exec(claim)![1]!;

    // The owner's steward approves it in the console's inbox.
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('用户名').fill(owner);
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.locator('[data-testid="login-card"] button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('nav-menu').getByText('开放申请审核', { exact: true }).click();
    const row = page.getByTestId('console-applications').locator('tr.ant-table-row', { hasText: applicant });
    await expect.poll(() => row.count(), SETTLE).toBe(1);
    await screenshot('opendata-console-inbox');
    await row.getByTestId('console-approve').click();
    await page.getByTestId('console-decision-note').fill('用途明确，同意开放');
    await page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => row.count(), SETTLE).toBe(0);
    await page.getByText('已批准', { exact: true }).first().click();
    await expect.poll(() => page.getByTestId('console-applications').locator('tr.ant-table-row', { hasText: applicant }).innerText(), SETTLE).toContain('密钥未领取');

    // The applicant claims the key once; it reads the dataset's rows.
    const claimed = await fetch(`${baseUrl}/api/v1/opendata/applications/${id}/claim`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    const result = (await claimed.json()) as { status: string; apiKey: string };
    expect(result.status).toBe('approved');
    const rows = await fetch(`${baseUrl}/api/v1/opendata/granted/${target!.name}/rows?limit=5`, { headers: { 'x-api-key': result.apiKey } });
    expect(rows.status).toBe(200);
    expect(((await rows.json()) as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    expect(consoleErrors).toEqual([]);
  });
});
