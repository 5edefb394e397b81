import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, loginAs, testConfig } from '../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../platform.js';

let platform: Platform;
let app: FastifyInstance;
let officer: string;

interface Item {
  id: string;
  name: string;
  grade: string;
  shareAttribute: string;
  openAttribute: string;
  tags: string[];
  owner: { id: string; name: string };
  score: number;
}
interface Facet {
  value: string;
  label: string | null;
  count: number;
}
interface Result {
  items: Item[];
  total: number;
  page: number;
  pageSize: number;
  match: 'all' | 'any' | null;
  tokens: string[];
  facets: Record<'owner' | 'grade' | 'share' | 'open' | 'cycle' | 'status', Facet[]>;
}

beforeAll(async () => {
  const database = await createTestDatabase({ migrate: false });
  platform = await createPlatform(testConfig(), { database });
  await platform.loadDemo();
  app = await platform.buildApp(false);
  officer = await loginAs(app, 'officer');
});

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

async function search(query: Record<string, string | string[]>): Promise<Result> {
  const response = await app.inject({ method: 'GET', url: '/api/v1/catalog/resources', query, headers: { cookie: officer } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Result;
}

const names = (result: Result) => result.items.map((item) => item.name);
const sum = (facet: Facet[]) => facet.reduce((total, entry) => total + entry.count, 0);

describe('catalog search in Chinese', () => {
  it('ranks the resource named by the search first', async () => {
    const exact = await search({ q: '人口基础信息' });
    expect(names(exact)[0]).toBe('人口基础信息');
    const population = await search({ q: '人口' });
    expect(population.match).toBe('all');
    expect(population.tokens).toEqual(['人口']);
    expect(population.items[0]!.name.startsWith('人口')).toBe(true);
    expect(names(population)).toContain('户籍迁移记录');
    // A name hit outweighs a word in another resource's fields or description.
    expect(names(population).indexOf('人口基础信息')).toBeLessThan(names(population).indexOf('户籍迁移记录'));
    expect(population.items.map((i) => i.score)).toEqual([...population.items.map((i) => i.score)].sort((a, b) => b - a));
  });

  it('finds the market-entity registrations by 营业执照 and by 市场主体', async () => {
    expect(names(await search({ q: '营业执照' }))[0]).toBe('市场主体登记公示信息');
    expect(names(await search({ q: '市场主体' }))[0]).toBe('市场主体登记公示信息');
    expect(names(await search({ q: 'ＳＣＪＧＪ' }))).toEqual(expect.arrayContaining(['市场主体登记公示信息', '法人基础信息']));
  });

  it('finds a resource by the name or label of one of its fields', async () => {
    expect(names(await search({ q: '首要污染物' }))[0]).toBe('空气质量监测日报');
    expect(names(await search({ q: 'pm25' }))[0]).toBe('空气质量监测日报');
    expect(names(await search({ q: '部件标识码' }))[0]).toBe('城市部件信息');
    expect(names(await search({ q: 'id_number' }))).toContain('人口基础信息');
  });

  it('matches a word by its parts, and falls back to any word when none has them all', async () => {
    const parts = await search({ q: '公交站点' });
    expect(parts.match).toBe('all');
    expect(names(parts)[0]).toBe('公交线路与站点信息');
    const loose = await search({ q: '湖泊 火星' });
    expect(loose.match).toBe('any');
    expect(names(loose)[0]).toContain('湖泊');
    expect(names(loose)).toContain('湖泊水位监测信息');
    expect(names(loose).some((name) => name.includes('火星'))).toBe(false);
  });

  it('counts facets for the current search, each ignoring its own filter', async () => {
    const all = await search({ q: '信息' });
    for (const key of ['owner', 'grade', 'share', 'open', 'cycle', 'status'] as const) {
      expect(sum(all.facets[key]), key).toBe(all.total);
    }
    const police = all.facets.owner.find((o) => o.label === '鄂州市公安局')!;
    // Three of the demo catalog and the registry's population resource.
    expect(police.count).toBeGreaterThanOrEqual(4);
    expect((await search({ q: '信息', owner: police.value })).total).toBe(police.count);
    const general = await search({ q: '信息', grade: 'general' });
    expect(general.items.every((i) => i.grade === 'general')).toBe(true);
    expect(general.total).toBe(all.facets.grade.find((g) => g.value === 'general')!.count);
    // The grade facet still offers the other grades; the other facets count only general ones.
    expect(general.facets.grade).toEqual(all.facets.grade);
    expect(sum(general.facets.share)).toBe(general.total);
    const both = await search({ q: '信息', grade: ['general', 'important'], share: 'conditional', owner: police.value });
    expect(both.items.length).toBeGreaterThan(0);
    expect(both.items.every((i) => i.shareAttribute === 'conditional' && i.owner.id === police.value)).toBe(true);
    const tagged = await search({ tag: '基础库' });
    expect(names(tagged)).toEqual(expect.arrayContaining(['人口基础信息', '法人基础信息']));
    expect(tagged.items.every((i) => i.tags.includes('基础库'))).toBe(true);
    expect((await search({ q: '人口', open: 'unconditional' })).total).toBe(0);
  });

  it('pages through results without overlap', async () => {
    const first = await search({ page: '1', pageSize: '7' });
    const second = await search({ page: '2', pageSize: '7' });
    expect(first.total).toBe(second.total);
    expect(first.items).toHaveLength(7);
    expect(first.match).toBeNull();
    const ids = new Set([...first.items, ...second.items].map((i) => i.id));
    expect(ids.size).toBe(first.items.length + second.items.length);
    const lastPage = Math.ceil(first.total / 7);
    expect((await search({ page: String(lastPage), pageSize: '7' })).items.length).toBe(first.total - 7 * (lastPage - 1));
    const beyond = await search({ page: String(lastPage + 1), pageSize: '7' });
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(first.total);
  });

  it('treats injection attempts and tsquery syntax as plain words', async () => {
    for (const q of ["'; drop table catalog_resource; --", "人口' or 1=1 --", '人口 & ! | :* (', '\\', '%', '_', "''", '<script>alert(1)</script>']) {
      const result = await search({ q });
      expect(Array.isArray(result.items)).toBe(true);
    }
    expect((await search({ q: '%' })).total).toBe(0);
    expect(names(await search({ q: '人口 & ! | :* (' }))[0]).toBe(names(await search({ q: '人口' }))[0]);
    expect((await search({ q: '人口' })).total).toBeGreaterThan(0);
  });
});
