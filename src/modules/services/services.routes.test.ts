import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, loginAs, testConfig } from '../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../platform.js';

let platform: Platform;
let app: FastifyInstance;
let officer: string;
let echeng: string;
let admin: string;

interface Summary {
  id: string;
  code: string;
  name: string;
  organisation: { id: string; name: string };
  highFrequencyRank: number | null;
  licenseReplaceable: number;
  status: string;
  version: number;
}
interface Facet {
  value: string;
  label: string | null;
  count: number;
}
interface Result {
  items: Summary[];
  total: number;
  match: 'all' | 'any' | null;
  tokens: string[];
  facets: Record<'department' | 'type' | 'depth', Facet[]>;
}

beforeAll(async () => {
  const database = await createTestDatabase({ migrate: false });
  platform = await createPlatform(testConfig(), { database });
  await platform.loadDemo();
  app = await platform.buildApp(false);
  [officer, echeng, admin] = await Promise.all([loginAs(app, 'officer'), loginAs(app, 'echeng'), loginAs(app, 'admin')]);
});

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

const get = (url: string, cookie?: string) => app.inject({ method: 'GET', url, ...(cookie ? { headers: { cookie } } : {}) });
const send = (method: 'POST' | 'PATCH', url: string, payload: unknown, cookie?: string) =>
  app.inject({ method, url, payload: payload as object, ...(cookie ? { headers: { cookie } } : {}) });

async function search(query: Record<string, string | string[]>): Promise<Result> {
  const response = await app.inject({ method: 'GET', url: '/api/v1/services/items', query });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Result;
}
const names = (result: Result) => result.items.map((item) => item.name);

const draft = {
  basicCode: '01009990000Z',
  name: '演示事项',
  type: 'licensing',
  subjects: ['legal_person'],
  basis: '《中华人民共和国行政许可法》第十二条',
  legalLimitDays: 20,
  promisedLimitDays: 5,
  materials: [{ name: '申请书', form: 'original', requirement: 'required' }],
  channels: ['online', 'window'],
  onlineDepth: 'online_apply',
  formSchema: { type: 'object', properties: { entityName: { type: 'string', title: '单位名称' } }, required: ['entityName'] },
};

describe('the demo city', () => {
  it('ships at least 60 published items across at least 10 departments, and loads idempotently', async () => {
    const all = await search({ pageSize: '10' });
    expect(all.total).toBeGreaterThanOrEqual(60);
    expect(all.facets.department.length).toBeGreaterThanOrEqual(10);
    expect(await platform.services.seedDemo()).toEqual({ items: all.total, written: 0 });
    expect((await search({ pageSize: '10' })).total).toBe(all.total);
  });

  it('includes the well-known items', async () => {
    const wellKnown = ['户籍迁移', '出生登记', '医保参保登记', '社会保障卡申领', '公司设立登记', '食品经营许可', '建筑工程施工许可', '不动产转移登记', '居住证办理', '个体工商户登记'];
    for (const name of wellKnown) {
      expect(names(await search({ q: name })), name).toContain(name);
    }
  });
});

