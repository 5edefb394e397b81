import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActions, startCasesHarness, type CasesHarness } from './cases.testkit.js';

let h: CasesHarness;

beforeAll(async () => {
  h = await startCasesHarness();
  // A dispatcher of 凤凰街道 (a street): 吹哨 is the street's.
  const street = (await h.platform.org.service.getOrganisationByCode('ezhou-ec-fhjd'))!;
  await h.platform.org.service.createUser(null, { username: 'fhjd.dispatcher', displayName: '凤凰街道派单', password: 'Yiwang@2026', organisationId: street.id, roles: ['dispatcher'] }, 'system:test');
  const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'fhjd.dispatcher', password: 'Yiwang@2026' } });
  h.cookies['fhjd.dispatcher'] = String(login.headers['set-cookie']).split(';')[0]!;
}, 180_000);

afterAll(async () => {
  await h?.close();
});

interface CaseView {
  id: string;
  number: string;
  status: string;
  version: number;
  divisionCode: string;
  supervision?: { note: string; dueAt: string | null; times: number; overdue: boolean } | null;
}
interface Detail {
  case: CaseView;
  timeline: Array<{ action: string; comment: string | null; details: Record<string, unknown> | null }>;
  coordination: {
    duplicates: Array<{ caseId: string; distanceM: number; similarity: number }>;
    mergedInto: { id: string; number: string } | null;
    mergedCases: Array<{ id: string }>;
    reporters: Array<{ fromCaseId: string; name: string | null; phone: string | null; informedReplyAt: string | null; informedCloseAt: string | null }>;
    level: string;
    summons: Array<{ organisationCode: string; reportedAt: string | null }>;
    supervision: { note: string; times: number } | null;
  };
}

const post = (url: string, user: string, payload: object) => h.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers: { cookie: h.cookies[user]! } });
const get = (url: string, user: string) => h.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: h.cookies[user]! } });
const codeOf = (response: { json(): unknown }) => (response.json() as { error: { code: string } }).error.code;
const detail = async (id: string, user = 'dispatcher') => (await get(`/cases/${id}`, user)).json() as Detail;

