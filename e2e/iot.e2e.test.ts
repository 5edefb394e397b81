import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { consoleSteps, DEMO_PASSWORD, usePage } from './browser.js';
import { repoRoot } from './server.js';

/** A station of the demo's 水利和湖泊局 with the type rule 湖泊高水位: level > 21.5 m three readings in a row. */
const DEVICE = 'EZ-WL-LZH-1';
const DEVICE_NAME = '梁子湖梁子岛水位站';
const RULE = '湖泊高水位';
const SETTLE = { timeout: 60_000, interval: 1_000 };

/** The console route of the element map, when another part of the console has added one. */
function mapRoute(): string | null {
  if (!existsSync(join(repoRoot, 'web', 'src', 'pages', 'map'))) {
    return null;
  }
  const navigation = readFileSync(join(repoRoot, 'web', 'src', 'navigation.tsx'), 'utf8');
  const match = /path:\s*'([^']+)'[^}]*?pages\/map\//s.exec(navigation);
  return match?.[1] ?? null;
}

describe('an IoT alarm in the console', () => {
  const baseUrl = inject('baseUrl');
  const ui = usePage();
  const steps = consoleSteps(ui, baseUrl);
  const signIn = steps.signIn;
  const open = steps.open;
  const screenshot = (name: string) => steps.screenshot(name, 800);

  /** A session cookie for API calls outside the browser. */
  async function apiSession(username: string): Promise<string> {
    const response = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    expect(response.status).toBe(200);
    return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  }

  it('shows a water-level breach published over HTTP as an alarm, and its case in the dispatcher queue', async () => {
    const page = ui.page;

    // The device's credential, re-issued by the administrator, as a field gateway would hold it.
    const cookie = await apiSession('admin');
    const issued = await fetch(`${baseUrl}/api/v1/iot/devices/${DEVICE}/credential`, { method: 'POST', headers: { cookie } });
    expect(issued.status).toBe(201);
    const { credential } = (await issued.json()) as { credential: string };

    // Three readings above 21.5 m, a second apart, end now: the rule's duration is met.
    const now = Date.now();
    for (const [i, level] of [21.72, 21.78, 21.83].entries()) {
      const response = await fetch(`${baseUrl}/api/v1/iot/telemetry`, {
        method: 'POST',
        headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ts: now - (3 - i) * 1000, values: { level, battery: 86 } }),
      });
      expect(response.status, await response.clone().text()).toBe(201);
    }

    // The dispatcher sees the alarm, still active, on the alarm list …
    await signIn('dispatcher');
    await open('物联告警', '/iot/alarms');
    const row = page.getByTestId('alarm-table').locator('tr', { hasText: DEVICE }).filter({ hasText: RULE });
    await expect
      .poll(async () => {
        if ((await row.count()) === 0) {
          await page.getByTestId('alarm-refresh').click();
          return '';
        }
        return row.first().innerText();
      }, SETTLE)
      .toContain('未消除');
    expect(await row.first().innerText()).toContain('21.5');

    // … with the case it opened (the outbox and the job run in the background).
    const caseLink = row.first().getByTestId('alarm-case');
    await expect
      .poll(async () => {
        if ((await caseLink.count()) === 0) {
          await page.getByTestId('alarm-refresh').click();
          return '';
        }
        return caseLink.innerText();
      }, SETTLE)
      .toMatch(/^\d{14}$/);
    const number = await caseLink.innerText();
    await screenshot('iot-alarms');

    // The case is in the dispatcher queue: an IoT case, urgent, already dispatched to the device's owner.
    await open('派单工作台', '/cases');
    // The demo city's own cases fill the queue: narrow it to the IoT channel, as a dispatcher would.
    await page.getByTestId('queue-channel').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '物联告警' }).click();
    await page.waitForURL((url) => url.searchParams.get('channel') === 'iot');
    const queueRow = page.getByTestId('case-queue').locator('tr', { hasText: number });
    await expect.poll(() => queueRow.innerText(), SETTLE).toContain('物联告警');
    const text = await queueRow.innerText();
    expect(text).toContain('紧急');
    expect(text).toContain('水利和湖泊局');
    await screenshot('iot-case-in-queue');

    // The case detail links back to its alarm.
    await queueRow.getByRole('link', { name: number }).click();
    await expect.poll(() => page.getByTestId('case-fields').innerText(), SETTLE).toContain('物联告警');

    // The device page: latest state and the level chart with the rule's threshold.
    await page.goto(`${baseUrl}/iot/devices/${DEVICE}`);
    await expect.poll(() => page.getByTestId('device-state').innerText(), SETTLE).toContain('21.83');
    await page.getByTestId('telemetry-chart-level').waitFor();
    await page.getByTestId('telemetry-range').getByText('近 1 小时').click();
    await page.getByTestId('telemetry-chart-level').waitFor();
    await screenshot('iot-device');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot('iot-device-390');
    await page.goto(`${baseUrl}/iot/alarms`);
    await screenshot('iot-alarms-390');
    await page.setViewportSize({ width: 1440, height: 900 });

    // Map hook: only when the element map page exists in this checkout. The map draws in
    // SVG; the alarm's device is a diamond in the critical colour (no other device has a
    // critical alarm here). The cases its alarms opened (湖泊高水位 and 水位上涨过快, written
    // in either order) lie on the same point and on top of it, so the tooltip there names
    // the device or one of those cases.
    const route = mapRoute();
    if (route !== null) {
      await page.goto(`${baseUrl}${route}`);
      const map = page.getByTestId('element-map');
      const critical = map.locator('path[d="M0 -1L1 0L0 1L-1 0Z"]').and(map.locator('path[fill="#cf1322"], path[fill="rgb(207,19,34)"]'));
      await expect.poll(() => critical.count(), SETTLE).toBe(1);
      await critical.first().hover({ force: true });
      const deviceCases = await fetch(`${baseUrl}/api/v1/cases?channel=iot&page=1&pageSize=100`, { headers: { cookie } })
        .then((r) => r.json() as Promise<{ items: Array<{ number: string; description: string }> }>)
        .then((p) => p.items.filter((c) => c.description.includes(DEVICE)).map((c) => c.number));
      expect(deviceCases).toContain(number);
      await expect
        .poll(async () => {
          const shown = await map.innerText();
          return shown.includes(DEVICE_NAME) || deviceCases.some((n) => shown.includes(n));
        }, SETTLE)
        .toBe(true);
      await screenshot('iot-map');
    }
  });

  it('lists and filters devices and shows the rules of a type with their hysteresis', async () => {
    const page = ui.page;
    await signIn('admin');
    await open('物联设备', '/iot/devices');
    const table = page.getByTestId('device-table');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), SETTLE).toBeGreaterThan(5);
    expect(await page.locator('.ant-pagination').innerText()).toMatch(/共 \d+ 条/);
    await page.getByPlaceholder('搜索编码、名称或地址').fill('EZ-WL');
    await page.getByPlaceholder('搜索编码、名称或地址').press('Enter');
    await expect.poll(async () => (await table.locator('tbody tr.ant-table-row').allInnerTexts()).every((r) => r.includes('EZ-WL')), SETTLE).toBe(true);
    expect(await table.innerText()).toContain(DEVICE);
    await screenshot('iot-devices');

    // Bulk registration from a CSV file: the credentials are offered once, the device is listed.
    const code = `EZ-WL-E2E-${Date.now() % 100000}`;
    const csv = `code,type,name,owner,division,lon,lat,address\n${code},water-level,红莲湖测试水位站,ezhou-slhhpj,420702,114.6512,30.3211,梁子湖区红莲湖\n`;
    await page.locator('input[type="file"]').setInputFiles({ name: 'devices.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await expect.poll(() => page.locator('.ant-modal-confirm').innerText(), SETTLE).toContain('已登记 1 台设备');
    await page.locator('.ant-modal-confirm').getByRole('button', { name: /知\s*道\s*了|确\s*定/ }).click();
    await page.getByPlaceholder('搜索编码、名称或地址').fill(code);
    await page.getByPlaceholder('搜索编码、名称或地址').press('Enter');
    await expect.poll(() => table.innerText(), SETTLE).toContain('红莲湖测试水位站');

    await open('告警规则', '/iot/rules');
    await page.goto(`${baseUrl}/iot/rules?typeCode=water-level`);
    const rules = page.getByTestId('rules-table');
    await expect.poll(() => rules.innerText(), SETTLE).toContain(RULE);
    // 湖泊高水位 raises above 21.5 m and clears below 21.2 m.
    expect(await rules.locator('tr', { hasText: RULE }).innerText()).toContain('21.2');
    await screenshot('iot-rules');

    // A rule for one station, with hysteresis: above 22.4 m twice, clear below 22.1 m.
    await page.getByTestId('rule-add').click();
    const form = page.getByTestId('rule-form');
    await form.getByLabel('规则名称').fill('梁子岛二号站超警戒（e2e）');
    await form.getByLabel('设备编码（留空则适用于该类型全部设备）').fill('EZ-WL-LZH-2');
    await form.getByLabel('字段').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '水位' }).first().click();
    await form.getByLabel('阈值', { exact: true }).fill('22.4');
    await form.getByLabel('消除阈值（回差）').fill('22.1');
    await form.getByLabel('连续几次触发告警').fill('2');
    await page.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
    const added = rules.locator('tr', { hasText: '梁子岛二号站超警戒' });
    await expect.poll(() => added.innerText(), SETTLE).toContain('回到 22.1 m 以内');
    expect(await added.innerText()).toContain('单台设备：EZ-WL-LZH-2');
  });
});