describe('public routes', () => {
  it('serve the high-frequency list in its order without a session', async () => {
    const response = await get('/api/v1/services/items/high-frequency');
    expect(response.statusCode).toBe(200);
    const items = response.json().items as Summary[];
    expect(items.length).toBeGreaterThanOrEqual(10);
    expect(items[0]!.name).toBe('户籍迁移');
    expect(items.map((i) => i.highFrequencyRank)).toEqual([...items.map((i) => i.highFrequencyRank)].sort((a, b) => a! - b!));
  });

  it('rank the item people mean first for colloquial searches', async () => {
    expect(names(await search({ q: '迁户口' }))[0]).toBe('户籍迁移');
    expect(names(await search({ q: '我想迁户口到鄂州' }))[0]).toBe('户籍迁移');
    expect(names(await search({ q: '户口迁移怎么办理' }))[0]).toBe('户籍迁移');
    expect(names(await search({ q: '上户口' }))[0]).toBe('出生登记');
    expect(names(await search({ q: '办社保卡' }))[0]).toBe('社会保障卡申领');
    expect(names(await search({ q: '开饭店' }))[0]).toBe('食品经营许可');
    expect(names(await search({ q: '开公司' }))[0]).toBe('公司设立登记');
    expect(names(await search({ q: '房产过户' }))[0]).toBe('不动产转移登记');
  });

  it('count facets by department, type and online depth, and filter by them', async () => {
    const all = await search({ pageSize: '1' });
    const police = all.facets.department.find((f) => f.label === '鄂州市公安局')!;
    expect(police.count).toBeGreaterThanOrEqual(5);
    const byPolice = await search({ department: police.value, pageSize: '50' });
    expect(byPolice.total).toBe(police.count);
    expect(byPolice.items.every((i) => i.organisation.name === '鄂州市公安局')).toBe(true);
    // Disjunctive: choosing a department keeps the other departments' counts.
    expect(byPolice.facets.department).toEqual(all.facets.department);
    const licensing = all.facets.type.find((f) => f.value === 'licensing')!;
    expect((await search({ type: 'licensing', pageSize: '1' })).total).toBe(licensing.count);
    const full = all.facets.depth.find((f) => f.value === 'full_online')!;
    expect((await search({ depth: 'full_online', pageSize: '1' })).total).toBe(full.count);
    expect(all.facets.depth.reduce((sum, f) => sum + f.count, 0)).toBe(all.total);
  });

  it('page through results without overlap', async () => {
    const first = await search({ pageSize: '7', page: '1' });
    const second = await search({ pageSize: '7', page: '2' });
    expect(first.items).toHaveLength(7);
    expect(second.total).toBe(first.total);
    expect(second.items.map((i) => i.id).filter((id) => first.items.some((f) => f.id === id))).toEqual([]);
  });

  it('find the items a resident of another city may apply for here (跨域通办)', async () => {
    const wuhan = await search({ region: '420100', pageSize: '100' });
    expect(names(wuhan)).toContain('户籍迁移');
    expect(names(await search({ region: '420300', pageSize: '100' }))).not.toContain('户籍迁移');
  });

  it('serve an item guide by implementation code, with e-license materials, limits and cross-region names', async () => {
    const item = (await search({ q: '户籍迁移' })).items[0]!;
    expect(item.code).toMatch(/^[0-9A-Z]{12}-420700000000-000-[0-9A-Z]{18}-1-00$/);
    const response = await get(`/api/v1/services/items/${item.code}`);
    expect(response.statusCode, response.body).toBe(200);
    const guide = response.json();
    expect(guide.organisation.name).toBe('鄂州市公安局');
    expect(guide.materials.find((m: { name: string }) => m.name === '迁入地居民户口簿').licenseTypeCode).toMatch(/^[0-9A-Z]{18}[0-9]{3}$/);
    expect(guide.crossRegionNames).toContainEqual({ code: '420100', name: '武汉市' });
    expect(guide.formSchema.properties.idNumber.pattern).toBeDefined();
    // Fields keep their order (applicant first, then the item's own), as a form shows them.
    expect(Object.keys(guide.formSchema.properties)).toEqual(['applicantName', 'idNumber', 'phone', 'address', 'moveFrom', 'moveTo', 'reason', 'members']);
    expect(guide.deadline.date).toBe(platform.calendar.addWorkingDays(guide.deadline.from, guide.promisedLimitDays).date);
    expect((await get(`/api/v1/services/items/${item.id}`)).json().code).toBe(item.code);
  });

  it('answer 404 for an unknown item and 400 for a malformed code', async () => {
    const missing = await get('/api/v1/services/items/000000000000-420700000000-000-114207000110010179-1-00');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('SERVICES_ITEM_NOT_FOUND');
    const bad = await get('/api/v1/services/items/%27%3B%20drop');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect((await get('/api/v1/services/items?pageSize=1000')).json().error.code).toBe('VALIDATION_FAILED');
    expect((await get('/api/v1/services/items?type=bogus')).json().error.code).toBe('VALIDATION_FAILED');
    expect((await search({ q: '！！！' })).total).toBe(0);
  });
});

