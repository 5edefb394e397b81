import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { consoleSteps, usePage } from './browser.js';

/** 大数据中心's steward: the consumer. The demo city gives that centre no grant of its own. */
const CONSUMER = 'steward';
const CONSUMER_NAME = '鄂州市大数据中心';
/** 公安局's steward: owns the population registry (人口基础信息). */
const OWNER = 'police.steward';
const PURPOSE = '社会救助对象身份核验（e2e）';
const SETTLE = { timeout: 10_000 };

/** The first person of the demo register the server imported at start. */
function demoPerson(dataDir: string): { idNumber: string; name: string } {
  const rows = readFileSync(join(dataDir, 'demo', 'registry-persons-sample.csv'), 'utf8').split('\n');
  const [idNumber, name] = rows[1]!.split(',');
  return { idNumber: idNumber!, name: name! };
}

describe('sharing and exchange', () => {
  const baseUrl = inject('baseUrl');
  const dataDir = inject('dataDir');
  const ui = usePage();
  const consoleErrors = ui.consoleErrors;
  const { signIn, open, screenshot } = consoleSteps(ui, baseUrl);

  const gateway = async (key: string, idNumber: string) => {
    const response = await fetch(`${baseUrl}/api/v1/exchange/gateway/persons/${idNumber}`, {
      headers: { 'x-api-key': key, 'x-yiwang-purpose': encodeURIComponent(PURPOSE), 'x-yiwang-case': 'MZ-E2E-001' },
    });
    return { status: response.status, body: (await response.json()) as { data?: Record<string, string>; error?: { code: string } } };
  };

  it('lets a steward approve a request so the next call succeeds, and revoke it so the next one fails', async () => {
    const person = demoPerson(dataDir);
    const page = ui.page;

    // The consumer's steward files the request in the console.
    await signIn(CONSUMER);
    await open('共享申请', '/exchange/requests');
    await page.getByTestId('exchange-resource').click();
    await page.keyboard.type('人口基础信息');
    await page.locator('.ant-select-item-option', { hasText: '人口基础信息 · 鄂州市公安局' }).click();
    for (const field of ['公民身份号码', '姓名', '性别', '户籍地']) {
      await page.getByRole('checkbox', { name: new RegExp(`^${field}（`) }).check();
    }
    await page.getByLabel('用途').fill(PURPOSE);
    await page.getByRole('button', { name: '提交申请' }).click();
    const filed = page.getByTestId('exchange-outbox').locator('tr', { hasText: PURPOSE });
    await expect.poll(() => filed.innerText(), SETTLE).toContain('待审批');
    await screenshot('exchange-request');

    // ... and issues the key its system calls the gateway with.
    await open('我的授权', '/exchange/grants');
    await page.getByTestId('api-key-issue').click();
    await page.getByTestId('api-key-name').fill('社会救助身份核验系统');
    await page.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
    const key = (await page.getByTestId('api-key-secret').innerText()).trim();
    expect(key).toMatch(/^yw_[a-z0-9]{8}_/);
    await page.getByRole('button', { name: '我已保存' }).click();
    await expect.poll(() => page.getByTestId('api-keys').innerText(), SETTLE).toContain('社会救助身份核验系统');

    const early = await gateway(key, person.idNumber);
    expect([early.status, early.body.error?.code]).toEqual([403, 'EXCHANGE_NO_GRANT']);

    // The owner's steward approves it in the inbox.
    await signIn(OWNER);
    await open('审批待办', '/exchange/inbox');
    const request = page.getByTestId('exchange-inbox').locator('tr', { hasText: PURPOSE });
    await expect.poll(() => request.innerText(), SETTLE).toContain('待审批');
    // Fields read as the catalog labels them, once the resource has been looked up.
    await expect.poll(() => request.innerText(), SETTLE).toContain('公民身份号码、姓名、性别、户籍地');
    await screenshot('exchange-inbox');
    await request.getByRole('button', { name: /批\s*准/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => request.innerText(), SETTLE).toContain('已批准');

    const allowed = await gateway(key, person.idNumber);
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(200);
    const data = allowed.body.data!;
    expect(Object.keys(data).sort()).toEqual(['household_division', 'id_number', 'name', 'sex']);
    expect(data['id_number']).toBe(`${person.idNumber.slice(0, 4)}**********${person.idNumber.slice(-4)}`);
    expect(data['name']).toBe(person.name[0] + '*'.repeat(person.name.length - 1));
    expect(JSON.stringify(allowed.body)).not.toContain(person.idNumber);

    // The owner revokes the grant; the very next call is refused.
    const grant = page.getByTestId('exchange-owner-grants').locator('tr', { hasText: CONSUMER_NAME });
    await expect.poll(() => grant.innerText(), SETTLE).toContain('有效');
    await grant.getByRole('button', { name: '撤销授权' }).click();
    await page.getByTestId('exchange-reason').fill('核验任务已结束');
    await page.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => grant.innerText(), SETTLE).toContain('已撤销');
    await screenshot('exchange-inbox-decided');

    const refused = await gateway(key, person.idNumber);
    expect([refused.status, refused.body.error?.code]).toEqual([403, 'EXCHANGE_GRANT_REVOKED']);

    // The call under the grant is metered on the owner's usage page.
    await open('使用统计', '/exchange/usage');
    await page.getByTestId('usage-consumers').locator('canvas').waitFor();
    const usage = await page.evaluate(async () => (await (await fetch('/api/v1/exchange/usage')).json()) as { consumers: Array<{ consumerOrgName: string; calls: number; refused: number }> });
    expect(usage.consumers.find((c) => c.consumerOrgName === CONSUMER_NAME)?.calls).toBeGreaterThanOrEqual(1);
    await screenshot('exchange-usage');

    // The consumer sees its grant revoked, with the reason.
    await signIn(CONSUMER);
    await open('我的授权', '/exchange/grants');
    const held = page.getByTestId('exchange-grants').locator('tr', { hasText: '人口基础信息' });
    await expect.poll(() => held.innerText(), SETTLE).toContain('已撤销');
    expect(await held.innerText()).toContain('核验任务已结束');
    await screenshot('exchange-grants');
    expect(consoleErrors).toEqual([]);
  });
});
