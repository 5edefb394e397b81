import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog, loadOrCreateAuditKeys, type AuditLog } from '../../kernel/audit/index.js';
import type { Principal } from '../../kernel/auth/index.js';
import { createBus, type Bus, type DomainEvent } from '../../kernel/bus/index.js';
import { loadCalendar, SHIPPED_CALENDAR_DIR } from '../../kernel/calendar/index.js';
import type { Database } from '../../kernel/db/index.js';
import { AppError } from '../../kernel/errors/index.js';
import { createTestDatabase } from '../../kernel/testing/test-platform.js';
import { createServicesModule, type Item, type ServicesModule, type ServicesModuleDeps } from './index.js';
import type { ContentInput } from './services.content.js';

/** The org module as the services module sees it: two city departments, one district's. */
const organisations = [
  { id: '00000000-0000-4000-8000-000000000001', code: 'ezhou-gaj', name: '鄂州市公安局', divisionCode: '420700', creditCode: '114207000108733157' },
  { id: '00000000-0000-4000-8000-000000000002', code: 'ezhou-scjgj', name: '鄂州市市场监督管理局', divisionCode: '420700', creditCode: '114207000110010179' },
  { id: '00000000-0000-4000-8000-000000000003', code: 'ezhou-ec-zsj', name: '鄂城区政务服务和大数据管理局', divisionCode: '420704', creditCode: '11420704010874086H' },
  { id: '00000000-0000-4000-8000-000000000004', code: 'ezhou-mzj', name: '鄂州市民政局', divisionCode: '420700', creditCode: null },
];
const [gaj, scjgj, ecZsj, mzj] = organisations as [(typeof organisations)[0], (typeof organisations)[0], (typeof organisations)[0], (typeof organisations)[0]];
const divisions = new Map([
  ['420100', '武汉市'],
  ['420200', '黄石市'],
  ['421100', '黄冈市'],
]);

const row = (o: (typeof organisations)[0]) => ({ ...o, shortName: null, kind: 'department' as const, divisionName: '', parentId: null });
const org = {
  async getOrganisation(principal: Principal, id: string) {
    const found = organisations.find((o) => o.id === id && o.divisionCode.startsWith(principal.divisionCode.replace(/0+$/, '')));
    if (!found) {
      throw new AppError('ORG_ORGANISATION_NOT_FOUND', 404, '单位不存在');
    }
    return row(found);
  },
  async getOrganisationByCode(code: string) {
    const found = organisations.find((o) => o.code === code);
    return found ? row(found) : undefined;
  },
  async getDivision(code: string) {
    const name = divisions.get(code);
    return name ? { code, name, level: 'prefecture' as const, parentCode: '420000', kind: null } : undefined;
  },
  async actorNames(actors: string[]) {
    return new Map(actors.filter((a) => a === 'user:admin').map((a) => [a, '平台管理员']));
  },
} as unknown as ServicesModuleDeps['org'];

function principal(id: string, organisationId: string | null, divisionCode: string, permissions: string[]): Principal {
  return { kind: 'user', id, name: id, organisationId, divisionCode, permissions: new Set(permissions), roles: [] };
}
const admin = principal('admin', null, '420700', ['*']);
const policeOfficer = principal('police', gaj.id, '420700', ['services.item.manage']);
const districtAdmin = principal('district', ecZsj.id, '420704', ['*']);

const form = { type: 'object', properties: { applicantName: { type: 'string', title: '申请人姓名' } }, required: ['applicantName'] };
const base: ContentInput = {
  name: '',
  type: 'confirmation',
  subjects: ['natural_person'],
  basis: '《中华人民共和国户口登记条例》',
  promisedLimitDays: 1,
  materials: [],
  channels: ['online', 'window'],
  onlineDepth: 'online_apply',
  formSchema: form,
};

let database: Database;
let audit: AuditLog;
let bus: Bus;
let services: ServicesModule;
const events: DomainEvent[] = [];
const published: Record<string, Item> = {};

async function publish(organisationId: string, basicCode: string, content: Partial<ContentInput> & { name: string }): Promise<Item> {
  const draft = await services.service.create(admin, { ...base, ...content, basicCode, organisationId });
  return services.service.publish(admin, draft.id, { version: draft.version });
}

