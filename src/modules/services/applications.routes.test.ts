import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInShanghai } from '../../kernel/calendar/index.js';
import type { Platform } from '../../platform.js';
import { PNG, requestsTo, startDemoApp, uploadId } from './applications.testkit.js';

let platform: Platform;
let app: FastifyInstance;
let cookies: Record<string, string>;

const FOOD_ITEM = '010004300000-420700000000-000-114207000110010179-1-00';
const SOLE_TRADER_ITEM = '010004200000-420700000000-000-114207000110010179-1-00';
const ELDERLY_ITEM = '200019100000-420704001000-000-11420704010874123P-1-00';
const ENTERTAINMENT_ITEM = '010015200000-420700000000-000-11420700010874019R-1-00';
const FOOD_LICENSE = '114207000110010179002';
const BUSINESS_LICENSE = '114207000110010179001';

interface Detail {
  id: string;
  number: string;
  status: string;
  step: string | null;
  version: number;
  instant: string | null;
  instantTrace: Array<{ source: string; passed: boolean; actual: unknown; label: string | null }> | null;
  decision: string | null;
  decisionReason: string | null;
  license: { id: string; identifier: string } | null;
  deadline: { dueOn: string | null; acceptedOn: string | null; workingDaysLeft: number | null; suspended: boolean; state: string; onTime: boolean | null; limitDays: number };
  progress: Array<{ step: string; state: string }>;
  materials: Array<{ id: string; name: string; source: string; license: { identifier: string } | null; file: { sm3: string } | null; note: string | null }>;
  log: Array<{ action: string; status: string; organisationName: string | null; actorName?: string | null }>;
  correction: { reason: string; materials: string[] } | null;
  form: Record<string, unknown>;
  actions?: string[];
  reviews?: Array<{ organisationCode: string; lead: boolean; status: string; opinion: string | null }>;
  applicantLicenses?: Array<{ type: { code: string }; state: string; attachedAs: string[] }>;
}

