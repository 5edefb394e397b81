import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActions, startCasesHarness, type CasesHarness } from './cases.testkit.js';

let h: CasesHarness;

beforeAll(async () => {
  h = await startCasesHarness();
});

afterAll(async () => {
  await h?.close();
});

interface CaseView {
  id: string;
  number: string;
  channel: string;
  status: string;
  version: number;
  categoryCode: string | null;
  divisionCode: string;
  urgency: string;
  organisation: { id: string; code: string | null; name: string | null } | null;
  reporter: { name: string | null; phone: string | null };
  limitDays: number | null;
  limitHours: number | null;
  dueOn: string | null;
  deadlineAt: string | null;
  satisfaction: string | null;
  returnCount: number;
  reopenCount: number;
}

const post = (url: string, user: string | null, payload: object) =>
  h.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, ...(user ? { headers: { cookie: h.cookies[user]! } } : {}) });
const get = (url: string, user: string) => h.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: h.cookies[user]! } });

const hotlineCall = {
  type: 'complaint',
  categoryCode: 'SJ-05-01',
  description: '凤凰路菜市场门口每天早上流动摊贩占道经营，车辆无法通行',
  address: '鄂城区凤凰路菜市场',
  point: { lon: 114.8905, lat: 30.3963 },
  reporterName: '李女士',
  reporterPhone: '138-1234-5678',
};

