import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog, loadOrCreateAuditKeys, type AuditLog } from '../../kernel/audit/index.js';
import type { Principal } from '../../kernel/auth/index.js';
import { createBus, type Bus, type DomainEvent } from '../../kernel/bus/index.js';
import type { Database } from '../../kernel/db/index.js';
import { AppError } from '../../kernel/errors/index.js';
import { createTestDatabase } from '../../kernel/testing/test-platform.js';
import { createCatalogModule, type CatalogModule, type ResourceDefinition } from './index.js';
import type { OrgDirectory } from './catalog.service.js';

/** The org module as the catalog sees it: two departments of Ezhou and one of a district. */
const organisations = [
  { id: '00000000-0000-4000-8000-000000000001', code: 'ezhou-gaj', name: '鄂州市公安局', divisionCode: '420700' },
  { id: '00000000-0000-4000-8000-000000000002', code: 'ezhou-scjgj', name: '鄂州市市场监督管理局', divisionCode: '420700' },
  { id: '00000000-0000-4000-8000-000000000003', code: 'ezhou-ec-zsj', name: '鄂城区政务服务和大数据管理局', divisionCode: '420704' },
];
const [gaj, scjgj, ecZsj] = organisations as [(typeof organisations)[0], (typeof organisations)[0], (typeof organisations)[0]];

const org = {
  async getOrganisation(principal: Principal, id: string) {
    const found = organisations.find((o) => o.id === id && o.divisionCode.startsWith(principal.divisionCode.replace(/0+$/, '')));
    if (!found) {
      throw new AppError('ORG_ORGANISATION_NOT_FOUND', 404, '单位不存在');
    }
    return { ...found, shortName: null, kind: 'department', divisionName: '', parentId: null, creditCode: null };
  },
  async getOrganisationByCode(code: string) {
    const found = organisations.find((o) => o.code === code);
    return found ? { ...found, shortName: null, kind: 'department' as const, divisionName: '', parentId: null, creditCode: null } : undefined;
  },
  async actorNames(actors: string[]) {
    return new Map(actors.filter((a) => a === 'user:steward-gaj').map((a) => [a, '公安数据员']));
  },
} as unknown as OrgDirectory;

function principal(id: string, organisationId: string | null, divisionCode: string, permissions: string[]): Principal {
  return { kind: 'user', id, name: id, organisationId, divisionCode, permissions: new Set(permissions), roles: [] };
}
const stewardGaj = principal('steward-gaj', gaj.id, '420700', ['catalog.read', 'catalog.manage']);
const stewardScjgj = principal('steward-scjgj', scjgj.id, '420700', ['catalog.read', 'catalog.manage']);
const admin = principal('admin', null, '420700', ['*']);
const countyReader = principal('reader-hr', null, '420703', ['catalog.read']);
const echengReader = principal('reader-ec', null, '420704', ['catalog.read']);

const population: ResourceDefinition = {
  code: '420700-gaj-000001',
  ownerCode: 'ezhou-gaj',
  name: '人口基本信息',
  description: '全市户籍人口基本身份信息',
  category: '基础信息资源/人口',
  updateCycle: 'daily',
  shareAttribute: 'conditional',
  shareCondition: '用于政务服务身份核验',
  openAttribute: 'none',
  grade: 'important',
  tags: ['人口', '户籍'],
  fields: [
    { name: 'id_number', label: '公民身份号码', type: 'string', description: '', sensitivity: 'important' },
    { name: 'name', label: '姓名', type: 'string', description: '', sensitivity: 'important' },
  ],
};

