import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActions, startCasesHarness, type CasesHarness } from './cases.testkit.js';

let h: CasesHarness;
let readKey: string;

beforeAll(async () => {
  h = await startCasesHarness({ autoDispatchThreshold: 0.6 });
  const issuer = (await h.platform.org.auth.userPrincipalByUsername('dispatcher'))!;
  readKey = (await h.platform.org.auth.createApiKey(issuer, { name: '分拨质量核查', organisationId: issuer.organisationId!, scopes: ['cases.read'], expiresAt: null })).key;
});

afterAll(async () => {
  await h?.close();
});

interface Suggestion {
  categoryCode: string;
  categoryName: string;
  departmentCode: string;
  departmentName: string | null;
  confidence: number;
}
interface CaseView {
  id: string;
  status: string;
  version: number;
  categoryCode: string | null;
  suggestion: { categoryCode: string; confidence: number | null } | null;
  organisation: { code: string | null; name: string | null } | null;
}

const post = (url: string, user: string | null, payload: object) =>
  h.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, ...(user ? { headers: { cookie: h.cookies[user]! } } : {}) });
const get = (url: string, user: string) => h.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: h.cookies[user]! } });

async function hotline(description: string, extra: object = {}): Promise<CaseView> {
  const response = await post('/cases/hotline', 'dispatcher', { type: 'complaint', description, address: '鄂城区', ...extra });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as CaseView;
}

