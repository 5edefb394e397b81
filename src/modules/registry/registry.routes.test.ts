import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, loginAs, testConfig } from '../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../platform.js';

let platform: Platform;
let app: FastifyInstance;
let officer: string;
/** Demo rows as written to the sample files: [id, name, sex, birth, ethnicity, division, address, phone, status]. */
let persons: string[][];
let entities: string[][];

beforeAll(async () => {
  const database = await createTestDatabase({ migrate: false });
  platform = await createPlatform(testConfig(), { database });
  await platform.loadDemo();
  app = await platform.buildApp(false);
  officer = await loginAs(app, 'officer');
  const read = (name: string) => fs.readFileSync(path.join(platform.config.dataDir, 'demo', name), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
  persons = read('registry-persons-sample.csv');
  entities = read('registry-entities-sample.csv');
});

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

const get = (url: string, cookie?: string) => app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
const personIn = (prefix: string, withPhone = true) => persons.find((p) => p[5]!.startsWith(prefix) && (!withPhone || p[7]!.startsWith('1')) && p[8] === '正常')!;

describe('GET /registry/persons', () => {
  it('answers an exact lookup with a masked view and audits it without the clear number', async () => {
    const [id, name, , birth, , division, , phone] = personIn('420704');
    const response = await get(`/api/v1/registry/persons?idNumber=${id}`, officer);
    expect(response.statusCode).toBe(200);
    const person = response.json().person;
    expect(person).toMatchObject({
      idNumber: `${id!.slice(0, 4)}**********${id!.slice(-4)}`,
      name: `${name![0]}${'*'.repeat([...name!].length - 1)}`,
      birthYear: Number(birth!.slice(0, 4)),
      householdDivision: { code: division, countyName: '鄂城区' },
      phone: `${phone!.slice(0, 3)}****${phone!.slice(-4)}`,
      status: '正常',
      source: 'demo',
    });
    expect(person.address).toMatch(/\*\*\*\*$/);
    expect(JSON.stringify(person)).not.toContain(id!.slice(4, 14));

    const log = await platform.audit.list({ page: 1, pageSize: 5, action: 'registry.person.lookup' });
    expect(log.items[0]).toMatchObject({ action: 'registry.person.lookup', details: { found: true } });
    expect(log.items[0]?.target).toMatch(/^registry_person:[0-9a-f]{32}$/);
    expect(JSON.stringify(log.items[0])).not.toContain(id);
  });

  it('rejects an invalid number with 400 and an unknown one with 404', async () => {
    const invalid = await get('/api/v1/registry/persons?idNumber=420704199001010011', officer);
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error).toMatchObject({ code: 'REGISTRY_INVALID_ID_NUMBER', details: { errors: [{ code: 'ID_CHECK_DIGIT' }] } });
    const unknown = await get('/api/v1/registry/persons?idNumber=11010519491231002X', officer);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('REGISTRY_PERSON_NOT_FOUND');
    const missing = await get('/api/v1/registry/persons', officer);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('requires a session and registry.read', async () => {
    expect((await get('/api/v1/registry/summary')).json().error.code).toBe('AUTH_REQUIRED');
    const gridworker = await loginAs(app, 'gridworker');
    const forbidden = await get(`/api/v1/registry/persons?idNumber=${persons[0]![0]}`, gridworker);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('AUTH_FORBIDDEN');
  });

  it('keeps a county officer to the county: others are not found, the summary counts only it', async () => {
    await platform.org.service.createUser(null, { username: 'lzh-officer', displayName: '梁审批', password: 'Yiwang@2026', divisionCode: '420702', roles: ['case_officer'] });
    const county = await loginAs(app, 'lzh-officer');
    expect((await get(`/api/v1/registry/persons?idNumber=${personIn('420704')[0]}`, county)).statusCode).toBe(404);
    expect((await get(`/api/v1/registry/persons?idNumber=${personIn('420702', false)[0]}`, county)).statusCode).toBe(200);
    const summary = (await get('/api/v1/registry/summary', county)).json();
    expect(summary.persons.byDistrict).toEqual([{ code: '420702', name: '梁子湖区', count: persons.filter((p) => p[5]!.startsWith('420702')).length }]);
    expect(summary.entities.byDistrict.map((d: { code: string }) => d.code)).toEqual(['420702']);
  });
});

describe('GET /registry/entities and /registry/summary', () => {
  it('shows an entity with its representative masked', async () => {
    const [code, name, , repName, repId] = entities.find((e) => e[4] !== '' && e[7]!.startsWith('4207'))!;
    const response = await get(`/api/v1/registry/entities?creditCode=${code!.toLowerCase()}`, officer);
    expect(response.statusCode).toBe(200);
    expect(response.json().entity).toMatchObject({ creditCode: code, name, legalRepName: `${repName![0]}${'*'.repeat([...repName!].length - 1)}`, legalRepIdNumber: `${repId!.slice(0, 4)}**********${repId!.slice(-4)}` });
    expect((await get('/api/v1/registry/entities?creditCode=91350100M000100Y44', officer)).json().error.code).toBe('REGISTRY_INVALID_CREDIT_CODE');
    expect((await get('/api/v1/registry/entities?creditCode=91350100M000100Y43', officer)).json().error.code).toBe('REGISTRY_ENTITY_NOT_FOUND');
  });

  it('counts the city by district, status and type for a leader', async () => {
    const leader = await loginAs(app, 'leader');
    const summary = (await get('/api/v1/registry/summary', leader)).json();
    expect(summary.persons.total).toBe(persons.length);
    expect(summary.persons.byDistrict.map((d: { name: string }) => d.name)).toEqual(['梁子湖区', '华容区', '鄂城区']);
    expect(summary.persons.byStatus.map((s: { code: string }) => s.code)).toContain('正常');
    expect(summary.entities.total).toBe(entities.length);
    expect(summary.entities.byType.map((t: { code: string }) => t.code)).toEqual(expect.arrayContaining(['个体工商户', '企业']));
  });

  it('lists the import runs of the demo register', async () => {
    const runs = (await get('/api/v1/registry/imports', officer)).json().items;
    expect(runs.map((r: { kind: string; status: string; source: string }) => [r.kind, r.status, r.source]).sort()).toEqual([
      ['entities', 'completed', 'demo'],
      ['persons', 'completed', 'demo'],
    ]);
  });
});

describe('registry service for other modules', () => {
  it('finds persons and entities in clear, verifies names and counts by division', async () => {
    const service = platform.registry.service;
    const [id, name, , , , division] = persons[0]!;
    expect(await service.findPersonByIdNumber(id!.toLowerCase())).toMatchObject({ idNumber: id, name, householdDivision: division });
    expect(await service.verifyPersonName(id!, ` ${name} `)).toBe(true);
    expect(await service.verifyPersonName(id!, `${name}X`)).toBe(false);
    expect(await service.verifyPersonName('11010519491231002X', name!)).toBe(false);
    await expect(service.findPersonByIdNumber('123')).rejects.toMatchObject({ code: 'REGISTRY_INVALID_ID_NUMBER' });
    const [other, otherName] = persons[1]!;
    const together = await service.findPersonsByIdNumbers([other!, '11010519491231002X', id!.toLowerCase()]);
    expect(together.map((p) => p?.name)).toEqual([otherName, undefined, name]);
    await expect(service.findPersonsByIdNumbers([id!, '123'])).rejects.toMatchObject({ code: 'REGISTRY_INVALID_ID_NUMBER' });
    const [code, , , , repId] = entities.find((e) => e[4] !== '')!;
    expect((await service.findEntityByCreditCode(code!))?.legalRepIdNumber).toBe(repId);
    expect(await service.entitiesOfLegalRep(repId!)).toContain(code);
    const byCounty = await service.countPersonsByDivision('420700');
    expect(byCounty.reduce((s, c) => s + c.count, 0)).toBe(persons.length);
    expect(await service.countPersonsByDivision('420703')).toEqual([{ code: '420703', name: '华容区', count: persons.filter((p) => p[5]!.startsWith('420703')).length }]);
  });

  it('registers both registries in the catalog, owned by the police and market regulation bureaus', async () => {
    const persons = await platform.catalog.getResource('420700-gaj-registry-persons');
    const entities = await platform.catalog.getResource('420700-scjgj-registry-entities');
    expect(persons).toMatchObject({ name: '人口基础信息', owner: { code: 'ezhou-gaj' }, status: 'published' });
    expect(entities).toMatchObject({ name: '法人基础信息', owner: { code: 'ezhou-scjgj' } });
  });

  it('refuses to start with another field key than the data was written under', async () => {
    const other = testConfig({ YIWANG_FIELD_KEY: 'ab'.repeat(32) });
    await expect(createPlatform({ ...other, dataDir: platform.config.dataDir }, { database: platform.database })).rejects.toMatchObject({ code: 'REGISTRY_FIELD_KEY_MISMATCH' });
  });
});