let database: Database;
let audit: AuditLog;
let bus: Bus;
let catalog: CatalogModule;
const events: DomainEvent[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  audit = createAuditLog({ db: database.db, keys: loadOrCreateAuditKeys(fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-catalog-'))) });
  bus = createBus({ db: database.db });
  bus.subscribe('catalog.resource.changed', 'test.collect', async (event) => {
    events.push(event);
  });
  catalog = createCatalogModule({ db: database.db, audit, bus, org });
});

afterAll(async () => {
  await database?.close();
});

async function drainEvents() {
  while ((await bus.dispatchOnce()) > 0) {
    // keep claiming until the outbox is empty
  }
  return events.splice(0);
}

describe('ensureResource', () => {
  it('creates a resource once, then leaves it alone when nothing changed', async () => {
    const first = await catalog.ensureResource(population, { actor: 'system:registry' });
    expect(first.outcome).toBe('created');
    expect(first.resource).toMatchObject({ code: '420700-gaj-000001', version: 1, status: 'published', owner: { code: 'ezhou-gaj', divisionCode: '420700' } });
    expect(first.resource.publishedAt).not.toBeNull();
    const again = await catalog.ensureResource(population, { actor: 'system:registry' });
    expect(again.outcome).toBe('unchanged');
    expect(again.resource.version).toBe(1);
    const changed = await catalog.ensureResource({ ...population, tags: ['人口', '户籍', '基础库'] }, { actor: 'system:registry' });
    expect(changed).toMatchObject({ outcome: 'updated', resource: { version: 2 } });
    const events = await drainEvents();
    expect(events.map((e) => [e.type, (e.payload as { change: string }).change, (e.payload as { version: number }).version])).toEqual([
      ['catalog.resource.changed', 'create', 1],
      ['catalog.resource.changed', 'update', 2],
    ]);
    const log = await audit.list({ page: 1, pageSize: 10, actor: 'system:registry' });
    expect(log.items.map((r) => r.action)).toEqual(['catalog.resource.update', 'catalog.resource.create']);
  });

  it('returns fields with their sensitivities by id and by code', async () => {
    const byCode = await catalog.getResource('420700-gaj-000001');
    expect(byCode?.fields.map((f) => [f.name, f.sensitivity])).toEqual([
      ['id_number', 'important'],
      ['name', 'important'],
    ]);
    expect((await catalog.getResource(byCode!.id))?.code).toBe('420700-gaj-000001');
    expect(await catalog.getResource('420700-none-000001')).toBeUndefined();
  });

  it('applies the same rules as an edit, and writes nothing when they fail', async () => {
    await expect(catalog.ensureResource({ ...population, code: '420700-gaj-000099', grade: 'general' })).rejects.toMatchObject({ code: 'CATALOG_GRADE_TOO_LOW' });
    await expect(catalog.ensureResource({ ...population, code: 'BAD CODE' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(catalog.ensureResource({ ...population, code: '420700-x-000001', ownerCode: 'nobody' })).rejects.toMatchObject({ code: 'CATALOG_OWNER_NOT_FOUND' });
    expect(await catalog.getResource('420700-gaj-000099')).toBeUndefined();
  });

  it('writes inside the caller transaction and rolls back with it', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await catalog.ensureResource({ ...population, code: '420700-gaj-000050' }, { executor: trx });
        throw new Error('the caller fails later');
      }),
    ).rejects.toThrow('the caller fails later');
    expect(await catalog.getResource('420700-gaj-000050')).toBeUndefined();
  });
});

describe('catalog service', () => {
  const content = { ...population, code: undefined, ownerCode: undefined, name: '户籍迁移记录', shareCondition: '用于入学' };

  it('creates a draft with a generated code, edits it with versions, publishes and retires it', async () => {
    const { code: _c, ownerCode: _o, ...input } = content;
    const created = await catalog.service.create(stewardGaj, { ...input, note: '首次编目' });
    expect(created).toMatchObject({ status: 'draft', version: 1, owner: { id: gaj.id } });
    // 000001 is taken by the registered resource; the sequence moves past it.
    expect(created.code).toBe('420700-gaj-000002');
    const edited = await catalog.service.update(stewardGaj, created.id, { version: 1, description: '户口迁入迁出记录', note: '补充摘要' });
    expect(edited.version).toBe(2);
    const unchanged = await catalog.service.update(stewardGaj, created.id, { version: 2, description: '户口迁入迁出记录' });
    expect(unchanged.version).toBe(2);
    const published = await catalog.service.publish(stewardGaj, created.id, { version: 2 });
    expect(published).toMatchObject({ status: 'published', version: 3 });
    await expect(catalog.service.publish(stewardGaj, created.id, { version: 3 })).rejects.toMatchObject({ code: 'CATALOG_INVALID_STATUS_CHANGE' });
    const retired = await catalog.service.retire(stewardGaj, created.id, { version: 3, note: '业务调整' });
    expect(retired).toMatchObject({ status: 'retired', version: 4 });
    const versions = await catalog.service.versions(stewardGaj, created.id, { page: 1, pageSize: 10 });
    expect(versions.total).toBe(4);
    expect(versions.items.map((v) => [v.version, v.action, v.note])).toEqual([
      [4, 'retire', '业务调整'],
      [3, 'publish', null],
      [2, 'update', '补充摘要'],
      [1, 'create', '首次编目'],
    ]);
    expect(versions.items[0]).toMatchObject({ actor: 'user:steward-gaj', actorName: '公安数据员', snapshot: { status: 'retired', version: 4 } });
    expect((versions.items[3]!.snapshot as { description: string }).description).toBe('全市户籍人口基本身份信息');
  });

  it('refuses a stale version, a foreign owner and a grade below a field', async () => {
    const { code: _c, ownerCode: _o, ...input } = content;
    const created = await catalog.service.create(stewardGaj, { ...input, name: '流动人口居住登记' });
    await catalog.service.update(stewardGaj, created.id, { version: 1, tags: ['人口'] });
    await expect(catalog.service.update(stewardGaj, created.id, { version: 1, tags: ['流动人口'] })).rejects.toMatchObject({ code: 'CATALOG_VERSION_CONFLICT', details: { currentVersion: 2 } });
    await expect(catalog.service.update(stewardScjgj, created.id, { version: 2, tags: ['x'] })).rejects.toMatchObject({ code: 'CATALOG_NOT_OWNER' });
    await expect(catalog.service.create(stewardScjgj, { ...input, ownerId: gaj.id })).rejects.toMatchObject({ code: 'CATALOG_NOT_OWNER' });
    await expect(catalog.service.update(stewardGaj, created.id, { version: 2, grade: 'general' })).rejects.toMatchObject({
      code: 'CATALOG_GRADE_TOO_LOW',
      details: { required: 'important', fields: ['id_number', 'name'] },
    });
    // The platform administrator manages any organisation of the region.
    expect((await catalog.service.update(admin, created.id, { version: 2, category: '基础信息资源/人口/流动人口' })).version).toBe(3);
  });

  it('shows drafts only inside the owner region, published resources everywhere', async () => {
    const { code: _c, ownerCode: _o, ...input } = content;
    const draft = await catalog.service.create(admin, { ...input, name: '鄂城区网格员信息', ownerId: ecZsj.id });
    expect(draft.code).toBe('420704-ec-zsj-000001');
    expect((await catalog.service.get(echengReader, draft.id)).canManage).toBe(false);
    await expect(catalog.service.get(countyReader, draft.id)).rejects.toMatchObject({ code: 'CATALOG_RESOURCE_NOT_FOUND' });
    const hidden = await catalog.service.search(countyReader, { q: '网格员', page: 1, pageSize: 10 });
    expect(hidden.total).toBe(0);
    const seen = await catalog.service.search(echengReader, { q: '网格员', page: 1, pageSize: 10 });
    expect(seen.items.map((r) => r.id)).toEqual([draft.id]);
    await catalog.service.publish(admin, draft.id, { version: 1 });
    expect((await catalog.service.search(countyReader, { q: '网格员', page: 1, pageSize: 10 })).total).toBe(1);
  });
});
