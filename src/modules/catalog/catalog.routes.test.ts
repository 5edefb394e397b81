import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, loginAs, testConfig } from '../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../platform.js';

let platform: Platform;
let app: FastifyInstance;
let admin: string;
let steward: string;
let policeSteward: string;
let huarongReader: string;
let gajId: string;

const field = (name: string, label: string, sensitivity = 'general', type = 'string') => ({ name, label, type, description: '', sensitivity });
const draft = {
  name: '政务云资源使用统计',
  description: '各部门政务云计算、存储资源的分配和使用情况',
  category: '主题信息资源/数据治理/政务云',
  fields: [field('department', '使用部门'), field('vcpu', '虚拟处理器核数', 'general', 'integer'), field('month', '统计月份')],
  updateCycle: 'monthly',
  shareAttribute: 'unconditional',
  openAttribute: 'none',
  grade: 'general',
  tags: ['政务云'],
};

beforeAll(async () => {
  const database = await createTestDatabase({ migrate: false });
  platform = await createPlatform(testConfig(), { database });
  await platform.loadDemo();
  app = await platform.buildApp(false);
  const org = platform.org.service;
  gajId = (await org.getOrganisationByCode('ezhou-gaj'))!.id;
  const huarong = (await org.getOrganisationByCode('ezhou-hr-zsj'))!.id;
  const password = 'Catalog-2026-test';
  await org.createUser(null, { username: 'gaj.steward', displayName: '公安数据员', password, organisationId: gajId, roles: ['data_steward'] });
  await org.createUser(null, { username: 'hr.reader', displayName: '华容承办人', password, organisationId: huarong, roles: ['handler'] });
  [admin, steward, policeSteward, huarongReader] = await Promise.all([
    loginAs(app, 'admin'),
    loginAs(app, 'steward'),
    loginAs(app, 'gaj.steward', password),
    loginAs(app, 'hr.reader', password),
  ]);
});

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

const get = (url: string, cookie?: string) => app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
const send = (method: 'POST' | 'PATCH', url: string, cookie: string, payload: unknown) => app.inject({ method, url, headers: { cookie }, payload: payload as object });
const byCode = async (code: string) => (await platform.catalog.getResource(code))!;

describe('catalog access', () => {
  it('needs a session and catalog.read to read, catalog.manage to write', async () => {
    expect((await get('/api/v1/catalog/resources')).json().error.code).toBe('AUTH_REQUIRED');
    const gridworker = await loginAs(app, 'gridworker');
    expect((await get('/api/v1/catalog/resources', gridworker)).json().error.code).toBe('AUTH_FORBIDDEN');
    const officer = await loginAs(app, 'officer');
    expect((await get('/api/v1/catalog/resources', officer)).statusCode).toBe(200);
    const refused = await send('POST', '/api/v1/catalog/resources', officer, draft);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'AUTH_FORBIDDEN', details: { permission: 'catalog.manage' } });
  });

  it('lets a steward write only the resources of their own organisation', async () => {
    const moves = await byCode('420700-gaj-000002');
    const foreign = await send('PATCH', `/api/v1/catalog/resources/${moves.id}`, steward, { version: moves.version, tags: ['人口'] });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('CATALOG_NOT_OWNER');
    const forOthers = await send('POST', '/api/v1/catalog/resources', steward, { ...draft, ownerId: gajId });
    expect(forOthers.json().error.code).toBe('CATALOG_NOT_OWNER');
    const ok = await send('PATCH', `/api/v1/catalog/resources/${moves.id}`, policeSteward, { version: moves.version, note: '补充标签', tags: ['人口', '户籍', '迁移', '入学'] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().version).toBe(moves.version + 1);
    expect((await get(`/api/v1/catalog/resources/${moves.id}`, steward)).json().canManage).toBe(false);
    expect((await get(`/api/v1/catalog/resources/${moves.id}`, policeSteward)).json().canManage).toBe(true);
  });

  it('shows drafts only inside the owner region', async () => {
    const ecDraft = await byCode('420704-ec-zsj-000001');
    const cityDraft = await byCode('420700-rsj-000002');
    expect([ecDraft.status, cityDraft.status]).toEqual(['draft', 'draft']);
    const echeng = await loginAs(app, 'echeng');
    expect((await get(`/api/v1/catalog/resources/${ecDraft.id}`, echeng)).statusCode).toBe(200);
    expect((await get(`/api/v1/catalog/resources/${cityDraft.id}`, echeng)).json().error.code).toBe('CATALOG_RESOURCE_NOT_FOUND');
    expect((await get(`/api/v1/catalog/resources/${ecDraft.id}/versions`, huarongReader)).statusCode).toBe(404);
    const drafts = await get('/api/v1/catalog/resources?status=draft', huarongReader);
    expect(drafts.json().total).toBe(0);
    const published = await get('/api/v1/catalog/resources?pageSize=1', huarongReader);
    expect(published.json().total).toBeGreaterThanOrEqual(29);
    expect((await get('/api/v1/catalog/resources?status=draft&pageSize=50', admin)).json().total).toBeGreaterThanOrEqual(3);
  });
});