describe('staff routes', () => {
  it('require a session and the permission', async () => {
    expect((await get('/api/v1/services/manage/items')).json().error.code).toBe('AUTH_REQUIRED');
    const gridworker = await loginAs(app, 'gridworker');
    const forbidden = await send('POST', '/api/v1/services/manage/items', draft, gridworker);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('AUTH_FORBIDDEN');
  });

  it('let an officer draft, edit and publish an item of their own organisation only', async () => {
    const created = await send('POST', '/api/v1/services/manage/items', draft, officer);
    expect(created.statusCode, created.body).toBe(201);
    const item = created.json();
    expect(item).toMatchObject({ status: 'draft', version: 1, level: 'city', organisation: { code: 'ezhou-scjgj' } });
    expect(item.code).toBe(`${draft.basicCode}-420700000000-000-${item.organisation.creditCode}-1-00`);
    // Drafts are not public.
    expect((await get(`/api/v1/services/items/${item.code}`)).statusCode).toBe(404);
    expect(names(await search({ q: '演示事项' }))).not.toContain('演示事项');
    const again = await send('POST', '/api/v1/services/manage/items', draft, officer);
    expect(again.json().error.code).toBe('SERVICES_ITEM_CODE_TAKEN');

    const edited = await send('PATCH', `/api/v1/services/manage/items/${item.id}`, { version: 1, aliases: ['演示别名'] }, officer);
    expect(edited.json()).toMatchObject({ version: 2, aliases: ['演示别名'] });
    const stale = await send('PATCH', `/api/v1/services/manage/items/${item.id}`, { version: 1, name: '改名' }, officer);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'SERVICES_VERSION_CONFLICT', details: { currentVersion: 2 } });

    const published = await send('POST', `/api/v1/services/manage/items/${item.id}/publish`, { version: 2 }, officer);
    expect(published.json()).toMatchObject({ status: 'published', version: 3 });
    expect(names(await search({ q: '演示别名' }))).toEqual(['演示事项']);
    const twice = await send('POST', `/api/v1/services/manage/items/${item.id}/publish`, { version: 3 }, officer);
    expect(twice.json().error.code).toBe('SERVICES_INVALID_STATUS_CHANGE');

    // The version an application would cite keeps what it said then.
    const v1 = await get(`/api/v1/services/manage/items/${item.id}/versions/1`, officer);
    expect(v1.json()).toMatchObject({ version: 1, action: 'create', snapshot: { aliases: [], status: 'draft' } });
    const history = await get(`/api/v1/services/manage/items/${item.id}/versions`, officer);
    expect(history.json().items.map((v: { action: string }) => v.action)).toEqual(['publish', 'update', 'create']);

    const withdrawn = await send('POST', `/api/v1/services/manage/items/${item.id}/withdraw`, { version: 3 }, officer);
    expect(withdrawn.json().status).toBe('withdrawn');
    expect((await get(`/api/v1/services/items/${item.code}`)).statusCode).toBe(404);

    const police = (await search({ q: '户籍迁移' })).items[0]!;
    const foreign = await send('PATCH', `/api/v1/services/manage/items/${police.id}`, { version: police.version, name: '改名' }, officer);
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('SERVICES_NOT_MANAGER');
    const forOther = await send('POST', '/api/v1/services/manage/items', { ...draft, organisationId: police.organisation.id }, officer);
    expect(forOther.json().error.code).toBe('SERVICES_NOT_MANAGER');
  });

  it('scope a district administrator to its district', async () => {
    const listed = (await get('/api/v1/services/manage/items?pageSize=100', echeng)).json() as Result;
    expect(listed.total).toBeGreaterThan(0);
    expect(listed.total).toBeLessThan((await search({ pageSize: '1' })).total);
    expect(listed.facets.department.every((f) => f.label!.startsWith('鄂城区'))).toBe(true);
    const own = listed.items.find((i) => i.organisation.name === '鄂城区政务服务和大数据管理局')!;
    const edited = await send('PATCH', `/api/v1/services/manage/items/${own.id}`, { version: own.version, promisedLimitDays: 2 }, echeng);
    expect(edited.statusCode, edited.body).toBe(200);
    const township = listed.items.find((i) => i.organisation.name === '鄂城区凤凰街道办事处')!;
    expect((await send('PATCH', `/api/v1/services/manage/items/${township.id}`, { version: township.version, promisedLimitDays: 2 }, echeng)).json().error.code).toBe(
      'SERVICES_NOT_MANAGER',
    );
    const city = (await search({ q: '户籍迁移' })).items[0]!;
    const outside = await send('PATCH', `/api/v1/services/manage/items/${city.id}`, { version: city.version, promisedLimitDays: 2 }, echeng);
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.code).toBe('SERVICES_ITEM_NOT_FOUND');
    // The city's administrator manages every organisation's items.
    expect((await get(`/api/v1/services/manage/items/${township.id}`, admin)).json().canManage).toBe(true);
  });

  it('refuse bad input with a code and write nothing', async () => {
    const post = (body: unknown) => send('POST', '/api/v1/services/manage/items', body, admin);
    const codeOf = async (body: unknown) => (await post(body)).json().error.code as string;
    expect(await codeOf({ ...draft, basicCode: 'abc' })).toBe('VALIDATION_FAILED');
    expect(await codeOf({ ...draft, materials: [{ name: '申请书', form: 'photocopy', requirement: 'required' }] })).toBe('VALIDATION_FAILED');
    expect(await codeOf({ ...draft, formSchema: { type: 'object', properties: { a: { type: 'strin' } } } })).toBe('SERVICES_INVALID_FORM_SCHEMA');
    expect(await codeOf({ ...draft, formSchema: { type: 'array' } })).toBe('SERVICES_INVALID_FORM_SCHEMA');
    expect(await codeOf({ ...draft, promisedLimitDays: 30 })).toBe('SERVICES_PROMISE_EXCEEDS_LEGAL_LIMIT');
    expect(await codeOf({ ...draft, crossRegion: ['420700'] })).toBe('SERVICES_UNKNOWN_REGION');
    expect(await codeOf({ ...draft, crossRegion: ['440100'] })).toBe('SERVICES_UNKNOWN_REGION');
    expect(await codeOf({ ...draft, materials: [...draft.materials, ...draft.materials] })).toBe('SERVICES_DUPLICATE_MATERIAL');
    expect(await codeOf({ ...draft, materials: [{ name: '委托书', form: 'original', requirement: 'conditional' }] })).toBe('SERVICES_MATERIAL_CONDITION_REQUIRED');
    expect(await codeOf({ ...draft, channels: ['window'] })).toBe('SERVICES_CHANNEL_DEPTH_CONFLICT');
    const listed = (await get('/api/v1/services/manage/items?q=演示事项&status=draft', admin)).json() as Result;
    expect(listed.items.filter((i) => i.name === '演示事项' && i.status === 'draft')).toEqual([]);
  });
});