async function intake(body: object = hotlineCall): Promise<CaseView> {
  const response = await post('/cases/hotline', 'dispatcher', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as CaseView;
}

/** Takes one step and returns the case after it. */
async function step(c: CaseView, action: string, user: string, body: object = {}): Promise<CaseView> {
  const response = await post(`/cases/${c.id}/${action}`, user, { version: c.version, ...body });
  expect(response.statusCode, `${action}: ${response.body}`).toBe(200);
  return response.json() as CaseView;
}

const codeOf = (response: { json(): unknown }) => (response.json() as { error: { code: string } }).error.code;

describe('the closed loop', () => {
  it('takes a hotline call through dispatch, sign, handling, reply, an unsatisfied callback, 重办 and close, auditing every step', async () => {
    let c = await intake();
    expect(c).toMatchObject({ channel: 'hotline', status: 'accepted', divisionCode: '420700', organisation: null, reporter: { name: '李女士', phone: '13812345678' } });
    expect(c.number).toMatch(/^\d{8}\d{6}$/);

    // No organisation named: the responsibility list's department for 占道经营 (城管执法委), 3 working days.
    c = await step(c, 'dispatch', 'dispatcher');
    expect(c).toMatchObject({ status: 'dispatched', organisation: { code: 'ezhou-cgzfw' }, limitDays: 3, limitHours: null });
    expect(c.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    c = await step(c, 'sign', 'handler');
    expect(c.status).toBe('signed');
    c = await step(c, 'handle', 'handler', { comment: '已安排执法队员早间巡查' });
    c = await step(c, 'handle', 'handler', { comment: '已劝离摊贩 6 户' });
    expect(c.status).toBe('handling');
    c = await step(c, 'reply', 'handler', { comment: '已清理占道摊点并设置常态巡查' });
    expect(c.status).toBe('replied');
    c = await step(c, 'callback', 'dispatcher', { satisfaction: 'unsatisfied', comment: '市民反映次日又出现' });
    expect(c).toMatchObject({ status: 'visited', satisfaction: 'unsatisfied' });

    c = await step(c, 'reopen', 'dispatcher', { comment: '重办' });
    expect(c).toMatchObject({ status: 'dispatched', organisation: { code: 'ezhou-cgzfw' }, satisfaction: null, reopenCount: 1 });
    c = await step(c, 'sign', 'handler');
    c = await step(c, 'reply', 'handler', { comment: '已设置固定疏导点' });
    c = await step(c, 'callback', 'dispatcher', { satisfaction: 'satisfied' });
    c = await step(c, 'close', 'dispatcher');
    expect(c.status).toBe('closed');

    const detail = await get(`/cases/${c.id}`, 'leader');
    expect(detail.statusCode, detail.body).toBe(200);
    const timeline = (detail.json() as { timeline: Array<{ action: string; toStatus: string }> }).timeline;
    const actions = ['intake', 'dispatch', 'sign', 'handle', 'handle', 'reply', 'callback', 'reopen', 'sign', 'reply', 'callback', 'close'];
    expect(timeline.map((e) => e.action)).toEqual(actions);
    expect(timeline.at(-1)!.toStatus).toBe('closed');
    expect(await auditActions(h.platform, c.id)).toEqual(actions.map((a) => `cases.case.${a}`));
  });

  it('lets a department return a wrongly dispatched case with its reason, back to the dispatcher, who dispatches it again', async () => {
    let c = await intake({ ...hotlineCall, categoryCode: undefined, description: '小区楼道里的燃气管道有异味，担心泄漏' });
    const noCategory = await post(`/cases/${c.id}/dispatch`, 'dispatcher', { version: c.version, organisationCode: 'ezhou-cgzfw' });
    expect(noCategory.statusCode).toBe(400);
    expect(codeOf(noCategory)).toBe('CASES_CATEGORY_REQUIRED');

    c = await step(c, 'dispatch', 'dispatcher', { categoryCode: 'SJ-06-01' });
    expect(c.organisation?.code).toBe('ezhou-cgzfw');
    c = await step(c, 'return', 'handler', { reason: '燃气设施不属城管职责，请派住建部门' });
    expect(c).toMatchObject({ status: 'accepted', organisation: null, dueOn: null, returnCount: 1 });

    c = await step(c, 'dispatch', 'dispatcher', { categoryCode: 'BJ-01-05', urgency: 'urgent' });
    expect(c).toMatchObject({ status: 'dispatched', organisation: { code: 'ezhou-zjj' }, urgency: 'urgent', limitHours: 1, dueOn: null });
    const hours = (Date.parse(c.deadlineAt!) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(0.9);
    expect(hours).toBeLessThanOrEqual(1);
    c = await step(c, 'sign', 'zjj.handler');

    const detail = (await get(`/cases/${c.id}`, 'dispatcher')).json() as { timeline: Array<{ action: string; comment: string | null }> };
    expect(detail.timeline.find((e) => e.action === 'return')?.comment).toBe('燃气设施不属城管职责，请派住建部门');
  });
});

describe('refusals', () => {
  it('refuses steps to roles that do not hold them', async () => {
    const c = await intake();
    expect(codeOf(await post(`/cases/${c.id}/dispatch`, 'handler', { version: c.version }))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await post(`/cases/${c.id}/sign`, 'dispatcher', { version: c.version }))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await post('/cases/hotline', 'handler', hotlineCall))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await post(`/cases/${c.id}/callback`, 'gridworker', { version: c.version, satisfaction: 'satisfied' }))).toBe('AUTH_FORBIDDEN');
    expect((await post(`/cases/${c.id}/dispatch`, null, { version: c.version })).statusCode).toBe(401);
  });

  it('refuses handler steps to another organisation than the one dispatched to', async () => {
    const c = await step(await intake(), 'dispatch', 'dispatcher');
    const response = await post(`/cases/${c.id}/sign`, 'zjj.handler', { version: c.version });
    expect(response.statusCode).toBe(403);
    expect(codeOf(response)).toBe('CASES_NOT_ASSIGNED');
    expect(codeOf(await post(`/cases/${c.id}/return`, 'zjj.handler', { version: c.version, reason: '不是我们的' }))).toBe('CASES_NOT_ASSIGNED');
  });

  it('refuses a dispatcher of another region: reading, intake outside it, dispatch to a city department', async () => {
    const cityCase = await intake();
    const read = await get(`/cases/${cityCase.id}`, 'lzh.dispatcher');
    expect(read.statusCode).toBe(403);
    expect(codeOf(read)).toBe('CASES_OUTSIDE_REGION');
    expect(codeOf(await post(`/cases/${cityCase.id}/dispatch`, 'lzh.dispatcher', { version: cityCase.version }))).toBe('CASES_OUTSIDE_REGION');
    expect(codeOf(await post('/cases/hotline', 'lzh.dispatcher', { ...hotlineCall, divisionCode: '420704' }))).toBe('CASES_OUTSIDE_REGION');

    const own = await post('/cases/hotline', 'lzh.dispatcher', hotlineCall);
    expect(own.statusCode, own.body).toBe(201);
    const ownCase = own.json() as CaseView;
    expect(ownCase.divisionCode).toBe('420702');
    expect(codeOf(await post(`/cases/${ownCase.id}/dispatch`, 'lzh.dispatcher', { version: ownCase.version }))).toBe('CASES_OUTSIDE_REGION');
    // The district's queue holds its own case only.
    const queue = (await get('/cases?pageSize=200', 'lzh.dispatcher')).json() as { items: CaseView[] };
    expect(queue.items.map((i) => i.id)).toEqual([ownCase.id]);
  });

  it('refuses every step on a closed case', async () => {
    let c = await step(await intake(), 'dispatch', 'dispatcher');
    c = await step(c, 'sign', 'handler');
    c = await step(c, 'reply', 'handler', { comment: '已处理' });
    c = await step(c, 'callback', 'dispatcher', { satisfaction: 'basically_satisfied' });
    c = await step(c, 'close', 'dispatcher');
    for (const [action, user, body] of [
      ['sign', 'handler', {}],
      ['dispatch', 'dispatcher', {}],
      ['reopen', 'dispatcher', {}],
      ['handle', 'handler', { comment: '再看看' }],
    ] as const) {
      const response = await post(`/cases/${c.id}/${action}`, user, { version: c.version, ...body });
      expect(response.statusCode, action).toBe(409);
      expect(codeOf(response), action).toBe('CASES_CASE_CLOSED');
    }
  });

  it('answers 409 to a stale version and to a step the status does not allow', async () => {
    let c = await step(await intake(), 'dispatch', 'dispatcher');
    c = await step(c, 'sign', 'handler');
    const stale = c.version;
    c = await step(c, 'handle', 'handler', { comment: '第一次' });
    const again = await post(`/cases/${c.id}/handle`, 'handler', { version: stale, comment: '并发提交' });
    expect(again.statusCode).toBe(409);
    expect(codeOf(again)).toBe('CASES_VERSION_CONFLICT');
    expect(codeOf(await post(`/cases/${c.id}/close`, 'dispatcher', { version: c.version }))).toBe('CASES_INVALID_TRANSITION');
    c = await step(c, 'reply', 'handler', { comment: '完成' });
    c = await step(c, 'callback', 'dispatcher', { satisfaction: 'satisfied' });
    // 重办 only after an unsatisfied callback.
    expect(codeOf(await post(`/cases/${c.id}/reopen`, 'dispatcher', { version: c.version }))).toBe('CASES_INVALID_TRANSITION');
  });

  it('answers bad input with a 4xx and writes nothing', async () => {
    const before = ((await get('/cases?pageSize=1', 'dispatcher')).json() as { total: number }).total;
    expect((await post('/cases/hotline', 'dispatcher', { ...hotlineCall, description: undefined })).statusCode).toBe(400);
    expect((await post('/cases/hotline', 'dispatcher', { ...hotlineCall, type: 'praise' })).statusCode).toBe(400);
    expect(codeOf(await post('/cases/hotline', 'dispatcher', { ...hotlineCall, reporterPhone: 'call me' }))).toBe('CASES_INVALID_PHONE');
    expect(codeOf(await post('/cases/hotline', 'dispatcher', { ...hotlineCall, categoryCode: 'SJ-99-99' }))).toBe('CASES_CATEGORY_NOT_FOUND');
    expect(codeOf(await post('/cases/hotline', 'dispatcher', { ...hotlineCall, divisionCode: '420799' }))).toBe('CASES_DIVISION_NOT_FOUND');
    expect((await post('/cases/hotline', 'dispatcher', { ...hotlineCall, point: { lon: 300, lat: 30 } })).statusCode).toBe(400);
    expect((await get('/cases/not-a-uuid', 'dispatcher')).statusCode).toBe(400);
    expect(codeOf(await get('/cases/00000000-0000-4000-8000-000000000000', 'dispatcher'))).toBe('CASES_CASE_NOT_FOUND');
    expect(((await get('/cases?pageSize=1', 'dispatcher')).json() as { total: number }).total).toBe(before);
  });
});

