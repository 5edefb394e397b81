import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sm3Hex } from '../../kernel/crypto/index.js';
import { citizenIdCheckChar } from '../../kernel/identifiers/index.js';
import { loginAs } from '../../kernel/testing/test-platform.js';
import type { Platform } from '../../platform.js';
import { PDF, PNG, requestsTo, startDemoApp, upload, uploadId } from './applications.testkit.js';

let platform: Platform;
let app: FastifyInstance;
let cookies: Record<string, string>;

const FOOD_ITEM = '010004300000-420700000000-000-114207000110010179-1-00';
const SOLE_TRADER_ITEM = '010004200000-420700000000-000-114207000110010179-1-00';
const SOCIAL_CARD_ITEM = '200002100000-420700000000-000-11420700010873577Y-1-00';
const ELDERLY_ITEM = '200019100000-420704001000-000-11420704010874123P-1-00';
const CORRECTION_ITEM = '070000500000-420700000000-000-114207000108733157-1-00';
const PROPERTY_LICENSE = '1142070001100404X6001';
// A 襄阳 resident, imported into the register for the cross-region cases.
const XIANGYANG_BASE = '42060219560312101';
const XIANGYANG_ID = `${XIANGYANG_BASE}${citizenIdCheckChar(XIANGYANG_BASE)}`;