beforeAll(async () => {
  database = await createTestDatabase();
  audit = createAuditLog({ db: database.db, keys: loadOrCreateAuditKeys(fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-services-'))) });
  bus = createBus({ db: database.db });
  bus.subscribe('services.item.changed', 'test.collect', async (event) => {
    events.push(event);
  });
  // Applications are not exercised here: their collaborators are left out.
  const unused = {} as never;
  services = createServicesModule({ db: database.db, audit, bus, org, calendar: await loadCalendar([SHIPPED_CALENDAR_DIR]), cipher: unused, registry: unused, licenses: unused, materialsDir: os.tmpdir() });
  const idCard = { name: '居民身份证', form: 'original' as const, requirement: 'required' as const, licenseTypeCode: '11100000020001000X001' };
  const hukou = { name: '居民户口簿', form: 'original' as const, requirement: 'required' as const, licenseTypeCode: '11100000020001000X002' };
  published.migration = await publish(gaj.id, '070000100000', { name: '户籍迁移', aliases: ['迁户口', '户口迁移', '落户'], materials: [hukou, idCard], crossRegion: ['420100', '420200'], highFrequency: true, highFrequencyRank: 1 });
  published.birth = await publish(gaj.id, '070000200000', { name: '出生登记', aliases: ['上户口', '报户口'], materials: [hukou, { name: '出生医学证明', form: 'original', requirement: 'required' }], onlineDepth: 'full_online', highFrequency: true, highFrequencyRank: 2 });
  published.correction = await publish(gaj.id, '070000500000', { name: '户口登记项目变更更正', aliases: ['改名字'], materials: [hukou] });
  published.residence = await publish(gaj.id, '200000300000', { name: '居住证办理', type: 'public_service', aliases: ['暂住证'], materials: [idCard], legalLimitDays: 15, promisedLimitDays: 7 });
  published.company = await publish(scjgj.id, '010004100000', { name: '公司设立登记', type: 'licensing', subjects: ['legal_person'], aliases: ['开公司'], onlineDepth: 'full_online', legalLimitDays: 3, highFrequency: true, highFrequencyRank: 3 });
  published.food = await publish(scjgj.id, '010004300000', { name: '食品经营许可', type: 'licensing', subjects: ['legal_person'], aliases: ['开饭店'], legalLimitDays: 10, promisedLimitDays: 5 });
  published.snack = await publish(ecZsj.id, '010018100000', { name: '食品小作坊、小餐饮登记', type: 'licensing', aliases: ['小餐饮登记'], legalLimitDays: 15, promisedLimitDays: 5 });
  await services.service.create(admin, { ...base, basicCode: '070000600000', organisationId: gaj.id, name: '死亡人员户口注销' });
});

afterAll(async () => {
  await database?.close();
});

const names = (result: { items: Item[] }) => result.items.map((item) => item.name);
const publicSearch = (q: string, extra: object = {}) => services.service.publicSearch({ q, page: 1, pageSize: 20, ...extra });
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

describe('search', () => {
  it('ranks 户籍迁移 first for the ways people ask to move a household registration', async () => {
    for (const q of ['迁户口', '我要迁户口', '户口迁移', '户口迁移怎么办理', '落户']) {
      expect(names(await publicSearch(q))[0], q).toBe('户籍迁移');
    }
    const hukou = await publicSearch('户口');
    expect(names(hukou)).toEqual(expect.arrayContaining(['户籍迁移', '出生登记', '户口登记项目变更更正']));
    expect(names(hukou)[0]).toBe('户口登记项目变更更正');
    expect(hukou.tokens).toEqual(['户口']);
  });

  it('finds items by a material and by the implementing department, and falls back to any word', async () => {
    expect(names(await publicSearch('出生医学证明'))[0]).toBe('出生登记');
    expect(names(await publicSearch('市场监督管理局'))).toEqual(expect.arrayContaining(['公司设立登记', '食品经营许可']));
    const partial = await publicSearch('开公司 暂住证');
    expect(partial.match).toBe('any');
    expect(names(partial)).toEqual(expect.arrayContaining(['公司设立登记', '居住证办理']));
  });

  it('shows the public published items only, and staff their region whatever the status', async () => {
    expect(names(await publicSearch('户口注销'))).not.toContain('死亡人员户口注销');
    const staff = await services.service.manageSearch(admin, { q: '户口注销', page: 1, pageSize: 20 });
    expect(names(staff)).toContain('死亡人员户口注销');
    const district = await services.service.manageSearch(districtAdmin, { page: 1, pageSize: 20 });
    expect(names(district)).toEqual(['食品小作坊、小餐饮登记']);
    const drafts = await services.service.manageSearch(admin, { status: ['draft'], page: 1, pageSize: 20 });
    expect(names(drafts)).toEqual(['死亡人员户口注销']);
  });

  it('counts facets by department, type and depth, each ignoring its own filter', async () => {
    const all = await services.service.publicSearch({ page: 1, pageSize: 1 });
    expect(all.total).toBe(7);
    expect(all.facets.department).toEqual([
      { value: gaj.id, label: gaj.name, count: 4 },
      { value: scjgj.id, label: scjgj.name, count: 2 },
      { value: ecZsj.id, label: ecZsj.name, count: 1 },
    ]);
    expect(all.facets.type.find((f) => f.value === 'licensing')?.count).toBe(3);
    const police = await services.service.publicSearch({ department: [gaj.id], page: 1, pageSize: 20 });
    expect(police.total).toBe(4);
    expect(police.facets.department).toEqual(all.facets.department);
    expect(police.facets.type).toEqual([
      { value: 'confirmation', label: null, count: 3 },
      { value: 'public_service', label: null, count: 1 },
    ]);
    const fullOnline = await services.service.publicSearch({ depth: ['full_online'], type: ['licensing'], page: 1, pageSize: 20 });
    expect(names(fullOnline)).toEqual(['公司设立登记']);
    expect(names(await services.service.publicSearch({ region: '420200', page: 1, pageSize: 20 }))).toEqual(['户籍迁移']);
    expect((await services.service.publicSearch({ subject: 'legal_person', page: 1, pageSize: 20 })).total).toBe(2);
  });

  it('pages without overlap, high-frequency items first when there is no text', async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => services.service.publicSearch({ page, pageSize: 3 })));
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1]);
    expect(new Set(pages.flatMap((p) => p.items.map((i) => i.id))).size).toBe(7);
    expect(names(pages[0]!)).toEqual(['户籍迁移', '出生登记', '公司设立登记']);
    expect((await services.service.highFrequency()).map((i) => i.highFrequencyRank)).toEqual([1, 2, 3]);
  });
});