describe('catalog editing', () => {
  it('creates a draft, edits and publishes it with a version each time, and keeps the history', async () => {
    const created = await send('POST', '/api/v1/catalog/resources', steward, { ...draft, note: '首次编目' });
    expect(created.statusCode).toBe(201);
    const resource = created.json();
    expect(resource).toMatchObject({ status: 'draft', version: 1, owner: { code: 'ezhou-dsjzx', name: '鄂州市大数据中心' }, shareCondition: null, publishedAt: null });
    expect(resource.code).toMatch(/^420700-dsjzx-\d{6}$/);
    const url = `/api/v1/catalog/resources/${resource.id}`;

    const edited = await send('PATCH', url, steward, { version: 1, note: '增加存储字段', fields: [...draft.fields, field('storage_tb', '存储容量（TB）', 'general', 'number')] });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, status: 'draft' });
    expect(edited.json().fields).toHaveLength(4);

    const stale = await send('PATCH', url, steward, { version: 1, description: '另一人同时修改' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'CATALOG_VERSION_CONFLICT', details: { currentVersion: 2 } });

    const published = await send('POST', `${url}/publish`, steward, { version: 2, note: '审核通过' });
    expect(published.json()).toMatchObject({ status: 'published', version: 3 });
    expect(published.json().publishedAt).not.toBeNull();
    expect((await send('POST', `${url}/publish`, steward, { version: 3 })).json().error.code).toBe('CATALOG_INVALID_STATUS_CHANGE');
    expect((await send('POST', `${url}/retire`, steward, { version: 2 })).json().error.code).toBe('CATALOG_VERSION_CONFLICT');

    const history = (await get(`${url}/versions`, steward)).json();
    expect(history.total).toBe(3);
    expect(history.items.map((v: { version: number; action: string; note: string | null }) => [v.version, v.action, v.note])).toEqual([
      [3, 'publish', '审核通过'],
      [2, 'update', '增加存储字段'],
      [1, 'create', '首次编目'],
    ]);
    expect(history.items[0].actorName).toBe('李数据（steward）');
    expect(history.items[2].snapshot.fields).toHaveLength(3);
    const paged = (await get(`${url}/versions?page=2&pageSize=2`, steward)).json();
    expect(paged.items.map((v: { version: number }) => v.version)).toEqual([1]);

    const audit = (await get(`/api/v1/audit?pageSize=10`, admin)).json().items.filter((r: { target: string }) => r.target === `catalog.resource:${resource.id}`);
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['catalog.resource.publish', 'catalog.resource.update', 'catalog.resource.create']);
  });

  it('refuses a grade below the most sensitive field, and conditional sharing without a condition', async () => {
    const tooLow = await send('POST', '/api/v1/catalog/resources', steward, { ...draft, fields: [...draft.fields, field('phone', '联系电话', 'important')] });
    expect(tooLow.statusCode).toBe(400);
    expect(tooLow.json().error).toMatchObject({ code: 'CATALOG_GRADE_TOO_LOW', details: { grade: 'general', required: 'important', fields: ['phone'] } });
    const noCondition = await send('POST', '/api/v1/catalog/resources', steward, { ...draft, shareAttribute: 'conditional' });
    expect(noCondition.json().error.code).toBe('CATALOG_CONDITION_REQUIRED');
    const openImportant = await send('POST', '/api/v1/catalog/resources', steward, { ...draft, grade: 'important', openAttribute: 'unconditional' });
    expect(openImportant.json().error.code).toBe('CATALOG_ATTRIBUTE_GRADE_CONFLICT');
    const twice = await send('POST', '/api/v1/catalog/resources', steward, { ...draft, fields: [field('a', '甲'), field('A', '乙')] });
    expect(twice.json().error.code).toBe('CATALOG_DUPLICATE_FIELD');
  });

  it('answers 404 for unknown resources and 400 for malformed input, writing nothing', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await get(`/api/v1/catalog/resources/${unknown}`, steward)).json().error.code).toBe('CATALOG_RESOURCE_NOT_FOUND');
    expect((await get(`/api/v1/catalog/resources/${unknown}/versions`, steward)).statusCode).toBe(404);
    expect((await send('PATCH', `/api/v1/catalog/resources/${unknown}`, steward, { version: 1 })).statusCode).toBe(404);
    expect((await send('POST', `/api/v1/catalog/resources/${unknown}/publish`, steward, { version: 1 })).statusCode).toBe(404);
    expect((await get('/api/v1/catalog/resources/not-a-uuid', steward)).json().error.code).toBe('VALIDATION_FAILED');
    const before = (await get('/api/v1/catalog/resources?status=draft&pageSize=1', admin)).json().total;
    const bad = [
      { ...draft, grade: 'secret' },
      { ...draft, fields: '姓名' },
      { ...draft, fields: [] },
      { ...draft, fields: [{ ...field('x', '甲'), type: 'text' }] },
      { ...draft, fields: [field('1abc', '甲')] },
      { ...draft, name: 42 },
      { ...draft, shareCondition: 7 },
      { ...draft, updateCycle: 'hourly' },
      { ...draft, unexpected: true },
      { ...draft, ownerId: 'ezhou-gaj' },
    ];
    for (const payload of bad) {
      const response = await send('POST', '/api/v1/catalog/resources', steward, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    const moves = await byCode('420700-gaj-000002');
    const url = `/api/v1/catalog/resources/${moves.id}`;
    expect((await send('PATCH', url, policeSteward, { version: '1', tags: [] })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await send('PATCH', url, policeSteward, { tags: [] })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await send('POST', `${url}/retire`, policeSteward, {})).json().error.code).toBe('VALIDATION_FAILED');
    expect((await get('/api/v1/catalog/resources?grade=secret', steward)).statusCode).toBe(400);
    expect((await get('/api/v1/catalog/resources?owner=ezhou-gaj', steward)).statusCode).toBe(400);
    expect((await get('/api/v1/catalog/resources?pageSize=1000', steward)).statusCode).toBe(400);
    expect((await get('/api/v1/catalog/resources?page=0', steward)).statusCode).toBe(400);
    expect((await get(`/api/v1/catalog/resources?q=${'人'.repeat(101)}`, steward)).statusCode).toBe(400);
    expect((await get('/api/v1/catalog/resources?status=draft&pageSize=1', admin)).json().total).toBe(before);
  });
});