async function intake(body: object, user = 'dispatcher', path = '/cases/hotline'): Promise<CaseView> {
  const response = await post(path, user, { type: 'complaint', ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as CaseView;
}

async function step(c: CaseView, action: string, user: string, body: object = {}): Promise<CaseView> {
  const response = await post(`/cases/${c.id}/${action}`, user, { version: c.version, ...body });
  expect(response.statusCode, `${action}: ${response.body}`).toBe(200);
  return response.json() as CaseView;
}

const parking = { categoryCode: 'SJ-05-02', point: { lon: 114.8951, lat: 30.3902 }, address: '鄂城区滨湖北路小学门口' };

describe('duplicates and merge', () => {
  it('proposes open cases of the same category nearby with similar words, merges one, and tells its reporter when the main case is answered and closed', async () => {
    const main = await intake({ ...parking, description: '滨湖北路小学门口机动车乱停放，堵住上学通道', reporterName: '周先生', reporterPhone: '13600000001' });
    // 60 m away, same problem in other words.
    const repeat = await intake({ ...parking, point: { lon: 114.8957, lat: 30.3903 }, description: '小学门口机动车乱停放，上学通道被堵', reporterName: '郑女士', reporterPhone: '13600000002' });
    // Same words, but 2 km away; same place, but another problem.
    const far = await intake({ ...parking, point: { lon: 114.9160, lat: 30.3902 }, description: '滨湖北路小学门口机动车乱停放，堵住上学通道' });
    const other = await intake({ ...parking, description: '学校旁边的共享单车倒了一地没人管' });

    const proposals = (await detail(repeat.id)).coordination.duplicates;
    expect(proposals.map((d) => d.caseId)).toEqual([main.id]);
    expect(proposals[0]!.distanceM).toBeGreaterThan(40);
    expect(proposals[0]!.distanceM).toBeLessThan(80);
    expect(proposals[0]!.similarity).toBeGreaterThanOrEqual(0.35);
    // Shown on the older case too.
    expect((await detail(main.id)).coordination.duplicates.map((d) => d.caseId)).toContain(repeat.id);
    expect((await detail(far.id)).coordination.duplicates.map((d) => d.caseId)).not.toContain(main.id);
    expect((await detail(other.id)).coordination.duplicates).toEqual([]);

    // Refusals: into itself, a stale version, a handler, another division, a closed case.
    expect(codeOf(await post(`/cases/${repeat.id}/merge`, 'dispatcher', { version: repeat.version, intoCaseId: repeat.id }))).toBe('CASES_MERGE_INTO_ITSELF');
    expect(codeOf(await post(`/cases/${repeat.id}/merge`, 'dispatcher', { version: repeat.version + 5, intoCaseId: main.id }))).toBe('CASES_VERSION_CONFLICT');
    expect(codeOf(await post(`/cases/${repeat.id}/merge`, 'handler', { version: repeat.version, intoCaseId: main.id }))).toBe('AUTH_FORBIDDEN');
    const elsewhere = await intake({ ...parking, divisionCode: '420702', description: '梁子湖区街道机动车乱停放' });
    expect(codeOf(await post(`/cases/${repeat.id}/merge`, 'dispatcher', { version: repeat.version, intoCaseId: elsewhere.id }))).toBe('CASES_MERGE_OTHER_REGION');
    expect(codeOf(await post(`/cases/${elsewhere.id}/merge`, 'lzh.dispatcher', { version: elsewhere.version, intoCaseId: main.id }))).toBe('CASES_OUTSIDE_REGION');
    let done = await intake({ ...parking, point: undefined, description: '已办结的旧案件用于测试合并' });
    done = await step(done, 'dispatch', 'dispatcher', { organisationCode: 'ezhou-cgzfw' });
    done = await step(done, 'sign', 'handler');
    done = await step(done, 'reply', 'handler', { comment: '已处理' });
    done = await step(done, 'callback', 'dispatcher', { satisfaction: 'satisfied' });
    done = await step(done, 'close', 'dispatcher');
    expect(codeOf(await post(`/cases/${repeat.id}/merge`, 'dispatcher', { version: repeat.version, intoCaseId: done.id }))).toBe('CASES_MERGE_TARGET_CLOSED');

    const merged = await step(repeat, 'merge', 'dispatcher', { intoCaseId: main.id, comment: '同一地点同一问题' });
    expect(merged.status).toBe('closed');
    expect(codeOf(await post(`/cases/${repeat.id}/merge`, 'dispatcher', { version: merged.version, intoCaseId: main.id }))).toBe('CASES_CASE_CLOSED');
    const mergedDetail = await detail(repeat.id);
    expect(mergedDetail.coordination.mergedInto).toEqual({ id: main.id, number: main.number });
    expect(mergedDetail.timeline.at(-1)).toMatchObject({ action: 'merge', details: { intoCaseId: main.id } });
    let mainDetail = await detail(main.id);
    expect(mainDetail.coordination.mergedCases.map((m) => m.id)).toEqual([repeat.id]);
    expect(mainDetail.coordination.reporters).toEqual([{ fromCaseId: repeat.id, fromNumber: repeat.number, name: '郑女士', phone: '136****0002', informedReplyAt: null, informedCloseAt: null }]);
    expect(mainDetail.coordination.duplicates).toEqual([]);
    expect(mainDetail.timeline.at(-1)).toMatchObject({ action: 'absorb', details: { fromCaseId: repeat.id } });
    expect(await auditActions(h.platform, repeat.id)).toEqual(['cases.case.intake', 'cases.case.merge']);
    expect(await auditActions(h.platform, main.id)).toEqual(['cases.case.intake', 'cases.case.absorb']);

    // One handling: the main case goes through the loop, the merged reporter is told twice.
    let c = mainDetail.case;
    c = await step(c, 'dispatch', 'dispatcher', { organisationCode: 'ezhou-cgzfw' });
    c = await step(c, 'sign', 'handler');
    c = await step(c, 'reply', 'handler', { comment: '已在校门口设置禁停标志并安排交警值守' });
    mainDetail = await detail(main.id);
    expect(mainDetail.coordination.reporters[0]!.informedReplyAt).not.toBeNull();
    expect(mainDetail.timeline.at(-1)).toMatchObject({ action: 'inform', details: { what: 'reply', reporters: 1 } });
    const told = (await detail(repeat.id)).timeline.filter((e) => e.action === 'inform');
    expect(told).toHaveLength(1);
    expect(told[0]!.comment).toContain('已在校门口设置禁停标志并安排交警值守');
    c = await step(c, 'callback', 'dispatcher', { satisfaction: 'satisfied' });
    await step(c, 'close', 'dispatcher', { comment: '办结' });
    expect((await detail(main.id)).coordination.reporters[0]!.informedCloseAt).not.toBeNull();
    expect((await detail(repeat.id)).timeline.filter((e) => e.action === 'inform').map((e) => e.details?.what)).toEqual(['reply', 'close']);
    expect(await auditActions(h.platform, repeat.id)).toEqual(['cases.case.intake', 'cases.case.merge', 'cases.case.inform', 'cases.case.inform']);
  });
});

describe('hot spots', () => {
  it('counts reports per cell and category over the window, flags cells of five or more, filters by category and stays in the region', async () => {
    const at = { lon: 114.8711, lat: 30.3811 };
    for (let i = 0; i < 5; i += 1) {
      await intake({ categoryCode: 'SJ-02-02', point: { lon: at.lon + i * 0.0002, lat: at.lat }, description: `电线杆上贴满非法小广告，第 ${i + 1} 处` });
    }
    await intake({ categoryCode: 'SJ-02-02', point: { lon: 114.99, lat: 30.45 }, description: '另一处非法小广告' });
    const response = await get('/cases/hotspots?window=7d&category=SJ-02-02', 'dispatcher');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { threshold: number; items: Array<{ gridCode: string | null; cell: { lon: number; lat: number } | null; categoryCode: string; count: number; hot: boolean }> };
    expect(body.items.every((i) => i.categoryCode === 'SJ-02-02')).toBe(true);
    const top = body.items[0]!;
    expect(top).toMatchObject({ count: 5, hot: true });
    if (top.gridCode === null) {
      expect(Math.abs(top.cell!.lon - at.lon)).toBeLessThan(0.005);
      expect(Math.abs(top.cell!.lat - at.lat)).toBeLessThan(0.005);
    }
    expect(body.items.filter((i) => i.count === 1).every((i) => !i.hot)).toBe(true);
    // A report of 20 days ago counts in the 30-day window only.
    const old = await intake({ categoryCode: 'SJ-02-02', point: at, description: '三周前的非法小广告' });
    await h.platform.database.db.updateTable('cases_case').set({ created_at: new Date(Date.now() - 20 * 86_400_000) }).where('id', '=', old.id).execute();
    const sameCell = (items: typeof body.items) => items.find((i) => i.gridCode === top.gridCode && JSON.stringify(i.cell) === JSON.stringify(top.cell))!.count;
    expect(sameCell(((await get('/cases/hotspots?window=7d&category=SJ-02-02', 'dispatcher')).json() as typeof body).items)).toBe(5);
    expect(sameCell(((await get('/cases/hotspots?window=30d&category=SJ-02-02', 'dispatcher')).json() as typeof body).items)).toBe(6);
    expect(((await get('/cases/hotspots?category=SJ-02-02', 'lzh.dispatcher')).json() as { items: unknown[] }).items).toEqual([]);
    expect((await get('/cases/hotspots?window=90d', 'dispatcher')).statusCode).toBe(400);
  });
});

describe('escalation', () => {
  it('raises a district case to the city by its district dispatcher, and refuses other levels, the top, stale versions and closed cases', async () => {
    let c = await intake({ categoryCode: 'SJ-01-05', description: '梁子湖区某工地夜间施工噪声扰民' }, 'lzh.dispatcher');
    expect(c.divisionCode).toBe('420702');
    expect((await detail(c.id, 'lzh.dispatcher')).coordination.level).toBe('district');
    expect(codeOf(await post(`/cases/${c.id}/escalate`, 'handler', { version: c.version, reason: '需市级协调' }))).toBe('CASES_ESCALATION_NOT_ALLOWED');
    expect(codeOf(await post(`/cases/${c.id}/escalate`, 'gridworker', { version: c.version, reason: '需市级协调' }))).toBe('CASES_OUTSIDE_REGION');
    expect(codeOf(await post(`/cases/${c.id}/escalate`, 'lzh.dispatcher', { version: c.version + 1, reason: '需市级协调' }))).toBe('CASES_VERSION_CONFLICT');
    expect((await post(`/cases/${c.id}/escalate`, 'lzh.dispatcher', { version: c.version })).statusCode).toBe(400);
    c = await step(c, 'escalate', 'lzh.dispatcher', { reason: '涉及多个区，需市级协调' });
    const after = await detail(c.id);
    expect(after.coordination.level).toBe('city');
    expect(after.timeline.at(-1)).toMatchObject({ action: 'escalate', comment: '涉及多个区，需市级协调', details: { from: 'district', to: 'city' } });
    expect(await auditActions(h.platform, c.id)).toEqual(['cases.case.intake', 'cases.case.escalate']);
    expect(codeOf(await post(`/cases/${c.id}/escalate`, 'lzh.dispatcher', { version: c.version, reason: '再上报' }))).toBe('CASES_ESCALATION_NOT_ALLOWED');
    expect(codeOf(await post(`/cases/${c.id}/escalate`, 'dispatcher', { version: c.version, reason: '再上报' }))).toBe('CASES_ESCALATION_TOP');
  });

  it('lets a grid worker raise a grid report to the community, and refuses on a closed case', async () => {
    let c = await intake({ type: 'report', categoryCode: 'SJ-01-01', description: '凤凰街道某小区后门垃圾堆积多日' }, 'gridworker', '/cases/grid-reports');
    expect((await detail(c.id)).coordination.level).toBe('grid');
    c = await step(c, 'escalate', 'gridworker', { reason: '网格内无法处理' });
    expect((await detail(c.id)).coordination.level).toBe('community');
    expect(codeOf(await post(`/cases/${c.id}/escalate`, 'gridworker', { version: c.version, reason: '再上报' }))).toBe('CASES_ESCALATION_NOT_ALLOWED');

    let closed = await intake({ categoryCode: 'SJ-01-01', description: '垃圾堆积，已合并的案件' });
    const into = await intake({ categoryCode: 'SJ-01-01', description: '垃圾堆积，主案件' });
    closed = await step(closed, 'merge', 'dispatcher', { intoCaseId: into.id });
    expect(codeOf(await post(`/cases/${closed.id}/escalate`, 'dispatcher', { version: closed.version, reason: '上报' }))).toBe('CASES_CASE_CLOSED');
  });
});

describe('吹哨报到', () => {
  it('lets a street summon departments, who find the case in their inbox and report in once', async () => {
    let c = await intake({ type: 'report', categoryCode: 'SJ-03-03', description: '凤凰街道某小区楼顶违法搭建彩钢棚' }, 'gridworker', '/cases/grid-reports');
    c = await step(c, 'dispatch', 'dispatcher', { organisationCode: 'ezhou-cgzfw' });
    const summon = { organisationCodes: ['ezhou-zjj'], note: '违建涉及房屋安全，请住建部门到场' };
    expect(codeOf(await post(`/cases/${c.id}/summon`, 'dispatcher', { version: c.version, ...summon }))).toBe('CASES_SUMMON_NOT_ALLOWED');
    expect(codeOf(await post(`/cases/${c.id}/summon`, 'gridworker', { version: c.version, ...summon }))).toBe('CASES_SUMMON_NOT_ALLOWED');
    expect(codeOf(await post(`/cases/${c.id}/summon`, 'lzh.dispatcher', { version: c.version, ...summon }))).toBe('CASES_OUTSIDE_REGION');
    expect(codeOf(await post(`/cases/${c.id}/summon`, 'fhjd.dispatcher', { version: c.version, ...summon, organisationCodes: ['no-such-org'] }))).toBe('CASES_ORGANISATION_NOT_FOUND');
    expect(codeOf(await post(`/cases/${c.id}/summon`, 'fhjd.dispatcher', { version: c.version - 1, ...summon }))).toBe('CASES_VERSION_CONFLICT');
    expect((await post(`/cases/${c.id}/summon`, 'fhjd.dispatcher', { version: c.version, organisationCodes: [], note: '空' })).statusCode).toBe(400);

    c = await step(c, 'summon', 'fhjd.dispatcher', summon);
    const inbox = (await get('/cases/inbox?pageSize=200', 'zjj.handler')).json() as { items: CaseView[] };
    expect(inbox.items.map((i) => i.id)).toContain(c.id);
    expect(codeOf(await post(`/cases/${c.id}/report-in`, 'handler', { version: c.version }))).toBe('CASES_NOT_SUMMONED');
    expect(codeOf(await post(`/cases/${c.id}/report-in`, 'zjj.handler', { version: c.version + 3 }))).toBe('CASES_VERSION_CONFLICT');
    c = await step(c, 'report-in', 'zjj.handler', { comment: '住建局执法人员已到场' });
    expect(codeOf(await post(`/cases/${c.id}/report-in`, 'zjj.handler', { version: c.version }))).toBe('CASES_NOT_SUMMONED');
    const d = await detail(c.id);
    expect(d.coordination.summons).toMatchObject([{ organisationCode: 'ezhou-zjj', reportedAt: expect.any(String) }]);
    expect(d.timeline.slice(-2).map((e) => e.action)).toEqual(['summon', 'report_in']);
    expect(await auditActions(h.platform, c.id)).toEqual(['cases.case.intake', 'cases.case.dispatch', 'cases.case.summon', 'cases.case.report_in']);
  });
});

describe('督办', () => {
  it('lets the city command centre supervise a case, flags it in the queue and the board, and refuses others', async () => {
    let c = await intake({ categoryCode: 'SJ-04-02', description: '凤凰路下穿通道积水严重，车辆熄火' });
    const dueAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    expect(codeOf(await post(`/cases/${c.id}/supervise`, 'lzh.dispatcher', { version: c.version, note: '请加快办理' }))).toBe('CASES_SUPERVISE_NOT_ALLOWED');
    expect(codeOf(await post(`/cases/${c.id}/supervise`, 'handler', { version: c.version, note: '请加快办理' }))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await post(`/cases/${c.id}/supervise`, 'dispatcher', { version: c.version, note: '请加快办理', dueAt: '2020-01-01T00:00:00Z' }))).toBe('CASES_INVALID_DUE_AT');
    expect(codeOf(await post(`/cases/${c.id}/supervise`, 'dispatcher', { version: c.version + 1, note: '请加快办理' }))).toBe('CASES_VERSION_CONFLICT');
    c = await step(c, 'supervise', 'dispatcher', { note: '市指挥中心督办：48 小时内排除积水', dueAt });
    c = await step(c, 'supervise', 'dispatcher', { note: '再次督办' });
    expect((await detail(c.id)).coordination.supervision).toMatchObject({ note: '再次督办', times: 2 });

    const queue = (await get('/cases?pageSize=200', 'dispatcher')).json() as { items: CaseView[] };
    expect(queue.items.find((i) => i.id === c.id)!.supervision).toMatchObject({ note: '再次督办', times: 2, overdue: false });
    expect(queue.items.filter((i) => i.id !== c.id).every((i) => i.supervision === null)).toBe(true);
    const board = (await get('/cases/supervision', 'dispatcher')).json() as { items: CaseView[]; total: number };
    expect(board.items.map((i) => i.id)).toContain(c.id);
    expect(board.items.every((i) => i.supervision)).toBe(true);
    expect(((await get('/cases/supervision', 'lzh.dispatcher')).json() as { items: CaseView[] }).items.map((i) => i.id)).not.toContain(c.id);
    expect(await auditActions(h.platform, c.id)).toEqual(['cases.case.intake', 'cases.case.supervise', 'cases.case.supervise']);

    const into = await intake({ categoryCode: 'SJ-04-02', description: '积水主案件' });
    c = await step(c, 'merge', 'dispatcher', { intoCaseId: into.id });
    expect(codeOf(await post(`/cases/${c.id}/supervise`, 'dispatcher', { version: c.version, note: '督办' }))).toBe('CASES_CASE_CLOSED');
    expect(((await get('/cases/supervision', 'dispatcher')).json() as { items: CaseView[] }).items.map((i) => i.id)).not.toContain(c.id);
  });
});
