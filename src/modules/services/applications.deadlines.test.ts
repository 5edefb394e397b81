import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../kernel/bus/index.js';
import { createFieldCipher, loadOrCreateFieldKey } from '../../kernel/crypto/field-cipher.js';
import { buildApp } from '../../kernel/http/index.js';
import { createTestDatabase, loginAs, testConfig } from '../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../platform.js';
import { uploadId } from './applications.testkit.js';
import { createServicesModule, type ServicesModule } from './index.js';

// The services module on a clock the tests move (Asia/Shanghai mornings), over the demo city.
let clock = new Date();
const on = (day: string) => {
  clock = new Date(`${day}T10:00:00+08:00`);
};

let platform: Platform;
let services: ServicesModule;
let app: FastifyInstance;
let officer: string;
let enterprise: string;
const events: DomainEvent[] = [];

const FOOD_ITEM = '010004300000-420700000000-000-114207000110010179-1-00';

interface Detail {
  id: string;
  status: string;
  version: number;
  deadline: { acceptedOn: string | null; dueOn: string | null; workingDaysLeft: number | null; suspended: boolean; suspendedOn: string | null; suspendedDays: number; state: string; onTime: boolean | null };
  log: Array<{ action: string; comment: string | null }>;
}

beforeAll(async () => {
  const database = await createTestDatabase({ migrate: false });
  platform = await createPlatform(testConfig(), { database });
  await platform.loadDemo();
  const { config } = platform;
  services = createServicesModule({
    db: database.db,
    audit: platform.audit,
    bus: platform.bus,
    org: platform.org.service,
    calendar: platform.calendar,
    cipher: createFieldCipher(loadOrCreateFieldKey({ hex: config.YIWANG_FIELD_KEY, dir: path.join(config.dataDir, 'keys') })),
    registry: platform.registry.service,
    licenses: { issue: platform.licenses.issue, listForHolder: platform.licenses.listForHolder, documentForHolder: platform.licenses.documentForHolder, getType: platform.licenses.service.getType },
    materialsDir: path.join(config.dataDir, 'materials'),
    now: () => clock,
  });
  app = await buildApp({ config, db: database.db, authenticator: platform.org.authenticator, modules: [platform.org, services], logger: false });
  officer = await loginAs(app, 'officer');
  enterprise = await loginAs(app, 'chuangyi');
  platform.bus.subscribe('services.application.deadline', 'test.collect', async (event) => {
    events.push(event);
  });
}, 240_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

const get = (url: string, cookie: string) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } });
const post = (url: string, payload: unknown, cookie: string) => app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers: { cookie } });
function ok(response: LightMyRequestResponse): Detail {
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json() as Detail;
}
const act = (id: string, action: string, body: Record<string, unknown>) => post(`/services/handle/applications/${id}/${action}`, body, officer);
const detail = (id: string) => get(`/services/handle/applications/${id}`, officer).then(ok);

/** A 食品经营许可 application (承诺 5 working days) that 秒批 refuses, accepted today. */
async function acceptedApplication(): Promise<Detail> {
  const materials = [
    { name: '与食品经营相适应的主要设备设施、经营布局、操作流程等文件', fileId: await uploadId(app, enterprise) },
    { name: '食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录清单', fileId: await uploadId(app, enterprise) },
    { name: '食品安全管理人员身份证明', fileId: await uploadId(app, enterprise) },
  ];
  const form = { phone: '13800138000', agentName: '白丹', agentIdNumber: '420704198507221127', premises: '华容区段店镇集镇大道170号', mainBusiness: '餐饮服务经营者', items: ['热食类食品制售'] };
  const submitted = ok(await post('/services/my/applications', { item: FOOD_ITEM, form, materials }, enterprise));
  return ok(await act(submitted.id, 'accept', { version: submitted.version }));
}

async function deliverEvents() {
  while ((await platform.bus.dispatchOnce()) > 0) {
    // until the outbox is drained
  }
}