describe('intake channels, queue and inbox', () => {
  it('takes a citizen report without a session and a grid worker report in the worker’s street', async () => {
    const citizen = await post('/cases/citizen', null, { type: 'help', description: '家门口的路灯坏了一个星期，晚上很黑', reporterName: '王先生', reporterPhone: '13900001111' });
    expect(citizen.statusCode, citizen.body).toBe(201);
    const receipt = citizen.json() as { id: string; status: string };
    expect(receipt.status).toBe('accepted');
    const detail = (await get(`/cases/${receipt.id}`, 'dispatcher')).json() as { case: CaseView };
    expect(detail.case).toMatchObject({ channel: 'web', divisionCode: '420700', reporter: { phone: '13900001111' } });

    const grid = await post('/cases/grid-reports', 'gridworker', { type: 'report', categoryCode: 'BJ-01-01', description: '凤凰街道文化路口井盖破损下陷', point: { lon: 114.89, lat: 30.39 } });
    expect(grid.statusCode, grid.body).toBe(201);
    expect(grid.json()).toMatchObject({ channel: 'grid', divisionCode: '420704001', reporter: { phone: null } });
    // The worker's list holds its street's cases only.
    const own = (await get('/cases?pageSize=200', 'gridworker')).json() as { items: CaseView[] };
    expect(own.items.map((i) => i.id)).toEqual([(grid.json() as CaseView).id]);
  });

  it('masks the reporter’s phone for those without cases.reporter.read', async () => {
    const c = await step(await intake(), 'dispatch', 'dispatcher');
    const asHandler = (await get(`/cases/${c.id}`, 'handler')).json() as { case: CaseView };
    expect(asHandler.case.reporter.phone).toBe('138****5678');
    const asLeader = (await get(`/cases/${c.id}`, 'leader')).json() as { case: CaseView };
    expect(asLeader.case.reporter.phone).toBe('138****5678');
    const stored = await h.platform.database.db.selectFrom('cases_case').select(['reporter_phone_enc']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(Buffer.from(stored.reporter_phone_enc as Uint8Array).includes(Buffer.from('13812345678'))).toBe(false);
  });

  it('pages and filters the dispatcher queue, and fills the handler inbox with its organisation’s running cases', async () => {
    const page1 = (await get('/cases?pageSize=2&page=1', 'dispatcher')).json() as { items: CaseView[]; total: number };
    const page2 = (await get('/cases?pageSize=2&page=2', 'dispatcher')).json() as { items: CaseView[]; total: number };
    expect(page1.items).toHaveLength(2);
    expect(page1.total).toBeGreaterThan(4);
    expect(page2.items.map((i) => i.id)).not.toContain(page1.items[0]!.id);

    const accepted = (await get('/cases?status=accepted&pageSize=200', 'dispatcher')).json() as { items: CaseView[]; total: number };
    expect(accepted.total).toBeGreaterThan(0);
    expect(accepted.items.every((i) => i.status === 'accepted')).toBe(true);
    const lamps = (await get('/cases?categoryCode=BJ-01-01&pageSize=200', 'dispatcher')).json() as { items: CaseView[] };
    expect(lamps.items.length).toBeGreaterThan(0);
    expect(lamps.items.every((i) => i.categoryCode === 'BJ-01-01')).toBe(true);

    const fresh = await step(await intake(), 'dispatch', 'dispatcher');
    const orgId = fresh.organisation!.id;
    const byOrg = (await get(`/cases?organisationId=${orgId}&pageSize=200`, 'dispatcher')).json() as { items: CaseView[] };
    expect(byOrg.items.every((i) => i.organisation?.id === orgId)).toBe(true);

    const inbox = (await get('/cases/inbox?pageSize=200', 'handler')).json() as { items: CaseView[] };
    expect(inbox.items.map((i) => i.id)).toContain(fresh.id);
    expect(inbox.items.every((i) => i.organisation?.code === 'ezhou-cgzfw' && ['dispatched', 'signed', 'handling'].includes(i.status))).toBe(true);
    const other = (await get('/cases/inbox?pageSize=200', 'zjj.handler')).json() as { items: CaseView[] };
    expect(other.items.map((i) => i.id)).not.toContain(fresh.id);
  });

  it('filters the queue by channel, by source and to the cases the caller recorded', async () => {
    const byDispatcher = await intake();
    const byWorker = (await post('/cases/grid-reports', 'gridworker', { type: 'report', description: '文化路人行道砖松动翘起，行人易绊倒', point: { lon: 114.89, lat: 30.39 } })).json() as CaseView & { sourceRef: string | null };
    expect(byWorker.sourceRef).toBeNull();

    const grid = (await get('/cases?channel=grid&pageSize=200', 'dispatcher')).json() as { items: CaseView[] };
    expect(grid.items.map((i) => i.id)).toContain(byWorker.id);
    expect(grid.items.every((i) => i.channel === 'grid')).toBe(true);

    const mine = (await get('/cases?mine=true&pageSize=200', 'dispatcher')).json() as { items: CaseView[] };
    expect(mine.items.map((i) => i.id)).toContain(byDispatcher.id);
    expect(mine.items.map((i) => i.id)).not.toContain(byWorker.id);
    const workersOwn = (await get('/cases?mine=true&pageSize=200', 'gridworker')).json() as { items: CaseView[] };
    expect(workersOwn.items.map((i) => i.id)).toContain(byWorker.id);
    expect(workersOwn.items.every((i) => i.channel === 'grid')).toBe(true);

    const none = (await get('/cases?sourceRef=iot.alarm:00000000-0000-0000-0000-000000000000', 'dispatcher')).json() as { items: CaseView[]; total: number };
    expect(none).toMatchObject({ items: [], total: 0 });
    expect((await get('/cases?channel=fax', 'dispatcher')).statusCode).toBe(400);
  });
});

describe('the responsibility list', () => {
  it('lists the taxonomy with each category’s department and limits, and lets an administrator change a line', async () => {
    const list = (await get('/cases/categories', 'dispatcher')).json() as { items: Array<{ code: string; kind: string; responsibility: { organisationCode: string; limitDays: number; version: number } }> };
    expect(list.items.length).toBeGreaterThanOrEqual(50);
    expect(new Set(list.items.map((i) => i.kind))).toEqual(new Set(['component', 'event', 'livelihood']));
    const line = list.items.find((i) => i.code === 'SJ-02-02')!;
    expect(line.responsibility.organisationCode).toBe('ezhou-cgzfw');

    const body = { version: line.responsibility.version, organisationCode: 'ezhou-zjj', urgentHours: 6, limitDays: 4 };
    expect(codeOf(await h.app.inject({ method: 'PATCH', url: '/api/v1/cases/categories/SJ-02-02/responsibility', payload: body, headers: { cookie: h.cookies.dispatcher! } }))).toBe('AUTH_FORBIDDEN');
    const changed = await h.app.inject({ method: 'PATCH', url: '/api/v1/cases/categories/SJ-02-02/responsibility', payload: body, headers: { cookie: h.cookies.admin! } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ responsibility: { organisationCode: 'ezhou-zjj', limitDays: 4, version: line.responsibility.version + 1 } });
    const stale = await h.app.inject({ method: 'PATCH', url: '/api/v1/cases/categories/SJ-02-02/responsibility', payload: body, headers: { cookie: h.cookies.admin! } });
    expect(codeOf(stale)).toBe('CASES_RESPONSIBILITY_VERSION_CONFLICT');

    const c = await step(await intake({ ...hotlineCall, categoryCode: 'SJ-02-02' }), 'dispatch', 'dispatcher');
    expect(c).toMatchObject({ organisation: { code: 'ezhou-zjj' }, limitDays: 4 });
    // A restart's seed keeps the edit.
    await h.platform.cases.seedReferenceData();
    const after = (await get('/cases/categories', 'dispatcher')).json() as typeof list;
    expect(after.items.find((i) => i.code === 'SJ-02-02')!.responsibility.organisationCode).toBe('ezhou-zjj');
  });
});