beforeAll(async () => {
  ({ platform, app, cookies } = await startDemoApp(['officer', 'admin', 'zhangsan', 'huangshaochen', 'chuangyi', 'culture.officer', 'police.officer', 'emergency.officer', 'fenghuang.officer', 'market.steward']));
}, 240_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

const { get, post } = requestsTo(() => app);
const codeOf = (response: LightMyRequestResponse) => (response.json() as { error?: { code: string } }).error?.code;

function ok<T = Detail>(response: LightMyRequestResponse, status = 200): T {
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as T;
}

const act = (id: string, action: string, body: Record<string, unknown>, who = 'officer') => post(`/services/handle/applications/${id}/${action}`, body, cookies[who]);

/** A 食品经营许可 application by 创益食品 with the three materials it must upload. */
async function foodApplication(items: string[], mainBusiness = '餐饮服务经营者') {
  const cookie = cookies.chuangyi!;
  const materials = [
    { name: '与食品经营相适应的主要设备设施、经营布局、操作流程等文件', fileId: await uploadId(app, cookie, '布局.pdf') },
    { name: '食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录清单', fileId: await uploadId(app, cookie, '制度.pdf') },
    { name: '食品安全管理人员身份证明', fileId: await uploadId(app, cookie, '身份证.png', PNG) },
  ];
  return post('/services/my/applications', { item: FOOD_ITEM, form: { phone: '13800138000', agentName: '白丹', agentIdNumber: '420704198507221127', premises: '华容区段店镇集镇大道170号', mainBusiness, items }, materials }, cookie);
}

describe('the demo', () => {
  it('has verified applicants who log in through the ordinary login, and loads idempotently', async () => {
    const me = ok<{ user: { roles: Array<{ code: string }>; permissions: string[] } }>(await get('/auth/me', cookies.zhangsan));
    expect(me.user.roles.map((r) => r.code)).toEqual(['applicant']);
    expect(me.user.permissions).toEqual(['services.apply']);
    const profile = ok<{ name: string; kind: string; code: string; codeMasked: string; prefill: Record<string, string> }>(await get('/services/my/profile', cookies.zhangsan));
    expect(profile).toMatchObject({ name: '徐佳丽', kind: 'person', code: '420704199703048784', codeMasked: '4207**********8784' });
    expect(profile.prefill).toMatchObject({ applicantName: '徐佳丽', idNumber: '420704199703048784', phone: '17719093778' });
    const again = await platform.services.seedDemoWorkflow('Yiwang@2026');
    expect(again).toEqual({ officersCreated: [], applicantsCreated: [], applicantsSkipped: [], procedures: 5 });
  });

  it('shows an applicant which materials their e-licenses replace before they apply', async () => {
    const prepared = ok<{ form: Record<string, string>; instantApproval: boolean; materials: Array<{ name: string; provided: string | null; license: { name: string } | null }> }>(
      await get(`/services/my/items/${FOOD_ITEM}/prepare`, cookies.chuangyi),
    );
    expect(prepared.instantApproval).toBe(true);
    expect(prepared.form).toMatchObject({ entityName: '鄂州市创益食品有限公司', creditCode: '91420700042070699W', legalRepresentative: '白丹' });
    const byName = new Map(prepared.materials.map((m) => [m.name, m]));
    expect(byName.get('营业执照')).toMatchObject({ provided: 'license', license: { name: '营业执照' } });
    expect(byName.get('食品经营许可申请书')?.provided).toBe('waived');
    expect(byName.get('食品安全管理人员身份证明')?.provided).toBeNull();
  });
});

describe('the full lifecycle of a single item', () => {
  it('goes 受理 → 审查 → 决定 → 办结 with an e-license replacing a material and a license issued at the end', async () => {
    const submitted = ok(await foodApplication(['热食类食品制售']), 201);
    expect(submitted.number).toMatch(/^420700-\d{8}-\d{6}$/);
    expect(submitted.status).toBe('submitted');
    // 热食类 is not for 秒批: refused with the trace, waiting for 受理.
    expect(submitted.instant).toBe('refused');
    expect(submitted.instantTrace!.filter((t) => !t.passed).map((t) => t.label)).toEqual(['主体业态为食品销售经营者', '仅销售预包装食品']);
    const licence = submitted.materials.find((m) => m.name === '营业执照')!;
    expect(licence.source).toBe('license');
    expect(licence.license!.identifier).toMatch(/^1\.2\.156\.3005\.2\.114207000110010179001\./);
    expect(submitted.materials.find((m) => m.name === '食品经营许可申请书')).toMatchObject({ source: 'waived', note: '在线填写的申请表即为申请书' });
    expect(submitted.materials.filter((m) => m.source === 'upload')).toHaveLength(3);
    // The identity fields are the verified ones, whatever was sent.
    expect(submitted.form).toMatchObject({ entityName: '鄂州市创益食品有限公司', creditCode: '91420700042070699W' });
    expect(submitted.progress.map((p) => p.state)).toEqual(['current', 'pending', 'pending', 'pending']);

    const inbox = ok<{ items: Array<{ id: string }> }>(await get('/services/handle/applications', cookies.officer));
    expect(inbox.items.map((i) => i.id)).toContain(submitted.id);
    const seen = ok(await get(`/services/handle/applications/${submitted.id}`, cookies.officer));
    expect(seen.actions).toEqual(['accept', 'send_back', 'reject']);
    expect(seen.applicantLicenses!.find((l) => l.type.code === BUSINESS_LICENSE)).toMatchObject({ state: 'valid', attachedAs: ['营业执照'] });
    // The revoked old food license is shown beside the materials as revoked.
    expect(seen.applicantLicenses!.find((l) => l.type.code === FOOD_LICENSE)?.state).toBe('revoked');

    const today = todayInShanghai();
    const accepted = ok(await act(submitted.id, 'accept', { version: submitted.version }));
    expect(accepted.status).toBe('reviewing');
    expect(accepted.deadline).toMatchObject({ acceptedOn: today, dueOn: platform.calendar.addWorkingDays(today, 5).date, workingDaysLeft: 5, limitDays: 5 });
    expect(accepted.reviews).toEqual([expect.objectContaining({ lead: true, status: 'pending' })]);
    expect(accepted.actions).toEqual(['review', 'send_back', 'reject']);

    const reviewed = ok(await act(submitted.id, 'review', { version: accepted.version, opinion: 'agree', comment: '材料齐全，现场核查符合要求' }));
    expect(reviewed.status).toBe('deciding');
    const approved = ok(await act(submitted.id, 'approve', { version: reviewed.version }));
    expect(approved.status).toBe('approved');
    expect(approved.actions).toEqual(['complete']);
    const completed = ok(await act(submitted.id, 'complete', { version: approved.version }));
    expect(completed.status).toBe('completed');
    expect(completed.deadline.onTime).toBe(true);
    expect(completed.progress.every((p) => p.state === 'done')).toBe(true);
    expect(completed.log.map((l) => l.action)).toEqual(['submit', 'accept', 'review', 'approve', 'complete']);
    expect(completed.log.at(-1)?.actorName).toBe('张审批（officer）');

    const licenses = ok<{ items: Array<{ identifier: string; type: { code: string }; state: string; data: Record<string, unknown>; relatedItem: { code: string } | null }> }>(
      await get('/services/my/licenses', cookies.chuangyi),
    );
    const issued = licenses.items.find((l) => l.identifier === completed.license!.identifier)!;
    expect(issued).toMatchObject({ type: { code: FOOD_LICENSE }, state: 'valid', relatedItem: { code: FOOD_ITEM } });
    expect(issued.data).toEqual({ legalRepresentative: '白丹', address: '华容区段店镇集镇大道170号', premises: '华容区段店镇集镇大道170号', businessForm: '餐饮服务经营者', businessItems: '热食类食品制售' });
    expect((await platform.licenses.verify(completed.license!.identifier)).status).toBe('valid');

    const messages = ok<{ items: Array<{ id: string; title: string; applicationId: string }>; unread: number }>(await get('/services/my/messages?pageSize=100', cookies.chuangyi));
    expect(messages.items.filter((m) => m.applicationId === submitted.id).map((m) => m.title)).toEqual([
      '「食品经营许可」已办结',
      '「食品经营许可」审批通过',
      '「食品经营许可」审查完成',
      '「食品经营许可」已受理',
      '「食品经营许可」申请已提交',
    ]);
    const read = await post(`/services/my/messages/${messages.items[0]!.id}/read`, {}, cookies.chuangyi);
    expect(read.statusCode).toBe(204);
    expect(ok<{ unread: number }>(await get('/services/my/messages', cookies.chuangyi)).unread).toBe(messages.unread - 1);

    for (const action of ['submit', 'accept', 'review', 'approve', 'complete']) {
      const records = await platform.audit.list({ page: 1, pageSize: 500, action: `services.application.${action}` });
      expect(records.items.some((r) => r.target === `services.application:${submitted.id}`), action).toBe(true);
    }
  });

  it('serves uploaded materials to the applicant and to the officer, checked against their SM3 hash', async () => {
    const list = ok<{ items: Array<{ id: string }> }>(await get('/services/my/applications', cookies.chuangyi));
    const detail = ok(await get(`/services/my/applications/${list.items.at(-1)!.id}`, cookies.chuangyi));
    const photo = detail.materials.find((m) => m.name === '食品安全管理人员身份证明')!;
    for (const url of [`/services/my/applications/${detail.id}/materials/${photo.id}/file`, `/services/handle/applications/${detail.id}/materials/${photo.id}/file`]) {
      const file = await get(url, url.includes('/my/') ? cookies.chuangyi : cookies.officer);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(file.rawPayload.equals(PNG)).toBe(true);
    }
    // Another applicant, and an officer of another organisation, see nothing.
    expect(codeOf(await get(`/services/my/applications/${detail.id}/materials/${photo.id}/file`, cookies.zhangsan))).toBe('SERVICES_APPLICATION_NOT_FOUND');
    expect(codeOf(await get(`/services/handle/applications/${detail.id}`, cookies['police.officer']))).toBe('SERVICES_APPLICATION_NOT_FOUND');
  });
});

describe('instant approval (秒批秒办)', () => {
  it('approves and issues the license within the request when every rule passes', async () => {
    const done = ok(await foodApplication(['预包装食品销售'], '食品销售经营者'), 201);
    expect(done.status).toBe('completed');
    expect(done.instant).toBe('approved');
    expect(done.instantTrace!.every((t) => t.passed)).toBe(true);
    expect(done.instantTrace!.map((t) => t.source)).toEqual(['registry.entity.status', 'form.mainBusiness', 'form.items', 'material:营业执照']);
    expect(done.license).not.toBeNull();
    expect((await platform.licenses.verify(done.license!.identifier)).status).toBe('valid');
    expect(done.log.map((l) => l.action)).toEqual(['submit', 'instant_approve', 'complete']);
    expect(done.deadline).toMatchObject({ acceptedOn: todayInShanghai(), onTime: true });
  });

  it('approves a sole trader whose premises are proven by an e-license, with nothing uploaded', async () => {
    const done = ok(await post('/services/my/applications', { item: SOLE_TRADER_ITEM, form: { phone: '17719093778', businessScope: '日用百货零售', premises: '鄂城区西山街道吴楚大道212号', formOfOrganisation: '个人经营' }, materials: [] }, cookies.zhangsan), 201);
    expect(done).toMatchObject({ status: 'completed', instant: 'approved', license: null });
    expect(done.materials.find((m) => m.name === '经营场所使用相关文件')).toMatchObject({ source: 'license', license: expect.objectContaining({ identifier: expect.stringContaining('1142070001100404X6001') }) });
  });

  it('refuses when the registry does not prove eligibility, whatever the form says, and the application goes to an officer', async () => {
    const form = { phone: '17719093778', age: 60 };
    const materials = [{ name: '近期一寸免冠照片', fileId: await uploadId(app, cookies.zhangsan!, '照片.png', PNG) }];
    const refused = ok(await post('/services/my/applications', { item: ELDERLY_ITEM, form, materials }, cookies.zhangsan), 201);
    expect(refused).toMatchObject({ status: 'submitted', instant: 'refused', decision: null });
    const failed = refused.instantTrace!.filter((t) => !t.passed);
    expect(failed).toEqual([expect.objectContaining({ source: 'registry.person.age', actual: 29 })]);
    const inbox = ok<{ items: Array<{ id: string }> }>(await get('/services/handle/applications', cookies['fenghuang.officer']));
    expect(inbox.items.map((i) => i.id)).toContain(refused.id);
    const messages = ok<{ items: Array<{ body: string; applicationId: string }> }>(await get('/services/my/messages', cookies.zhangsan));
    expect(messages.items.find((m) => m.applicationId === refused.id)?.body).toContain('未通过秒批（年满 60 周岁（人口库出生日期））');

    const elder = ok(await post('/services/my/applications', { item: ELDERLY_ITEM, form: { phone: '18074879685', age: 89 }, materials: [{ name: '近期一寸免冠照片', fileId: await uploadId(app, cookies.huangshaochen!, '照片.png', PNG) }] }, cookies.huangshaochen), 201);
    expect(elder).toMatchObject({ status: 'completed', instant: 'approved' });
  });
});

describe('rejection', () => {
  it('refuses with the reason at 审查, marks the later steps skipped and accepts no further action', async () => {
    const submitted = ok(await foodApplication(['冷食类食品制售']), 201);
    const accepted = ok(await act(submitted.id, 'accept', { version: submitted.version }));
    const rejected = ok(await act(submitted.id, 'reject', { version: accepted.version, reason: '经营场所与食品安全要求不符，存在交叉污染风险' }));
    expect(rejected).toMatchObject({ status: 'rejected', decision: 'rejected', decisionReason: '经营场所与食品安全要求不符，存在交叉污染风险', actions: [] });
    expect(rejected.progress.map((p) => p.state)).toEqual(['done', 'rejected', 'skipped', 'skipped']);
    expect(codeOf(await act(submitted.id, 'approve', { version: rejected.version }))).toBe('SERVICES_INVALID_TRANSITION');
    const messages = ok<{ items: Array<{ title: string; body: string; applicationId: string }> }>(await get('/services/my/messages', cookies.chuangyi));
    expect(messages.items.find((m) => m.applicationId === submitted.id)).toMatchObject({ title: '「食品经营许可」不予许可', body: expect.stringContaining('交叉污染') });
  });

  it('is 不予受理 before acceptance', async () => {
    const submitted = ok(await foodApplication(['自制饮品制售']), 201);
    const rejected = ok(await act(submitted.id, 'reject', { version: submitted.version, reason: '申请事项不属于本机关职权范围' }));
    expect(rejected.progress.map((p) => p.state)).toEqual(['rejected', 'skipped', 'skipped', 'skipped']);
    expect(rejected.deadline.onTime).toBeNull();
  });
});

describe('补正 (send back for correction)', () => {
  it('stops the clock, tells the applicant what to correct, and resumes after resubmission', async () => {
    const submitted = ok(await foodApplication(['散装食品销售'], '食品销售经营者'), 201);
    const accepted = ok(await act(submitted.id, 'accept', { version: submitted.version }));
    const material = '食品安全管理人员身份证明';
    const sent = ok(await act(submitted.id, 'send-back', { version: accepted.version, reason: '身份证明照片不清晰', materials: [material] }));
    expect(sent.status).toBe('correction');
    expect(sent.deadline).toMatchObject({ suspended: true, dueOn: null, workingDaysLeft: 5 });
    expect(sent.correction).toMatchObject({ reason: '身份证明照片不清晰', materials: [material] });
    expect(sent.progress.map((p) => p.state)).toEqual(['done', 'correction', 'pending', 'pending']);
    expect(codeOf(await act(submitted.id, 'review', { version: sent.version, opinion: 'agree' }))).toBe('SERVICES_INVALID_TRANSITION');

    const mine = ok(await get(`/services/my/applications/${submitted.id}`, cookies.chuangyi));
    expect(mine.correction?.reason).toBe('身份证明照片不清晰');
    const before = mine.materials.find((m) => m.name === material)!;
    const fileId = await uploadId(app, cookies.chuangyi!, '身份证-清晰.pdf', Buffer.from('%PDF-1.7 clearer copy'));
    expect(codeOf(await post(`/services/my/applications/${submitted.id}/resubmit`, { version: sent.version - 1, materials: [{ name: material, fileId }] }, cookies.chuangyi))).toBe(
      'SERVICES_APPLICATION_VERSION_CONFLICT',
    );
    const resumed = ok(await post(`/services/my/applications/${submitted.id}/resubmit`, { version: sent.version, materials: [{ name: material, fileId }] }, cookies.chuangyi));
    expect(resumed.status).toBe('reviewing');
    expect(resumed.correction).toBeNull();
    const today = todayInShanghai();
    expect(resumed.deadline).toMatchObject({ suspended: false, dueOn: platform.calendar.addWorkingDays(today, 5).date, workingDaysLeft: 5 });
    const after = resumed.materials.find((m) => m.name === material)!;
    expect(after.file!.sm3).not.toBe(before.file!.sm3);
    expect(resumed.log.map((l) => l.action)).toEqual(['submit', 'accept', 'send_back', 'resubmit']);
    expect(codeOf(await post(`/services/my/applications/${submitted.id}/resubmit`, { version: resumed.version }, cookies.chuangyi))).toBe('SERVICES_INVALID_TRANSITION');
  });
});

describe('parallel department review (并联审查)', () => {
  it('completes 审查 only when the implementing and every parallel department have reviewed', async () => {
    const cookie = cookies.chuangyi!;
    const materials = [
      { name: '投资人、法定代表人、主要负责人的身份证明', fileId: await uploadId(app, cookie) },
      { name: '场所使用权证明', fileId: await uploadId(app, cookie) },
      { name: '消防安全检查合格证明或承诺书', fileId: await uploadId(app, cookie) },
    ];
    const submitted = ok(await post('/services/my/applications', { item: ENTERTAINMENT_ITEM, form: { phone: '13800138000', agentName: '白丹', agentIdNumber: '420704198507221127', kind: '歌舞娱乐场所', area: 320, rooms: 8 }, materials }, cookie), 201);
    expect(submitted.instant).toBeNull();
    // The reviewing departments see nothing before acceptance.
    expect(codeOf(await get(`/services/handle/applications/${submitted.id}`, cookies['police.officer']))).toBe('SERVICES_APPLICATION_NOT_FOUND');
    let current = ok(await act(submitted.id, 'accept', { version: submitted.version }, 'culture.officer'));
    expect(current.reviews!.map((r) => [r.organisationCode, r.lead])).toEqual([
      ['ezhou-wlj', true],
      ['ezhou-gaj', false],
      ['ezhou-yjglj', false],
    ]);
    const police = ok<{ items: Array<{ id: string }> }>(await get('/services/handle/applications', cookies['police.officer']));
    expect(police.items.map((i) => i.id)).toContain(submitted.id);
    const seen = ok(await get(`/services/handle/applications/${submitted.id}`, cookies['police.officer']));
    expect(seen.actions).toEqual(['review']);
    expect(codeOf(await act(submitted.id, 'accept', { version: current.version }, 'police.officer'))).toBe('SERVICES_INVALID_TRANSITION');

    current = ok(await act(submitted.id, 'review', { version: current.version, opinion: 'agree' }, 'police.officer'));
    expect(current.status).toBe('reviewing');
    expect(codeOf(await act(submitted.id, 'review', { version: current.version, opinion: 'agree' }, 'police.officer'))).toBe('SERVICES_REVIEW_ALREADY_DONE');
    current = ok(await act(submitted.id, 'review', { version: current.version, opinion: 'agree', comment: '同意' }, 'culture.officer'));
    expect(current.status).toBe('reviewing');
    current = ok(await act(submitted.id, 'review', { version: current.version, opinion: 'disagree', comment: '疏散通道宽度不足，建议整改后复核' }, 'emergency.officer'));
    expect(current.status).toBe('deciding');
    expect(current.reviews!.map((r) => r.opinion)).toEqual(['agree', 'agree', 'disagree']);
    // A reviewing department does not decide.
    expect(codeOf(await act(submitted.id, 'approve', { version: current.version }, 'police.officer'))).toBe('SERVICES_NOT_HANDLER');
    const decided = ok(await act(submitted.id, 'reject', { version: current.version, reason: '消防安全条件不符合要求' }, 'culture.officer'));
    expect(decided.status).toBe('rejected');
  });
});

describe('optimistic concurrency', () => {
  it('lets one of two simultaneous acceptances through and answers the other 409', async () => {
    const submitted = ok(await foodApplication(['热食类食品制售', '冷食类食品制售']), 201);
    const [a, b] = await Promise.all([act(submitted.id, 'accept', { version: submitted.version }), act(submitted.id, 'accept', { version: submitted.version })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([codeOf(a), codeOf(b)].filter(Boolean)).toEqual(expect.arrayContaining([expect.stringMatching(/^SERVICES_(APPLICATION_VERSION_CONFLICT|INVALID_TRANSITION)$/)]));
  });
});
