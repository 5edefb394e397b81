import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../kernel/db/index.js';
import { createTestDatabase } from '../../kernel/testing/test-platform.js';
import { textQuery } from '../../kernel/text/index.js';
import { createDatasetRepository } from './dataset.repository.js';
import { datasetSearchVector } from './opendata.deps.js';
import { createSearchIndex } from './search.index.js';
import { seedSyntheticDatasets } from './opendata.synthetic.js';

let database: Database;
let time = 1_000_000;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedSyntheticDatasets(database.db, 600);
});
afterAll(async () => database?.close());

const words = (q: string) => ({ tsquery: textQuery(q)!.all, phrase: textQuery(q)!.phrase });

describe('search index', () => {
  it('finds, filters, sorts and counts like the database would', async () => {
    const search = createSearchIndex(database.db, () => time);
    const result = await search.search({ ...words('公交线路'), clauses: [{ key: 'owner', values: ['ezhou-jtysj'] }] }, [{ key: 'name', direction: 'asc' }], { offset: 0, limit: 5 }, { keys: ['owner', 'theme'], limit: 10, disjunctive: true });
    expect(result.total).toBeGreaterThan(0);
    expect(result.items.every((d) => d.title.includes('公交线路') && d.owner.code === 'ezhou-jtysj')).toBe(true);
    expect(result.items.map((d) => d.name)).toEqual([...result.items.map((d) => d.name)].sort());
    // Disjunctive: the owner facet also counts the other departments' matches.
    expect(result.facets.owner!.length).toBeGreaterThan(1);
    expect(result.items[0]!.distributions.map((d) => d.format)).toEqual(['CSV', 'JSON', 'XLSX', 'API']);
    const negated = await search.search({ tsquery: null, clauses: [{ key: 'owner', values: ['ezhou-jtysj'], negate: true }] }, [], { offset: 0, limit: 1000 });
    expect(negated.items.some((d) => d.owner.code === 'ezhou-jtysj')).toBe(false);
  });

  it('catches up with another node’s writes within a second, and at once after its own', async () => {
    const search = createSearchIndex(database.db, () => time);
    const find = async () => (await search.search({ ...words('鸬鹚'), clauses: [] }, [], { offset: 0, limit: 10 })).items.map((d) => d.name);
    expect(await find()).toEqual([]);
    const repo = createDatasetRepository(database.db);
    const target = (await repo.getByNameOrId('synthetic-000007'))!;
    const title = '梁子湖鸬鹚栖息地';
    expect(await repo.update(target.id, target.version, { title, search_vector: datasetSearchVector({ ...target, title, ownerName: target.owner.name, spatialName: target.spatial.name }) })).toBe(true);
    expect(await find()).toEqual([]);
    time += 1_000;
    expect(await find()).toEqual(['synthetic-000007']);

    await repo.update(target.id, target.version + 1, { status: 'unpublished' });
    search.invalidate();
    expect(await find()).toEqual([]);
  });
});
