import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { screenshotPath, usePage } from './browser.js';

const PASSWORD = 'Yiwang@2026';
/** 鄂州市创益食品有限公司: holds a 营业执照 e-license (its number is the credit code); its old food license is revoked. */
const APPLICANT = 'chuangyi';
const CREDIT_CODE = '91420700042070699W';
/** 市场监管局's officer: every step of 食品经营许可. */
const OFFICER = 'officer';
/** 食品经营许可 (市场监管局): the 营业执照 material is replaced by the e-license; 办结 issues a 食品经营许可证. */
const FOOD_ITEM = '010004300000-420700000000-000-114207000110010179-1-00';
const UPLOADS = ['与食品经营相适应的主要设备设施、经营布局、操作流程等文件', '食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录清单', '食品安全管理人员身份证明'];
const LAYOUT = UPLOADS[0]!;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const SETTLE = { timeout: 15_000 };

const pdf = (name: string) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.7\n% ${name}\n`) });

describe('一网通办: apply with an e-license, officer approval, the issued license and a rating', () => {
  const baseUrl = inject('baseUrl');
  const ui = usePage();

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.evaluate('window.scrollTo(0, 0)');
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    await page.screenshot({ path: screenshotPath(name), fullPage: true });
  }

  /** The page has no horizontal scrolling at its current width. */
  async function fitsWidth(page: Page): Promise<void> {
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
  }

  async function officerPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await ui.page.context().browser()!.newContext({ locale: 'zh-CN', viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('用户名').fill(OFFICER);
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.locator('[data-testid="login-card"] button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === '/');
    return { context, page };
  }

  /** Opens the application in the officer's console from the inbox (all of the organisation's). */
  async function openInConsole(page: Page, number: string, shot?: string): Promise<void> {
    await page.getByTestId('nav-menu').getByText('办件受理', { exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/services/handle');
    await page.getByTestId('officer-scope').getByText('本单位全部').click();
    await expect.poll(() => page.locator(`[data-testid="inbox-row"][data-number="${number}"]`).count(), SETTLE).toBe(1);
    if (shot) {
      await screenshot(page, shot);
    }
    await page.locator(`[data-testid="inbox-row"][data-number="${number}"] [data-testid="inbox-open"]`).click();
    await expect.poll(() => page.getByTestId('officer-detail').isVisible(), SETTLE).toBe(true);
  }

  /** Takes one workflow action in the open detail; waits until the status shows `status`. */
  async function act(page: Page, action: string, status: string, fill?: () => Promise<void>): Promise<void> {
    await page.getByTestId(`action-${action}`).click();
    await fill?.();
    await page.getByTestId('action-confirm').click();
    await expect.poll(() => page.getByTestId('officer-detail').getByTestId('application-status').first().getAttribute('data-status'), SETTLE).toBe(status);
  }

  it('lets a company apply on a phone with its 营业执照 replaced, be sent back and resubmit, get approved, download the issued license and rate the service', async () => {
    const page = ui.page;
    await page.setViewportSize(PHONE);

    // The guide, then 在线申请: the portal asks the applicant to sign in first.
    await page.goto(`${baseUrl}/portal/services/${FOOD_ITEM}`);
    await page.getByTestId('guide-apply').click();
    await page.waitForURL((url) => url.pathname === `/portal/services/${FOOD_ITEM}/apply`);
    await expect.poll(() => page.getByTestId('applicant-signin').isVisible(), SETTLE).toBe(true);
    await fitsWidth(page);
    await screenshot(page, 'services-signin-phone');
    await page.getByTestId('signin-username').fill(APPLICANT);
    await page.getByTestId('signin-password').fill(PASSWORD);
    await page.getByTestId('signin-submit').click();

    // The form, pre-filled and locked where the identity is verified; the 营业执照 replaced by the e-license.
    const form = page.getByTestId('apply-form');
    await expect.poll(() => form.isVisible(), SETTLE).toBe(true);
    await expect.poll(() => page.getByTestId('field-entityName').locator('input').inputValue()).toBe('鄂州市创益食品有限公司');
    expect(await page.getByTestId('field-creditCode').locator('input').isDisabled()).toBe(true);
    const licence = page.locator('[data-testid="apply-material"][data-material="营业执照"]');
    expect(await licence.getAttribute('data-provided')).toBe('license');
    expect(await licence.getByTestId('material-replaced').innerText()).toContain(`已由电子证照替代（${CREDIT_CODE}）`);
    expect(await page.locator('[data-testid="apply-material"][data-material="食品经营许可申请书"]').getAttribute('data-provided')).toBe('waived');
    expect(await page.locator('[data-testid="apply-material"][data-provided="upload"]').count()).toBe(UPLOADS.length + 1);

    // Submitting without the uploads is refused on the page.
    await page.getByTestId('field-premises').locator('input').fill('华容区段店镇集镇大道170号');
    await page.getByTestId('field-mainBusiness').locator('.ant-select').click();
    await page.locator('.ant-select-item-option', { hasText: '餐饮服务经营者' }).click();
    await page.getByTestId('field-items').getByText('热食类食品制售').click();
    await page.getByTestId('field-agentName').locator('input').fill('白丹');
    await page.getByTestId('field-agentIdNumber').locator('input').fill('420704198507221127');
    await page.getByTestId('field-phone').locator('input').fill('13800138000');
    await page.getByTestId('apply-submit').click();
    await expect.poll(() => page.getByTestId('apply-error').innerText(), SETTLE).toContain(LAYOUT);

    for (const name of UPLOADS) {
      const row = page.locator(`[data-testid="apply-material"][data-material="${name}"]`);
      await row.locator('input[type="file"]').setInputFiles(pdf(`${name.slice(0, 8)}.pdf`));
      await expect.poll(() => row.locator('.ant-upload-list-item-done, .ant-upload-list-item').count(), SETTLE).toBe(1);
    }
    await fitsWidth(page);
    await screenshot(page, 'services-apply-phone');
    await page.getByTestId('apply-submit').click();

    // The receipt: the application number and the promised limit.
    await expect.poll(() => page.getByTestId('apply-receipt').isVisible(), SETTLE).toBe(true);
    const number = (await page.getByTestId('receipt-number').innerText()).trim();
    expect(number).toMatch(/^420700-\d{8}-\d{6}$/);
    expect(await page.getByTestId('receipt-limit').innerText()).toBe('5 个工作日');
    expect(await page.getByTestId('apply-receipt').getByTestId('application-status').getAttribute('data-status')).toBe('submitted');
    await screenshot(page, 'services-receipt-phone');

    // The officer accepts it and sends it back for a better layout plan (补正: the clock stops).
    const officer = await officerPage();
    try {
      await openInConsole(officer.page, number, 'services-officer-inbox');
      const replaced = officer.page.getByTestId('officer-detail').locator('[data-testid="application-material"][data-source="license"]');
      expect(await replaced.innerText()).toContain('营业执照');
      expect(await officer.page.getByTestId('officer-form').innerText()).toContain('热食类食品制售');
      await screenshot(officer.page, 'services-officer-detail');
      await act(officer.page, 'accept', 'reviewing');
      await act(officer.page, 'send_back', 'correction', async () => {
        await officer.page.getByTestId('action-reason').fill('经营布局图未标注食品处理区与就餐区，请补正');
        await officer.page.getByTestId('sendback-materials').click();
        await officer.page.locator('.ant-select-item-option', { hasText: '与食品经营相适应' }).click();
        await officer.page.keyboard.press('Escape');
      });

      // The applicant sees the reason on 我的办件, uploads the corrected file and resubmits.
      await page.goto(`${baseUrl}/portal/services/my/applications`);
      await expect.poll(() => page.locator(`[data-testid="my-application"][data-number="${number}"]`).count(), SETTLE).toBe(1);
      await fitsWidth(page);
      await screenshot(page, 'services-my-applications-phone');
      await page.locator(`[data-testid="my-application"][data-number="${number}"]`).click();
      const correction = page.getByTestId('correction');
      await expect.poll(() => correction.isVisible(), SETTLE).toBe(true);
      expect(await correction.innerText()).toContain('经营布局图未标注食品处理区与就餐区');
      await correction.locator(`[data-testid="correction-material"][data-material="${LAYOUT}"] input[type="file"]`).setInputFiles(pdf('布局图-补正.pdf'));
      await expect.poll(() => correction.locator('.ant-upload-list-item').count(), SETTLE).toBe(1);
      await fitsWidth(page);
      await screenshot(page, 'services-correction-phone');
      await page.getByTestId('resubmit').click();
      await expect.poll(() => page.getByTestId('my-application-detail').getByTestId('application-status').first().getAttribute('data-status'), SETTLE).toBe('reviewing');

      // Back in the console: review, decide, complete (which issues the 食品经营许可证).
      await officer.page.reload();
      await expect.poll(() => officer.page.getByTestId('action-review').isVisible(), SETTLE).toBe(true);
      await act(officer.page, 'review', 'deciding', () => officer.page.getByTestId('action-comment').fill('现场核查符合要求'));
      await act(officer.page, 'approve', 'approved');
      await act(officer.page, 'complete', 'completed');
      const actions = await officer.page.getByTestId('officer-detail').getByTestId('timeline-entry').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-action')));
      expect(actions).toEqual(['complete', 'approve', 'review', 'resubmit', 'send_back', 'accept', 'submit']);
      await screenshot(officer.page, 'services-officer-completed');
    } finally {
      await officer.context.close();
    }

    // The applicant's detail links the issued license; 我的证照 downloads its signed document.
    await page.reload();
    const issued = (await page.getByTestId('detail-license-link').innerText()).trim();
    expect(issued).toMatch(/^1\.2\.156\.3005\.2\.114207000110010179002\./);
    await fitsWidth(page);
    await screenshot(page, 'services-my-application-phone');

    await page.goto(`${baseUrl}/portal/services/my/licenses`);
    const card = page.locator(`[data-testid="my-license"][data-identifier="${issued}"]`);
    await expect.poll(() => card.isVisible(), SETTLE).toBe(true);
    expect(await card.innerText()).toContain('食品经营许可证');
    await card.getByText('照面信息').click();
    await expect.poll(() => card.innerText(), SETTLE).toContain('热食类食品制售');
    expect(await card.innerText()).not.toContain('businessItems');
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('license-download').click()]);
    expect(download.suggestedFilename()).toBe(`${issued}.json`);
    const document = JSON.parse(await readFile((await download.path())!, 'utf8')) as { content: { identifier: string; holder: { name: string; code: string }; data: Record<string, string> }; signature: unknown; verifyUrl: string };
    expect(document.content.identifier).toBe(issued);
    expect(document.content.holder.name).toBe('鄂州市创益食品有限公司');
    expect(document.content.data['businessItems']).toBe('热食类食品制售');
    expect(document.signature).toBeTruthy();
    expect(document.verifyUrl).toContain(`/verify/${issued}`);
    await card.getByTestId('license-qr').click();
    await expect.poll(() => page.getByTestId('license-qr-image').evaluate((node) => {
      const img = node as unknown as { complete: boolean; naturalWidth: number };
      return img.complete && img.naturalWidth > 0;
    }), SETTLE).toBe(true);
    await page.keyboard.press('Escape');
    await fitsWidth(page);
    await screenshot(page, 'services-my-licenses-phone');

    // 好差评: five stars and a comment, once.
    await page.goto(`${baseUrl}/portal/services/my/applications`);
    await page.locator(`[data-testid="my-application"][data-number="${number}"]`).click();
    const rating = page.getByTestId('rating');
    await expect.poll(() => rating.isVisible(), SETTLE).toBe(true);
    await rating.locator('.ant-rate-star').nth(4).click();
    await page.getByTestId('rating-comment').fill('全程网上办理，补正说明清楚');
    await page.getByTestId('rating-submit').click();
    await expect.poll(() => rating.getByTestId('rating-given').getAttribute('data-score'), SETTLE).toBe('5');
    await page.reload();
    await expect.poll(() => page.getByTestId('rating-given').innerText(), SETTLE).toContain('非常满意');

    // Messages tell the story; the desktop layout of the same pages.
    await page.goto(`${baseUrl}/portal/services/my/messages`);
    await expect.poll(() => page.getByTestId('my-message').count(), SETTLE).toBeGreaterThanOrEqual(6);
    const titles = await page.getByTestId('my-message').allInnerTexts();
    expect(titles.some((text) => text.includes('「食品经营许可」已办结') && text.includes('食品经营许可证'))).toBe(true);
    expect(titles.some((text) => text.includes('「食品经营许可」需要补正'))).toBe(true);
    await screenshot(page, 'services-my-messages-phone');
    await page.setViewportSize(DESKTOP);
    await page.goto(`${baseUrl}/portal/services/my/licenses`);
    await expect.poll(() => card.isVisible(), SETTLE).toBe(true);
    await screenshot(page, 'services-my-licenses-desktop');
    await page.goto(`${baseUrl}/portal/services/${FOOD_ITEM}/apply`);
    await expect.poll(() => form.isVisible(), SETTLE).toBe(true);
    await screenshot(page, 'services-apply-desktop');
  });

  it('lets a citizen apply for 新生儿出生一件事 on a phone: one form, materials once, four departments in parallel', async () => {
    const page = ui.page;
    await page.setViewportSize(PHONE);
    await page.goto(`${baseUrl}/portal/services`);
    await page.getByTestId('services-bundles-link').click();
    await page.waitForURL((url) => url.pathname === '/portal/services/bundles');
    const newborn = page.getByTestId('bundle').filter({ hasText: '新生儿出生一件事' });
    expect(await newborn.innerText()).toContain('出生登记');
    await fitsWidth(page);
    await screenshot(page, 'services-bundles-phone');
    await newborn.getByTestId('bundle-apply').click();
    await page.getByTestId('signin-username').fill('zhangsan');
    await page.getByTestId('signin-password').fill(PASSWORD);
    await page.getByTestId('signin-submit').click();

    const form = page.getByTestId('bundle-form');
    await expect.poll(() => form.isVisible(), SETTLE).toBe(true);
    expect(await page.getByTestId('field-applicantName').locator('input').inputValue()).toBe('徐佳丽');
    await page.getByTestId('field-childName').locator('input').fill('罗小雨');
    const choose = async (field: string, option: string) => {
      await page.getByTestId(`field-${field}`).locator('.ant-select').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).click();
    };
    await choose('childGender', '女');
    await page.getByTestId('field-birthDate').locator('input').fill('2026-11-20');
    await page.getByTestId('field-hospital').locator('input').fill('鄂州市中心医院');
    await page.getByTestId('field-motherName').locator('input').fill('徐佳丽');
    await page.getByTestId('field-birthCertificateNo').locator('input').fill('R420123456');
    await choose('relation', '母亲');
    await choose('bank', '湖北银行');
    await choose('delivery', '网点领取');
    const required = page.locator('[data-testid="bundle-material"]').filter({ has: page.locator('.ant-tag-red') });
    for (let i = 0; i < (await required.count()); i += 1) {
      const row = required.nth(i);
      await row.locator('input[type="file"]').setInputFiles(pdf(`材料${i + 1}.pdf`));
      await expect.poll(() => row.locator('.ant-upload-list-item').count(), SETTLE).toBe(1);
    }
    await fitsWidth(page);
    await screenshot(page, 'services-bundle-apply-phone');
    await page.getByTestId('bundle-submit').click();

    const receipt = page.getByTestId('bundle-receipt');
    await expect.poll(() => receipt.isVisible(), SETTLE).toBe(true);
    const number = (await page.getByTestId('bundle-number').innerText()).trim();
    expect(number).toMatch(/^420700-\d{8}-Y\d{6}$/);
    for (const item of ['出生登记', '社会保障卡申领']) {
      expect(await receipt.innerText()).toContain(item);
    }
    await screenshot(page, 'services-bundle-receipt-phone');
    await receipt.getByRole('button').click();
    const card = page.locator(`[data-testid="my-bundle"][data-number="${number}"]`);
    await expect.poll(() => card.isVisible(), SETTLE).toBe(true);
    expect(await card.locator('a').count()).toBe(4);
    await fitsWidth(page);
    await screenshot(page, 'services-my-bundle-phone');
  });
});