describe('POST /cases/classify', () => {
  it('returns the three likeliest categories with the responsible department, creating no case', async () => {
    const before = (await get('/cases?pageSize=1', 'dispatcher')).json() as { total: number };
    const response = await post('/cases/classify', 'dispatcher', { text: '凤凰街道寒溪路口的井盖被人偷了，晚上骑车很危险', point: { lon: 114.89, lat: 30.39 } });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { suggestions: Suggestion[]; automatic: boolean; threshold: number; gridCode: string | null };
    expect(body.suggestions).toHaveLength(3);
    expect(body.suggestions[0]).toMatchObject({ categoryCode: 'BJ-01-01', categoryName: '井盖缺失或破损', departmentCode: 'ezhou-cgzfw', departmentName: '鄂州市城市管理执法委员会' });
    expect(body.suggestions[0]!.confidence).toBeGreaterThan(body.suggestions[1]!.confidence);
    expect(body.suggestions.reduce((sum, s) => sum + s.confidence, 0)).toBeLessThanOrEqual(1.0001);
    expect(body).toMatchObject({ automatic: true, threshold: 0.6 });
    expect(((await get('/cases?pageSize=1', 'dispatcher')).json() as { total: number }).total).toBe(before.total);
  });

  it('follows the responsibility list as edited in the console', async () => {
    const list = (await get('/cases/categories', 'dispatcher')).json() as { items: Array<{ code: string; responsibility: { organisationCode: string; urgentHours: number; limitDays: number; version: number } }> };
    const line = list.items.find((c) => c.code === 'MS-12-01')!;
    const edit = await h.app.inject({
      method: 'PATCH',
      url: '/api/v1/cases/categories/MS-12-01/responsibility',
      headers: { cookie: h.cookies.admin! },
      payload: { version: line.responsibility.version, organisationCode: 'ezhou-jxj', urgentHours: line.responsibility.urgentHours, limitDays: line.responsibility.limitDays },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const body = (await post('/cases/classify', 'dispatcher', { text: '我们小区从昨晚开始停电，到现在还没来电' })).json() as { suggestions: Suggestion[] };
    expect(body.suggestions[0]).toMatchObject({ categoryCode: 'MS-12-01', departmentCode: 'ezhou-jxj', departmentName: '鄂州市经济和信息化局' });
    const back = (await get('/cases/categories', 'dispatcher')).json() as typeof list;
    const v = back.items.find((c) => c.code === 'MS-12-01')!.responsibility.version;
    await h.app.inject({ method: 'PATCH', url: '/api/v1/cases/categories/MS-12-01/responsibility', headers: { cookie: h.cookies.admin! }, payload: { ...edit.json().responsibility, version: v, organisationCode: 'ezhou-fgw', updatedAt: undefined, updatedBy: undefined } });
  });

  it('serves a department system holding an API key with cases.read', async () => {
    const response = await h.app.inject({ method: 'POST', url: '/api/v1/cases/classify', headers: { 'x-api-key': readKey }, payload: { text: '老板拖欠了我们四个月工资' } });
    expect(response.statusCode, response.body).toBe(200);
    expect((response.json() as { suggestions: Suggestion[] }).suggestions[0]!.departmentCode).toBe('ezhou-rsj');
  });

  it('refuses a blank or oversized text, unknown fields and callers without a session', async () => {
    const blank = await post('/cases/classify', 'dispatcher', { text: '  ，。！ ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({ error: { code: 'CASES_CLASSIFY_TEXT_EMPTY' } });
    const long = await post('/cases/classify', 'dispatcher', { text: '井盖'.repeat(1001) });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect((await post('/cases/classify', 'dispatcher', { text: '井盖丢了', category: 'x' })).statusCode).toBe(400);
    expect((await post('/cases/classify', 'dispatcher', { text: '井盖丢了', point: { lon: 200, lat: 30 } })).statusCode).toBe(400);
    expect((await post('/cases/classify', null, { text: '井盖丢了' })).statusCode).toBe(401);
  });
});

describe('classification at intake', () => {
  it('dispatches a clear call without a category to the responsible department, as the platform, audited', async () => {
    const created = await hotline('滨湖南路小区门口的井盖没了，晚上黑乎乎的，刚才差点有人掉进去');
    expect(created).toMatchObject({ status: 'dispatched', categoryCode: 'BJ-01-01', organisation: { code: 'ezhou-cgzfw' } });
    expect(created.suggestion!.categoryCode).toBe('BJ-01-01');
    expect(created.suggestion!.confidence).toBeGreaterThanOrEqual(0.6);
    const detail = (await get(`/cases/${created.id}`, 'dispatcher')).json() as { timeline: Array<{ action: string; actorName: string | null; comment: string | null }>; suggestions: Suggestion[] };
    const dispatch = detail.timeline.find((e) => e.action === 'dispatch')!;
    expect(dispatch.actorName).toBe('智能分拨');
    expect(dispatch.comment).toMatch(/^智能分拨：井盖缺失或破损（置信度 \d+%）$/);
    expect(detail.suggestions).toEqual([]);
    expect(await auditActions(h.platform, created.id)).toEqual(['cases.case.intake', 'cases.case.dispatch']);
  });

  it('leaves a vague call in the dispatcher queue with its suggestions in the detail', async () => {
    const created = await hotline('我想咨询一件事情');
    expect(created.status).toBe('accepted');
    expect(created.organisation).toBeNull();
    expect(created.suggestion!.confidence).toBeLessThan(0.6);
    const detail = (await get(`/cases/${created.id}`, 'dispatcher')).json() as { suggestions: Suggestion[] };
    expect(detail.suggestions).toHaveLength(3);
    expect(detail.suggestions[0]!.categoryCode).toBe(created.suggestion!.categoryCode);
    expect(detail.suggestions.every((s) => s.departmentCode.startsWith('ezhou-'))).toBe(true);
  });

  it('never dispatches to the catch-all category on the classifier’s word alone', async () => {
    const created = await hotline('你好，我想反映一下我们那边的事情，一直没人管');
    expect(created.suggestion!.categoryCode).toBe('SJ-06-01');
    expect(created.status).toBe('accepted');
    const classified = (await post('/cases/classify', 'dispatcher', { text: '你好，我想反映一下我们那边的事情，一直没人管' })).json() as { automatic: boolean };
    expect(classified.automatic).toBe(false);
  });

  it('stores the suggestion but leaves dispatch to the dispatcher when the operator chose a category', async () => {
    const created = await hotline('我们小区从昨晚开始停电，到现在还没来电', { categoryCode: 'SJ-06-01' });
    expect(created).toMatchObject({ status: 'accepted', categoryCode: 'SJ-06-01', suggestion: { categoryCode: 'MS-12-01' } });
  });

  it('also classifies grid reports and citizens’ web reports', async () => {
    const grid = await post('/cases/grid-reports', 'gridworker', { type: 'report', description: '樊口街道樊川大道人行道上有人占道摆摊卖菜，行人只能走机动车道' });
    expect(grid.statusCode, grid.body).toBe(201);
    expect(grid.json()).toMatchObject({ status: 'dispatched', categoryCode: 'SJ-05-01' });
    const web = await post('/cases/citizen', null, { type: 'complaint', description: '楼下烧烤店的油烟全往我家窗户里灌，晚上根本不能开窗', reporterName: '王先生', reporterPhone: '13812345678' });
    expect(web.statusCode, web.body).toBe(201);
    expect(web.json()).toMatchObject({ status: 'dispatched' });
  });
});

describe('retraining', () => {
  it('learns from answered and returned cases, for holders of the responsibility list only', async () => {
    // A case the housing bureau returns: "not housing" is learnt.
    const returned = await hotline('小区的二次供水泵坏了，高层住户都没水', { categoryCode: 'MS-02-03' });
    const dispatched = (await post(`/cases/${returned.id}/dispatch`, 'dispatcher', { version: returned.version })).json() as CaseView;
    expect(dispatched.organisation!.code).toBe('ezhou-zjj');
    const back = await post(`/cases/${returned.id}/return`, 'zjj.handler', { version: dispatched.version, reason: '属物业管理，非本单位职责' });
    expect(back.statusCode, back.body).toBe(200);
    // A case the housing bureau answers: its category is confirmed.
    const answered = await hotline('物业把小区绿地改成收费停车位', { categoryCode: 'MS-02-01' });
    let c = (await post(`/cases/${answered.id}/dispatch`, 'dispatcher', { version: answered.version })).json() as CaseView;
    c = (await post(`/cases/${c.id}/sign`, 'zjj.handler', { version: c.version })).json() as CaseView;
    const replied = await post(`/cases/${c.id}/reply`, 'zjj.handler', { version: c.version, comment: '已责令物业恢复绿地' });
    expect(replied.statusCode, replied.body).toBe(200);

    expect((await post('/cases/classifier/retrain', 'dispatcher', {})).statusCode).toBe(403);
    const response = await post('/cases/classifier/retrain', 'admin', {});
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json() as { trained: boolean; corpusTexts: number; confirmedCases: number; returnedCases: number; categories: number };
    expect(report.trained).toBe(true);
    expect(report.corpusTexts).toBeGreaterThanOrEqual(2000);
    expect(report.confirmedCases).toBeGreaterThanOrEqual(1);
    expect(report.returnedCases).toBe(1);
    expect(report.categories).toBe(65);
    const status = (await get('/cases/classifier', 'dispatcher')).json() as typeof report;
    expect(status).toMatchObject({ confirmedCases: report.confirmedCases, returnedCases: 1 });
    const audited = await h.platform.database.db.selectFrom('kernel_audit_log' as never).select(['action' as never]).where('target' as never, '=', 'cases.classifier' as never).execute();
    expect(audited).toHaveLength(1);
  });
});