beforeAll(async () => {
  ({ platform, app, cookies } = await startDemoApp(['officer', 'admin', 'zhangsan', 'chuangyi', 'police.officer', 'market.steward'], async (demo) => {
    const csv = path.join(demo.config.dataDir, 'xiangyang.csv');
    fs.writeFileSync(csv, `公民身份号码,姓名,性别,出生日期,民族,户籍地区划代码,住址,联系电话,人员状态\n${XIANGYANG_ID},孟庆国,男,1956-03-12,汉族,420602002,襄城区古城街道北街12号,13907100000,正常\n`);
    await demo.registry.service.importFile({ kind: 'persons', file: csv });
  }));
}, 240_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

const { get, send, post } = requestsTo(() => app);
const error = (response: LightMyRequestResponse) => ({ status: response.statusCode, code: (response.json() as { error?: { code: string } }).error?.code });
const register = (body: Record<string, unknown>, remoteAddress = '10.1.0.1') => send('POST', '/services/applicants', body, undefined, remoteAddress);
const applyAs = (cookie: string, item: string, form: Record<string, unknown>, materials: Array<{ name: string; fileId: string }> = []) =>
  post('/services/my/applications', { item, form, materials }, cookie);

async function foodMaterials(cookie: string) {
  return [
    { name: '与食品经营相适应的主要设备设施、经营布局、操作流程等文件', fileId: await uploadId(app, cookie) },
    { name: '食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录清单', fileId: await uploadId(app, cookie) },
    { name: '食品安全管理人员身份证明', fileId: await uploadId(app, cookie) },
  ];
}
const foodForm = { phone: '13800138000', agentName: '白丹', agentIdNumber: '420704198507221127', premises: '华容区段店镇集镇大道170号', mainBusiness: '餐饮服务经营者', items: ['热食类食品制售'] };

describe('registration', () => {
  it('registers a citizen whose name and ID number match the register, who then logs in', async () => {
    const response = await register({ kind: 'person', username: 'zhangtingting', password: 'Tingting2026', name: '张婷婷', idNumber: '420704199804138527' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ kind: 'person', name: '张婷婷', codeMasked: '4207**********8527', divisionCode: '420704002' });
    expect(JSON.stringify(response.json())).not.toContain('420704199804138527');
    const cookie = await loginAs(app, 'zhangtingting', 'Tingting2026');
    expect((await get('/services/my/profile', cookie)).statusCode).toBe(200);
  });

  it('registers an enterprise by credit code and its legal representative', async () => {
    const response = await register({ kind: 'enterprise', username: 'lijichaoshi', password: 'Lijichaoshi2026', creditCode: '92420704MA49GNDK9Q', representativeName: '张刚', representativeIdNumber: '420703198110063996' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ kind: 'enterprise', name: '鄂州市鄂城区杜山镇李记超市', representativeName: '张刚' });
  });

  it('refuses identities that do not match the register: SERVICES_APPLICANT_NOT_VERIFIED', async () => {
    expect(error(await register({ kind: 'person', username: 'wrongname', password: 'Password2026', name: '张婷', idNumber: '420704199804138527' }))).toEqual({ status: 422, code: 'SERVICES_APPLICANT_NOT_VERIFIED' });
    expect(error(await register({ kind: 'enterprise', username: 'wrongrep', password: 'Password2026', creditCode: '92420704MA49GNDK9Q', representativeName: '张刚', representativeIdNumber: '420704198507221127' }))).toEqual({
      status: 422,
      code: 'SERVICES_APPLICANT_NOT_VERIFIED',
    });
    // 注销 (deregistered) entities are not verified either.
    expect(error(await register({ kind: 'enterprise', username: 'gone', password: 'Password2026', creditCode: '91420700895112942D', representativeName: '卢翠菊', representativeIdNumber: '420704196107069569' }))).toEqual({
      status: 422,
      code: 'SERVICES_APPLICANT_NOT_VERIFIED',
    });
    expect(error(await register({ kind: 'person', username: 'badid', password: 'Password2026', name: '张婷婷', idNumber: '420704199804138528' }))).toEqual({ status: 400, code: 'REGISTRY_INVALID_ID_NUMBER' });
  });

  it('refuses a second account for one identity: SERVICES_APPLICANT_EXISTS', async () => {
    expect(error(await register({ kind: 'person', username: 'zhangsan2', password: 'Password2026', name: '徐佳丽', idNumber: '420704199703048784' }))).toEqual({ status: 409, code: 'SERVICES_APPLICANT_EXISTS' });
  });

  it('releases the identity when the account cannot be created (username taken, weak password)', async () => {
    const person = { kind: 'person', name: '王功', idNumber: '420703196901230632' };
    expect(error(await register({ ...person, username: 'officer', password: 'Password2026' }))).toEqual({ status: 409, code: 'ORG_USERNAME_TAKEN' });
    expect(error(await register({ ...person, username: 'wanggong', password: 'short' }))).toEqual({ status: 400, code: 'ORG_WEAK_PASSWORD' });
    expect((await register({ ...person, username: 'wanggong', password: 'Wanggong2026' })).statusCode).toBe(201);
  });

  it('limits attempts per client address: RATE_LIMITED', async () => {
    const attempt = () => register({ kind: 'person', username: 'guess', password: 'Password2026', name: '某某', idNumber: '420704199804138527' }, '10.9.9.9');
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 21; i++) {
      codes.push(error(await attempt()).code);
    }
    expect(codes.slice(0, 20).every((c) => c === 'SERVICES_APPLICANT_NOT_VERIFIED')).toBe(true);
    expect(codes[20]).toBe('RATE_LIMITED');
  });

  it('validates the body: VALIDATION_FAILED', async () => {
    expect(error(await register({ kind: 'person', username: 'x', password: 'Password2026', name: '张婷婷', idNumber: '4207' }))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });
});

describe('who may call', () => {
  it('answers AUTH_REQUIRED, AUTH_FORBIDDEN and SERVICES_NOT_APPLICANT', async () => {
    expect(error(await get('/services/my/applications'))).toEqual({ status: 401, code: 'AUTH_REQUIRED' });
    expect(error(await get('/services/my/applications', cookies.officer))).toEqual({ status: 403, code: 'AUTH_FORBIDDEN' });
    expect(error(await get('/services/handle/applications', cookies.zhangsan))).toEqual({ status: 403, code: 'AUTH_FORBIDDEN' });
    expect(error(await get('/services/handle/applications', cookies['market.steward']))).toEqual({ status: 403, code: 'AUTH_FORBIDDEN' });
    // A platform administrator holds every permission but is no applicant.
    expect(error(await get('/services/my/applications', cookies.admin))).toEqual({ status: 403, code: 'SERVICES_NOT_APPLICANT' });
  });
});

describe('submitting', () => {
  it('refuses unknown items, items without online application, and the wrong kind of applicant', async () => {
    expect(error(await applyAs(cookies.zhangsan!, '999999999999-420700000000-000-114207000110010179-1-00', {}))).toEqual({ status: 404, code: 'SERVICES_ITEM_NOT_FOUND' });
    expect(error(await applyAs(cookies.zhangsan!, CORRECTION_ITEM, {}))).toEqual({ status: 409, code: 'SERVICES_ITEM_NOT_ONLINE' });
    expect(error(await applyAs(cookies.zhangsan!, FOOD_ITEM, foodForm))).toEqual({ status: 403, code: 'SERVICES_SUBJECT_NOT_ACCEPTED' });
    expect(error(await applyAs(cookies.chuangyi!, SOLE_TRADER_ITEM, {}))).toEqual({ status: 403, code: 'SERVICES_SUBJECT_NOT_ACCEPTED' });
  });

  it('accepts residents of other cities only where the item offers 跨域通办: SERVICES_REGION_NOT_ACCEPTED', async () => {
    expect((await register({ kind: 'person', username: 'mengqingguo', password: 'Mengqingguo2026', name: '孟庆国', idNumber: XIANGYANG_ID })).statusCode).toBe(201);
    const cookie = await loginAs(app, 'mengqingguo', 'Mengqingguo2026');
    // 社会保障卡申领 is open to 武汉, 黄石, 黄冈 — not 襄阳.
    expect(error(await applyAs(cookie, SOCIAL_CARD_ITEM, { phone: '13907100000', bank: '湖北银行', delivery: '网点领取' }))).toEqual({ status: 403, code: 'SERVICES_REGION_NOT_ACCEPTED' });
    // 老年人优待证 is open to every city of the province; its 秒批 rules want a 鄂城区 household.
    const photo = await uploadId(app, cookie, '照片.png', PNG);
    const elder = await applyAs(cookie, ELDERLY_ITEM, { phone: '13907100000', age: 70 }, [{ name: '近期一寸免冠照片', fileId: photo }]);
    expect(elder.statusCode, elder.body).toBe(201);
    expect(elder.json()).toMatchObject({ status: 'submitted', instant: 'refused' });
  });

  it('validates the form against the item schema: SERVICES_INVALID_FORM', async () => {
    const response = await applyAs(cookies.chuangyi!, FOOD_ITEM, { ...foodForm, mainBusiness: '夜市', items: [] }, await foodMaterials(cookies.chuangyi!));
    expect(error(response)).toEqual({ status: 400, code: 'SERVICES_INVALID_FORM' });
    const paths = (response.json() as { error: { details: { issues: Array<{ path: string }> } } }).error.details.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['/mainBusiness', '/items']));
    expect(error(await post('/services/my/applications', { item: FOOD_ITEM, form: 'x', materials: [] }, cookies.chuangyi))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('names the required materials that are missing: SERVICES_MATERIAL_MISSING', async () => {
    const response = await applyAs(cookies.chuangyi!, FOOD_ITEM, foodForm);
    expect(error(response)).toEqual({ status: 400, code: 'SERVICES_MATERIAL_MISSING' });
    // 营业执照 comes from the e-license and the application form is waived: only the three uploads are missing.
    expect((response.json() as { error: { details: { materials: string[] } } }).error.details.materials).toEqual([
      '与食品经营相适应的主要设备设施、经营布局、操作流程等文件',
      '食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录清单',
      '食品安全管理人员身份证明',
    ]);
  });

  it('refuses unknown, repeated and foreign materials', async () => {
    const cookie = cookies.chuangyi!;
    const materials = await foodMaterials(cookie);
    expect(error(await applyAs(cookie, FOOD_ITEM, foodForm, [...materials, { name: '不存在的材料', fileId: materials[0]!.fileId }]))).toEqual({ status: 400, code: 'SERVICES_UNKNOWN_MATERIAL' });
    expect(error(await applyAs(cookie, FOOD_ITEM, foodForm, [...materials, materials[0]!]))).toEqual({ status: 400, code: 'SERVICES_DUPLICATE_MATERIAL' });
    const unknownFile = [{ ...materials[0]!, fileId: '00000000-0000-4000-8000-000000000000' }, ...materials.slice(1)];
    expect(error(await applyAs(cookie, FOOD_ITEM, foodForm, unknownFile))).toEqual({ status: 404, code: 'SERVICES_FILE_NOT_FOUND' });
    // Someone else's upload is not the applicant's to attach.
    const foreign = [{ ...materials[0]!, fileId: await uploadId(app, cookies.zhangsan!) }, ...materials.slice(1)];
    expect(error(await applyAs(cookie, FOOD_ITEM, foodForm, foreign))).toEqual({ status: 404, code: 'SERVICES_FILE_NOT_FOUND' });
  });
});

describe('uploads', () => {
  it('sniffs the type, whatever the name and declared type say: SERVICES_FILE_TYPE_NOT_ALLOWED', async () => {
    expect(error(await upload(app, cookies.zhangsan!, { name: '材料.pdf', data: Buffer.from('MZ\x90\x00 not a pdf'), type: 'application/pdf' }))).toEqual({ status: 415, code: 'SERVICES_FILE_TYPE_NOT_ALLOWED' });
    const ok = await upload(app, cookies.zhangsan!, { name: 'scan.bin', data: PDF });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ name: 'scan.bin', contentType: 'application/pdf', size: PDF.length });
  });

  it('needs a file part (SERVICES_FILE_MISSING) in a multipart body (UNSUPPORTED_MEDIA_TYPE)', async () => {
    expect(error(await upload(app, cookies.zhangsan!, null, { note: 'no file' }))).toEqual({ status: 400, code: 'SERVICES_FILE_MISSING' });
    expect(error(await post('/services/my/files', { file: 'x' }, cookies.zhangsan))).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('refuses files over the limit: SERVICES_FILE_TOO_LARGE', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
    expect(error(await upload(app, cookies.zhangsan!, { name: 'big.pdf', data: big }))).toEqual({ status: 413, code: 'SERVICES_FILE_TOO_LARGE' });
  });

  it('notices a stored file that changed on disk: SERVICES_FILE_CORRUPT', async () => {
    const data = Buffer.from('%PDF-1.7 to be tampered with');
    const cookie = cookies.chuangyi!;
    const materials = await foodMaterials(cookie);
    materials[0]!.fileId = await uploadId(app, cookie, 'tamper.pdf', data);
    const created = await applyAs(cookie, FOOD_ITEM, foodForm, materials);
    const detail = created.json() as { id: string; materials: Array<{ id: string; file: { sm3: string } | null }> };
    const material = detail.materials.find((m) => m.file?.sm3 === sm3Hex(data))!;
    const file = path.join(platform.config.dataDir, 'materials', material.file!.sm3.slice(0, 2), material.file!.sm3);
    fs.writeFileSync(file, '%PDF-1.7 tampered');
    expect(error(await get(`/services/handle/applications/${detail.id}/materials/${material.id}/file`, cookies.officer))).toEqual({ status: 500, code: 'SERVICES_FILE_CORRUPT' });
  });
});

describe('handling', () => {
  it('answers SERVICES_APPLICATION_NOT_FOUND, SERVICES_APPLICATION_VERSION_CONFLICT, SERVICES_INVALID_TRANSITION and SERVICES_UNKNOWN_MATERIAL', async () => {
    const created = await applyAs(cookies.chuangyi!, FOOD_ITEM, foodForm, await foodMaterials(cookies.chuangyi!));
    const { id, version } = created.json() as { id: string; version: number };
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(error(await get(`/services/my/applications/${missing}`, cookies.chuangyi))).toEqual({ status: 404, code: 'SERVICES_APPLICATION_NOT_FOUND' });
    expect(error(await get(`/services/my/applications/${id}`, cookies.zhangsan))).toEqual({ status: 404, code: 'SERVICES_APPLICATION_NOT_FOUND' });
    expect(error(await post(`/services/handle/applications/${id}/accept`, { version }, cookies['police.officer']))).toEqual({ status: 404, code: 'SERVICES_APPLICATION_NOT_FOUND' });
    expect(error(await post(`/services/handle/applications/${id}/accept`, { version: version + 1 }, cookies.officer))).toEqual({ status: 409, code: 'SERVICES_APPLICATION_VERSION_CONFLICT' });
    expect(error(await post(`/services/handle/applications/${id}/approve`, { version }, cookies.officer))).toEqual({ status: 409, code: 'SERVICES_INVALID_TRANSITION' });
    expect(error(await post(`/services/handle/applications/${id}/complete`, { version }, cookies.officer))).toEqual({ status: 409, code: 'SERVICES_INVALID_TRANSITION' });
    expect(error(await post(`/services/handle/applications/${id}/send-back`, { version, reason: '请补充', materials: ['不存在的材料'] }, cookies.officer))).toEqual({
      status: 400,
      code: 'SERVICES_UNKNOWN_MATERIAL',
    });
    expect(error(await post(`/services/my/applications/${id}/resubmit`, { version }, cookies.chuangyi))).toEqual({ status: 409, code: 'SERVICES_INVALID_TRANSITION' });
    expect(error(await post(`/services/handle/applications/${id}/reject`, { version }, cookies.officer))).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('answers SERVICES_MESSAGE_NOT_FOUND for a message that is not the caller’s', async () => {
    const messages = (await get('/services/my/messages', cookies.chuangyi)).json() as { items: Array<{ id: string }> };
    expect(error(await post(`/services/my/messages/${messages.items[0]!.id}/read`, {}, cookies.zhangsan))).toEqual({ status: 404, code: 'SERVICES_MESSAGE_NOT_FOUND' });
  });
});

describe('procedures', () => {
  const itemId = async (code: string) => (await platform.services.getItem(code))!.id;

  it('are read and written by who manages the item, with versions', async () => {
    const id = await itemId(FOOD_ITEM);
    const current = (await get(`/services/manage/items/${id}/procedure`, cookies.officer)).json() as { version: number; instantRules: unknown[]; resultLicenseTypeCode: string };
    expect(current).toMatchObject({ version: 1, resultLicenseTypeCode: '114207000110010179002' });
    expect(current.instantRules).toHaveLength(4);
    expect(error(await send('PUT', `/services/manage/items/${id}/procedure`, { version: 1 }, cookies['police.officer']))).toEqual({ status: 403, code: 'SERVICES_NOT_MANAGER' });
    expect(error(await send('PUT', `/services/manage/items/${id}/procedure`, { version: 7 }, cookies.officer))).toEqual({ status: 409, code: 'SERVICES_PROCEDURE_VERSION_CONFLICT' });
  });

  it('refuse what cannot work, listing every problem: SERVICES_INVALID_PROCEDURE', async () => {
    const id = await itemId(FOOD_ITEM);
    const response = await send(
      'PUT',
      `/services/manage/items/${id}/procedure`,
      {
        version: 1,
        resultLicenseTypeCode: PROPERTY_LICENSE,
        parallelReviews: ['ezhou-scjgj', 'no-such-org'],
        stepRoles: { decide: ['no_such_role'] },
        waivedMaterials: [{ name: '不存在的材料', reason: '测试' }],
        instantRules: [{ registry: 'person.idNumber', op: 'exists' }],
      },
      cookies.officer,
    );
    expect(error(response)).toEqual({ status: 400, code: 'SERVICES_INVALID_PROCEDURE' });
    const paths = (response.json() as { error: { details: { issues: Array<{ path: string }> } } }).error.details.issues.map((i) => i.path);
    expect(paths).toEqual([
      '/resultLicenseTypeCode',
      '/resultData/location',
      '/resultData/unitNumber',
      '/resultData/rightType',
      '/resultData/use',
      '/resultData/area',
      '/parallelReviews/0',
      '/parallelReviews/1',
      '/stepRoles/decide',
      '/waivedMaterials/0',
      '/instantRules/0/registry',
    ]);
  });

  it('leave an instantly approved application approved when its license cannot be issued: SERVICES_LICENSE_ISSUE_FAILED', async () => {
    const id = await itemId(SOLE_TRADER_ITEM);
    const current = (await get(`/services/manage/items/${id}/procedure`, cookies.officer)).json() as Record<string, unknown> & { version: number };
    // 不动产权证书 with its unit number from an optional field the applicant leaves empty.
    const { itemId: _item, updatedAt: _at, updatedBy: _by, parallelReviews: _reviews, ...rest } = current;
    const changed = await send(
      'PUT',
      `/services/manage/items/${id}/procedure`,
      {
        ...rest,
        resultLicenseTypeCode: PROPERTY_LICENSE,
        resultData: { location: { path: 'form.premises' }, unitNumber: { path: 'form.tradeName' }, rightType: { value: '经营场所' }, use: { value: '商业' }, area: { value: '—' } },
      },
      cookies.officer,
    );
    expect(changed.statusCode, changed.body).toBe(200);
    const created = await applyAs(cookies.zhangsan!, SOLE_TRADER_ITEM, { phone: '17719093778', businessScope: '日用百货零售', premises: '鄂城区西山街道吴楚大道212号', formOfOrganisation: '个人经营' });
    expect(created.statusCode, created.body).toBe(201);
    const detail = created.json() as { id: string; version: number; status: string; instant: string; log: Array<{ action: string }> };
    expect(detail).toMatchObject({ status: 'approved', instant: 'approved' });
    expect(detail.log.map((l) => l.action)).toEqual(['submit', 'instant_approve', 'issue_failed']);
    const completed = await post(`/services/handle/applications/${detail.id}/complete`, { version: detail.version }, cookies.officer);
    expect(error(completed)).toEqual({ status: 422, code: 'SERVICES_LICENSE_ISSUE_FAILED' });
    expect((completed.json() as { error: { details: { cause: { code: string } } } }).error.details.cause.code).toBe('LICENSES_INVALID_LICENSE');
    const after = (await get(`/services/handle/applications/${detail.id}`, cookies.officer)).json() as { status: string; actions: string[] };
    expect(after).toMatchObject({ status: 'approved', actions: ['complete'] });
  });
});
