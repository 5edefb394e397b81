import type { Locator } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { consoleSteps, usePage } from './browser.js';

/** 陈派单 of the 12345 centre: takes calls (cases.intake) and dispatches, calls back and closes. */
const DISPATCHER = 'dispatcher';
/** 刘承办 of 城管执法委, the department of 占道经营 in the responsibility list. */
const HANDLER = 'handler';
const GRID_WORKER = 'gridworker';
const SETTLE = { timeout: 15_000 };
const OK = /确\s*定/;
/** An 8×8 PNG, a stand-in for a photo of the scene. */
const PHOTO_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGOQm/AfK2IYWhIAr+9rQUHkcqkAAAAASUVORK5CYII=';

describe('the 12345 closed loop in the console', () => {
  const baseUrl = inject('baseUrl');
  const ui = usePage();
  const { signIn, open, screenshot } = consoleSteps(ui, baseUrl);

  /** Takes one step from a row's (or the detail page's) action button through its dialog. */
  async function act(scope: Locator, action: string, fill?: () => Promise<void>): Promise<void> {
    await scope.getByTestId(`case-action-${action}`).click();
    const dialog = ui.page.getByRole('dialog');
    await dialog.waitFor();
    await fill?.();
    await dialog.getByRole('button', { name: OK }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  it('takes a call from intake through dispatch, signing, reply, callback and close, with every step on the timeline', async () => {
    const page = ui.page;
    const marker = `e2e-${Date.now()}`;
    const description = `光明路农贸市场门口流动摊贩占道经营，早高峰车辆无法通行（${marker}）`;

    // The operator records the call.
    await signIn(DISPATCHER);
    await open('热线受理', '/cases/hotline');
    await page.getByLabel('来电人').fill('王女士');
    await page.getByLabel('联系电话').fill('13812345678');
    await page.getByTestId('hotline-type').getByText('投诉', { exact: true }).click();
    await page.getByLabel('诉求内容').fill(description);
    // No category: 智能分拨 classifies the text and dispatches it to the responsible department.
    await page.getByLabel('地址').fill('鄂城区光明路农贸市场');
    await page.getByPlaceholder('经度').fill('114.8905');
    await page.getByPlaceholder('纬度').fill('30.3963');
    await screenshot('cases-hotline-form');
    await page.getByTestId('hotline-submit').click();
    const numberText = await page.getByTestId('hotline-number').innerText();
    const number = /(\d{14})/.exec(numberText)?.[1];
    expect(number, numberText).toBeDefined();
    await expect.poll(() => page.getByTestId('hotline-result').innerText()).toContain('占道经营及流动摊贩');
    await expect.poll(() => page.getByTestId('hotline-result').innerText()).toContain('鄂州市城市管理执法委员会');
    await screenshot('cases-hotline-done');

    // The dispatcher finds it in the queue already dispatched, by nobody but the classifier.
    await open('派单工作台', '/cases');
    const row = page.getByTestId('case-queue').locator('tr', { hasText: number! });
    await expect.poll(() => row.innerText(), SETTLE).toContain(marker);
    expect(await row.innerText()).toContain('已派遣');
    expect(await row.innerText()).toContain('城市管理执法');
    await screenshot('cases-queue');

    // The department's handler signs and replies in the inbox.
    await signIn(HANDLER);
    await open('承办待办', '/cases/inbox');
    const inboxRow = page.getByTestId('case-inbox').locator('tr', { hasText: number! });
    await expect.poll(() => inboxRow.innerText(), SETTLE).toContain('已派遣');
    await act(inboxRow, 'sign');
    await expect.poll(() => inboxRow.innerText(), SETTLE).toContain('已签收');
    await screenshot('cases-inbox');
    await act(inboxRow, 'reply', () => page.getByTestId('case-action-comment').fill('已联合市场监管劝离流动摊贩 8 户，设置早间固定巡查岗'));
    // Replied cases leave the inbox.
    await expect.poll(() => inboxRow.count(), SETTLE).toBe(0);

    // The dispatcher calls back (满意) and closes.
    await signIn(DISPATCHER);
    await open('派单工作台', '/cases');
    await expect.poll(() => row.innerText(), SETTLE).toContain('已反馈');
    await act(row, 'callback', () => page.getByTestId('callback-satisfaction').getByText('满意', { exact: true }).click());
    await expect.poll(() => row.innerText(), SETTLE).toContain('已回访');
    await act(row, 'close');
    await expect.poll(() => row.innerText(), SETTLE).toContain('已结案');

    // The detail page shows every step.
    await row.getByRole('link', { name: number! }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/cases/') && url.pathname.length > '/cases/'.length + 30);
    const timeline = page.getByTestId('case-timeline');
    await expect.poll(() => timeline.getByTestId('timeline-entry').count(), SETTLE).toBe(6);
    const actions = await timeline.getByTestId('timeline-entry').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-action')));
    expect(actions).toEqual(['intake', 'dispatch', 'sign', 'reply', 'callback', 'close']);
    const text = await timeline.innerText();
    for (const words of ['受理', '派遣', '智能分拨', '签收', '反馈', '回访', '结案', '满意', '已联合市场监管劝离流动摊贩', '鄂州市城市管理执法委员会']) {
      expect(text).toContain(words);
    }
    expect(await page.getByTestId('case-fields').innerText()).toContain('13812345678');
    expect(await page.getByTestId('case-point').innerText()).toContain('114.890500');
    await screenshot('cases-detail');
    const detailPath = new URL(page.url()).pathname;

    // The handler sees the reporter's phone masked; at a phone's width.
    await signIn(HANDLER);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl}${detailPath}`);
    await expect.poll(() => page.getByTestId('case-reporter').innerText(), SETTLE).toContain('138****5678');
    await screenshot('cases-detail-390');
    await page.goto(`${baseUrl}/cases/inbox`);
    await screenshot('cases-inbox-390');
  });

  it('proposes a second call about the same problem as a duplicate and merges it into the first', async () => {
    const page = ui.page;
    const marker = `e2e-dup-${Date.now()}`;

    /** Records one hotline call at the market's gate and returns its number and id. */
    async function call(caller: string, phone: string, description: string): Promise<{ number: string; id: string }> {
      await page.goto(`${baseUrl}/cases/hotline`);
      await page.getByLabel('来电人').fill(caller);
      await page.getByLabel('联系电话').fill(phone);
      await page.getByTestId('hotline-type').getByText('投诉', { exact: true }).click();
      await page.getByLabel('诉求内容').fill(description);
      await page.getByLabel('地址').fill('鄂城区文化路菜市场');
      await page.getByPlaceholder('经度').fill('114.8861');
      await page.getByPlaceholder('纬度').fill('30.3920');
      await page.getByTestId('hotline-submit').click();
      const numberText = await page.getByTestId('hotline-number').innerText();
      const number = /(\d{14})/.exec(numberText)?.[1];
      expect(number, numberText).toBeDefined();
      const href = await page.getByTestId('hotline-result').getByRole('link', { name: '查看案件' }).getAttribute('href');
      const id = href!.split('/').pop()!;
      return { number: number!, id };
    }

    await signIn(DISPATCHER);
    const first = await call('李先生', '13900001111', `文化路菜市场门口流动摊贩占道经营，人行道被堵住无法通行（${marker}-1）`);
    const second = await call('赵女士', '13900002222', `文化路菜市场门口流动摊贩又在占道经营，人行道堵住了无法通行（${marker}-2）`);

    // The dispatcher opens the later call: the first is proposed as its duplicate.
    await page.goto(`${baseUrl}/cases/${second.id}`);
    const card = page.getByTestId('case-duplicates');
    const dupRow = card.locator('tr', { hasText: first.number });
    await expect.poll(() => dupRow.count(), SETTLE).toBe(1);
    const rowText = await dupRow.innerText();
    expect(rowText).toContain(`${marker}-1`);
    expect(rowText).toMatch(/\d+ 米/);
    expect(rowText).toMatch(/\d+%/);
    expect(await card.innerText()).toContain('疑似重复案件');
    const before = (await (await page.request.get(`${baseUrl}/api/v1/cases/${second.id}`)).json()) as { coordination: { duplicates: { caseId: string; similarity: number; distanceM: number }[] } };
    const proposal = before.coordination.duplicates.find((d) => d.caseId === first.id);
    expect(proposal).toBeDefined();
    expect(proposal!.distanceM).toBeLessThanOrEqual(300);
    expect(rowText).toContain(`${Math.round(proposal!.similarity * 100)}%`);
    await screenshot('cases-duplicates');

    // 合并到该案件, confirmed: the later call is closed into the first.
    await dupRow.getByTestId('case-merge').click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /^合\s*并$/ }).click();
    const mergedInto = page.getByTestId('case-merged-into');
    await expect.poll(() => mergedInto.innerText().catch(() => ''), SETTLE).toContain(first.number);
    expect(await page.getByTestId('case-fields').innerText()).toContain('已结案');
    await expect.poll(() => page.getByTestId('case-timeline').locator('[data-action="merge"]').count(), SETTLE).toBe(1);
    expect(await card.getByTestId('case-merge').count()).toBe(0);
    await screenshot('cases-merged');

    // The main case: its timeline shows the absorb, and it lists the merged case.
    await mergedInto.getByRole('link', { name: first.number }).click();
    await page.waitForURL((url) => url.pathname === `/cases/${first.id}`);
    const absorb = page.getByTestId('case-timeline').locator('[data-action="absorb"]');
    await expect.poll(() => absorb.count(), SETTLE).toBe(1);
    expect(await absorb.innerText()).toContain('合并');
    expect(await absorb.innerText()).toContain(second.number);
    expect(await page.getByTestId('case-merged-cases').innerText()).toContain(second.number);
    expect(await page.getByTestId('case-fields').innerText()).not.toContain('已结案');
    await screenshot('cases-merge-main');

    // The API agrees.
    const merged = (await (await page.request.get(`${baseUrl}/api/v1/cases/${second.id}`)).json()) as { case: { status: string }; coordination: { mergedInto: { id: string } | null } };
    expect(merged.case.status).toBe('closed');
    expect(merged.coordination.mergedInto?.id).toBe(first.id);
    const main = (await (await page.request.get(`${baseUrl}/api/v1/cases/${first.id}`)).json()) as {
      case: { status: string };
      timeline: { action: string }[];
      coordination: { mergedCases: { id: string }[]; reporters: { fromCaseId: string }[] };
    };
    expect(main.case.status).not.toBe('closed');
    expect(main.timeline.map((e) => e.action)).toContain('absorb');
    expect(main.coordination.mergedCases.map((m) => m.id)).toContain(second.id);
    expect(main.coordination.reporters.map((r) => r.fromCaseId)).toContain(second.id);
  });

  it('lets a grid worker report from a phone with the browser’s location and list the report', async () => {
    const page = ui.page;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.context().grantPermissions(['geolocation'], { origin: baseUrl });
    await page.context().setGeolocation({ latitude: 30.39121, longitude: 114.88956, accuracy: 12 });
    const marker = `e2e-grid-${Date.now()}`;

    await signIn(GRID_WORKER);
    await page.goto(`${baseUrl}/m/grid`);
    await page.getByLabel('诉求内容').fill(`文化路人行道井盖破损下陷，已设置临时围挡（${marker}）`);
    await page.getByTestId('grid-locate').click();
    await expect.poll(() => page.getByTestId('grid-lon').inputValue(), SETTLE).toBe('114.889560');
    expect(await page.getByTestId('grid-lat').inputValue()).toBe('30.391210');
    await page.locator('input[type="file"]').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: Buffer.from(PHOTO_PNG, 'base64') });
    await expect.poll(() => page.locator('.ant-upload-list-item').count(), SETTLE).toBe(1);
    await screenshot('cases-grid-390-form');
    await page.getByTestId('grid-submit').click();
    const mine = page.getByTestId('grid-mine');
    await expect.poll(() => mine.innerText(), SETTLE).toContain(marker);
    await screenshot('cases-grid-390');
    // Nothing sticks out of a phone's width.
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);

    // The report's detail carries the browser's point.
    await mine.getByRole('link').first().click();
    await expect.poll(() => page.getByTestId('case-point').innerText(), SETTLE).toContain('114.889560');
    expect(await page.getByTestId('case-fields').innerText()).toContain('网格上报');
    // … and the photo, served by the API.
    const photo = page.getByTestId('case-photos').locator('img');
    await expect.poll(() => photo.count(), SETTLE).toBe(1);
    await expect.poll(() => photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), SETTLE).toBe(8);
    await screenshot('cases-grid-390-detail');
  });
});