describe('deadlines across the 2025 National Day holiday', () => {
  it('count the make-up Sunday, skip the holiday, stop for 补正 and resume with the days that were left', async () => {
    on('2025-09-26');
    const accepted = await acceptedApplication();
    // Friday 26 Sept: 28 (Sunday, worked) 29 30 | 1–8 October off | 9 10.
    expect(accepted.deadline).toMatchObject({ acceptedOn: '2025-09-26', dueOn: '2025-10-10', workingDaysLeft: 5 });

    on('2025-09-29');
    expect((await detail(accepted.id)).deadline.workingDaysLeft).toBe(3);
    const sent = ok(await act(accepted.id, 'send-back', { version: accepted.version, reason: '请补充经营场所平面图', materials: ['与食品经营相适应的主要设备设施、经营布局、操作流程等文件'] }));
    expect(sent.deadline).toMatchObject({ suspended: true, suspendedOn: '2025-09-29', dueOn: null, workingDaysLeft: 3 });

    // The clock stands still while the applicant corrects, holiday or not.
    on('2025-10-02');
    expect((await detail(accepted.id)).deadline).toMatchObject({ suspended: true, workingDaysLeft: 3 });
    const fileId = await uploadId(app, enterprise, '平面图.pdf', Buffer.from('%PDF-1.7 floor plan'));
    const resumed = ok(
      await post(`/services/my/applications/${accepted.id}/resubmit`, { version: sent.version, materials: [{ name: '与食品经营相适应的主要设备设施、经营布局、操作流程等文件', fileId }] }, enterprise),
    );
    // Resubmitted on 2 Oct (holiday): 9, 10 and the make-up Saturday 11 October.
    expect(resumed.status).toBe('reviewing');
    expect(resumed.deadline).toMatchObject({ suspended: false, dueOn: '2025-10-11', workingDaysLeft: 3, suspendedDays: 1, acceptedOn: '2025-09-26' });
    const messages = (await get('/services/my/messages', enterprise)).json() as { items: Array<{ applicationId: string; body: string }> };
    expect(messages.items.find((m) => m.applicationId === accepted.id)?.body).toContain('于 2025-10-11 前办结');

    // Nothing to warn of on 8 October (a holiday): 9, 10 and 11 are still ahead.
    on('2025-10-08');
    expect(await services.checkDeadlines()).toEqual({ warning: 0, overdue: 0, normal: 0 });
    // On 9 October only 10 and the make-up Saturday are left: warned.
    on('2025-10-09');
    expect(await services.checkDeadlines()).toMatchObject({ warning: 1, overdue: 0 });
    expect(await services.checkDeadlines()).toEqual({ warning: 0, overdue: 0, normal: 0 });
    const warned = await detail(accepted.id);
    expect(warned.deadline).toMatchObject({ state: 'warning', workingDaysLeft: 2 });
    expect(warned.log.at(-1)).toMatchObject({ action: 'warning', comment: '距承诺办结时限（2025-10-11）还有 2 个工作日' });

    // Monday 13 October: past the make-up Saturday.
    on('2025-10-13');
    expect(await services.checkDeadlines()).toMatchObject({ overdue: 1 });
    const overdue = ok(await get('/services/handle/applications?scope=all&deadlineState=overdue', officer)) as unknown as { items: Array<{ id: string; deadline: { workingDaysLeft: number } }> };
    expect(overdue.items.map((i) => i.id)).toEqual([accepted.id]);
    expect(overdue.items[0]!.deadline.workingDaysLeft).toBe(-1);

    await deliverEvents();
    expect(events.filter((e) => (e.payload as { applicationId: string }).applicationId === accepted.id).map((e) => (e.payload as { state: string }).state)).toEqual(['warning', 'overdue']);
    for (const action of ['services.application.warning', 'services.application.overdue']) {
      const records = await platform.audit.list({ page: 1, pageSize: 50, action });
      expect(records.items.some((r) => r.target === `services.application:${accepted.id}`)).toBe(true);
    }

    // Completed late: recorded as not on time.
    const reviewed = ok(await act(accepted.id, 'review', { version: (await detail(accepted.id)).version, opinion: 'agree' }));
    const approved = ok(await act(accepted.id, 'approve', { version: reviewed.version }));
    const completed = ok(await act(accepted.id, 'complete', { version: approved.version }));
    expect(completed.deadline).toMatchObject({ finishedOn: '2025-10-13', onTime: false });
  });
});

describe('deadlines around the 2026 Mid-Autumn and National Day holidays', () => {
  it('count the make-up Sunday of 20 September 2026', async () => {
    on('2026-09-18');
    // Friday 18 Sept: 20 (Sunday, worked) 21 22 23 24.
    expect((await acceptedApplication()).deadline.dueOn).toBe('2026-09-24');
  });

  it('skip 中秋 and 国庆 and count the make-up Saturday of 10 October 2026', async () => {
    on('2026-09-30');
    // Wednesday 30 Sept: 1–7 October off, then 8 9 10 (Saturday, worked) 12 13.
    expect((await acceptedApplication()).deadline.dueOn).toBe('2026-10-13');
  });

  it('do not warn an application whose deadline is more than two working days away', async () => {
    on('2026-09-24');
    const accepted = await acceptedApplication();
    // Thursday 24 Sept: 25–27 off (中秋), 28 29 30, 1–7 off (国庆), 8 9.
    expect(accepted.deadline.dueOn).toBe('2026-10-09');
    on('2026-09-30');
    await services.checkDeadlines();
    // On 30 Sept, 8 and 9 October are left: the week of holidays gives no extra time.
    expect((await detail(accepted.id)).deadline).toMatchObject({ state: 'warning', workingDaysLeft: 2 });
    on('2026-09-29');
    const earlier = await acceptedApplication();
    await services.checkDeadlines();
    expect((await detail(earlier.id)).deadline).toMatchObject({ state: 'normal', workingDaysLeft: 5 });
  });
});