describe('writes', () => {
  it('builds the implementation code from the basic code, the division and the credit code', () => {
    expect(published.migration!.code).toBe('070000100000-420700000000-000-114207000108733157-1-00');
    expect(published.snack!).toMatchObject({ level: 'county', code: '010018100000-420704000000-000-11420704010874086H-1-00' });
  });

  it('lets one of two concurrent edits of the same version win, the other gets 409', async () => {
    const item = published.residence!;
    const edits = await Promise.allSettled([
      services.service.update(admin, item.id, { version: item.version, promisedLimitDays: 5 }),
      services.service.update(admin, item.id, { version: item.version, promisedLimitDays: 6 }),
    ]);
    expect(edits.filter((e) => e.status === 'fulfilled')).toHaveLength(1);
    const refused = edits.find((e) => e.status === 'rejected')!.reason as AppError;
    expect(refused.code).toBe('SERVICES_VERSION_CONFLICT');
    expect(refused.details).toEqual({ currentVersion: item.version + 1 });
    published.residence = (await services.getItem(item.id))!;
  });

  it('keeps every version for applications that cite (id, version)', async () => {
    const item = published.food!;
    const edited = await services.service.update(admin, item.id, { version: item.version, promisedLimitDays: 3, note: '压缩时限' });
    expect(edited).toMatchObject({ version: item.version + 1, promisedLimitDays: 3, status: 'published' });
    const before = await services.getItemVersion(item.id, item.version);
    expect(before?.snapshot).toMatchObject({ promisedLimitDays: 5, status: 'published', code: item.code });
    expect(await services.getItemVersion(item.id, 99)).toBeUndefined();
    const unchanged = await services.service.update(admin, item.id, { version: edited.version, promisedLimitDays: 3 });
    expect(unchanged.version).toBe(edited.version);
  });

  it('rejects an invalid form schema and writes nothing', async () => {
    const item = published.company!;
    const attempt = (formSchema: Record<string, unknown>) => codeOf(services.service.update(admin, item.id, { version: item.version, formSchema }));
    expect(await attempt({ type: 'object', properties: { name: { type: 'text' } } })).toBe('SERVICES_INVALID_FORM_SCHEMA');
    expect(await attempt({ type: 'object', properties: { name: { type: 'string', minLength: -1 } } })).toBe('SERVICES_INVALID_FORM_SCHEMA');
    expect(await attempt({ type: 'object', properties: { name: { type: 'string', format: 'chinese-name' } } })).toBe('SERVICES_INVALID_FORM_SCHEMA');
    expect(await attempt({ type: 'object', properties: { name: { $ref: '#/definitions/missing' } } })).toBe('SERVICES_INVALID_FORM_SCHEMA');
    expect(await attempt({ type: 'object', properties: {} })).toBe('SERVICES_INVALID_FORM_SCHEMA');
    expect(await attempt({ type: 'string' })).toBe('SERVICES_INVALID_FORM_SCHEMA');
    expect((await services.getItem(item.id))?.version).toBe(item.version);
    const created = codeOf(services.service.create(admin, { ...base, name: '坏表单', basicCode: '070000700000', organisationId: gaj.id, formSchema: { type: 'object', properties: { a: { type: 'strin' } } } }));
    expect(await created).toBe('SERVICES_INVALID_FORM_SCHEMA');
    expect(names(await services.service.manageSearch(admin, { q: '坏表单', page: 1, pageSize: 5 }))).not.toContain('坏表单');
  });

  it('lets a department manage only its own items, and a district administrator only its district', async () => {
    const own = await services.service.update(policeOfficer, published.birth!.id, { version: published.birth!.version, promisedLimitDays: 0 });
    expect(own.promisedLimitDays).toBe(0);
    expect(await codeOf(services.service.update(policeOfficer, published.company!.id, { version: published.company!.version, name: '改名' }))).toBe('SERVICES_NOT_MANAGER');
    expect(await codeOf(services.service.create(policeOfficer, { ...base, name: '代建', basicCode: '070000800000', organisationId: scjgj.id }))).toBe('SERVICES_NOT_MANAGER');
    expect(await codeOf(services.service.update(districtAdmin, published.company!.id, { version: published.company!.version, name: '改名' }))).toBe('SERVICES_ITEM_NOT_FOUND');
    expect(await codeOf(services.service.create(districtAdmin, { ...base, name: '越区', basicCode: '070000800000', organisationId: gaj.id }))).toBe('SERVICES_ORGANISATION_NOT_FOUND');
    expect(await codeOf(services.service.create(admin, { ...base, name: '无代码', basicCode: '070000800000', organisationId: mzj.id }))).toBe('SERVICES_ORGANISATION_WITHOUT_CREDIT_CODE');
  });

  it('announces every change and records it in the audit log', async () => {
    while ((await bus.dispatchOnce()) > 0) {
      // drain the outbox
    }
    const changes = events.filter((e) => (e.payload as { itemId: string }).itemId === published.migration!.id).map((e) => (e.payload as { change: string }).change);
    expect(changes).toEqual(['create', 'publish']);
    const log = await audit.list({ page: 1, pageSize: 100, actor: 'user:admin' });
    expect(log.items.filter((r) => r.target === `services.item:${published.migration!.id}`).map((r) => r.action)).toEqual(['services.item.publish', 'services.item.create']);
  });
});

describe('guide', () => {
  it('gives a published item with its cross-region cities and the deadline if accepted today', async () => {
    const guide = await services.service.guide(published.migration!.code);
    expect(guide.crossRegionNames).toEqual([
      { code: '420100', name: '武汉市' },
      { code: '420200', name: '黄石市' },
    ]);
    expect(guide.deadline).not.toBeNull();
    expect(guide.deadline!.date > guide.deadline!.from).toBe(true);
    expect((await services.service.guide(published.birth!.id)).deadline).toBeNull();
    const draft = (await services.service.manageSearch(admin, { status: ['draft'], page: 1, pageSize: 1 })).items[0]!;
    expect(await codeOf(services.service.guide(draft.code))).toBe('SERVICES_ITEM_NOT_FOUND');
  });
});
