import type { FastifyInstance } from 'fastify';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testConfig } from '../../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../../platform.js';

let platform: Platform;
let homeBeforeDemo: { totals: { datasets: number } };
let app: FastifyInstance;

beforeAll(async () => {
  const database = await createTestDatabase({ migrate: false });
  platform = await createPlatform(testConfig(), { database });
  // The parts of the demo the portal stands on: organisations and users, the catalog, the open datasets.
  await platform.org.seedDemo();
  await platform.catalog.seedDemo();
  // A search before the demo builds the node's index, as a first page view during start-up would.
  homeBeforeDemo = await platform.opendata.portal.home();
  await platform.opendata.seedDemo(platform.org.auth.userPrincipalByUsername);
  app = await platform.buildApp(false);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

interface Envelope<T = unknown> {
  help: string;
  success: boolean;
  result: T;
  error?: Record<string, unknown>;
}
interface Package {
  id: string;
  name: string;
  title: string;
  notes: string;
  organization: { id: string; name: string; title: string; is_organization: boolean };
  groups: Array<{ name: string; title: string }>;
  resources: Array<{ id: string; package_id: string; url: string; format: string; name: string; last_modified: string }>;
  tags: Array<{ name: string }>;
  num_resources: number;
  num_tags: number;
  metadata_created: string;
  metadata_modified: string;
  license_id: string;
  isopen: boolean;
  extras: Array<{ key: string; value: string }>;
}
interface SearchResult {
  count: number;
  results: Package[];
  facets: Record<string, Record<string, number>>;
  search_facets: Record<string, { title: string; items: Array<{ name: string; display_name: string; count: number }> }>;
  sort: string;
}

async function action<T>(name: string, query: Record<string, string> = {}, expected = 200): Promise<Envelope<T>> {
  const response = await app.inject({ method: 'GET', url: `/api/3/action/${name}`, query });
  expect(response.statusCode, response.body).toBe(expected);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.json() as Envelope<T>;
  expect(body.help).toBe(`http://localhost:80/api/3/action/help_show?name=${name}`);
  expect(body.success).toBe(expected === 200);
  return body;
}
const search = async (query: Record<string, string>) => (await action<SearchResult>('package_search', query)).result;

describe('package_list', () => {
  it('lists the names of every published dataset, by name, with limit and offset', async () => {
    const all = (await action<string[]>('package_list')).result;
    expect(all.length).toBeGreaterThanOrEqual(40);
    expect([...all].sort()).toEqual(all);
    expect(all).toContain('420700-jtysj-000001');
    expect((await action<string[]>('package_list', { limit: '5', offset: '3' })).result).toEqual(all.slice(3, 8));
  });

  it('answers bad paging in CKAN’s validation envelope (409)', async () => {
    const { error } = await action('package_list', { limit: 'ten' }, 409);
    expect(error).toEqual({ __type: 'Validation Error', limit: ['Invalid integer'] });
    expect((await action('package_list', { offset: '-1' }, 409)).error).toEqual({ __type: 'Validation Error', offset: ['Must be a natural number'] });
  });
});

describe('package_show', () => {
  it('returns a dataset as a CKAN package: organization, groups, tags, resources with urls', async () => {
    const pkg = (await action<Package>('package_show', { id: '420700-jtysj-000001' })).result;
    expect(pkg).toMatchObject({ name: '420700-jtysj-000001', title: '公交线路与站点信息', license_id: 'cc-by-4.0', isopen: true, num_resources: 4 });
    expect(pkg.organization).toMatchObject({ name: 'ezhou-jtysj', title: '鄂州市交通运输局', is_organization: true });
    expect(pkg.groups).toEqual([expect.objectContaining({ name: 'transport', title: '交通出行' })]);
    expect(pkg.num_tags).toBe(pkg.tags.length);
    expect(pkg.resources.map((r) => r.format)).toEqual(['CSV', 'JSON', 'XLSX', 'API']);
    expect(pkg.resources[0]).toMatchObject({ package_id: pkg.id, url: 'http://localhost:80/api/v1/opendata/datasets/420700-jtysj-000001/data.csv' });
    expect(pkg.metadata_created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
    expect(pkg.extras).toContainEqual({ key: 'frequency', value: 'http://publications.europa.eu/resource/authority/frequency/MONTHLY' });
    // The same package by id, and by POST with a JSON body.
    expect((await action<Package>('package_show', { id: pkg.id })).result.name).toBe(pkg.name);
    const posted = await app.inject({ method: 'POST', url: '/api/3/action/package_show', payload: { id: pkg.name } });
    expect((posted.json() as Envelope<Package>).result.id).toBe(pkg.id);
  });

  it('the CSV a package points to is the dataset’s data, header first', async () => {
    const pkg = (await action<Package>('package_show', { id: '420700-jtysj-000001' })).result;
    const csv = await app.inject({ method: 'GET', url: new URL(pkg.resources[0]!.url).pathname });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')[0]).toBe('\uFEFFline_no,line_name,stop_name,stop_sequence,longitude,latitude,first_bus,last_bus,fare,operator');
  });

  it('answers an unknown dataset with a Not Found Error (404) and a missing id with a Validation Error (409)', async () => {
    const { error } = await action('package_show', { id: 'no-such-dataset' }, 404);
    expect(error).toMatchObject({ __type: 'Not Found Error' });
    expect(String(error?.message)).toMatch(/^Not found/);
    expect((await action('package_show', {}, 409)).error).toEqual({ __type: 'Validation Error', name_or_id: ['Missing value'] });
  });
});

describe('package_search', () => {
  it('pages through every dataset with rows and start, in a stable order', async () => {
    const all = await search({ rows: '1000', sort: 'name asc' });
    expect(all.count).toBeGreaterThanOrEqual(40);
    expect(all.results).toHaveLength(all.count);
    expect(all.sort).toBe('name asc');
    const page2 = await search({ rows: '7', start: '7', sort: 'name asc' });
    expect(page2.count).toBe(all.count);
    expect(page2.results.map((p) => p.name)).toEqual(all.results.slice(7, 14).map((p) => p.name));
    expect((await search({ rows: '0' })).results).toEqual([]);
    expect((await search({})).results).toHaveLength(10);
  });

  it('finds datasets by Chinese words (q) and filters by organization and tags (fq)', async () => {
    const bus = await search({ q: '公交' });
    expect(bus.results.map((p) => p.name)).toContain('420700-jtysj-000001');
    expect(bus.results[0]!.title).toContain('公交');
    const market = await search({ fq: 'organization:ezhou-scjgj', rows: '100' });
    expect(market.count).toBeGreaterThanOrEqual(4);
    expect(market.results.every((p) => p.organization.name === 'ezhou-scjgj')).toBe(true);
    const tagged = await search({ fq: 'organization:ezhou-scjgj tags:药店' });
    expect(tagged.results.map((p) => p.title)).toEqual(['药品零售企业名录']);
    const excluded = await search({ fq: '-organization:ezhou-scjgj', rows: '1000' });
    expect(excluded.count).toBe((await search({ rows: '0' })).count - market.count);
    const either = await search({ fq: 'groups:(transport OR culture)', rows: '100' });
    expect(new Set(either.results.map((p) => p.groups[0]!.name))).toEqual(new Set(['transport', 'culture']));
    expect((await search({ q: 'tags:公交' })).results.map((p) => p.name)).toContain('420700-jtysj-000001');
  });

  it('counts facets in CKAN’s two shapes, limited by facet.limit', async () => {
    const result = await search({ 'facet.field': '["organization","groups","res_format","license_id","tags"]', rows: '0' });
    expect(Object.keys(result.facets).sort()).toEqual(['groups', 'license_id', 'organization', 'res_format', 'tags']);
    const total = (await search({ rows: '0' })).count;
    expect(result.facets.res_format).toMatchObject({ CSV: total, JSON: total, API: total });
    expect(result.facets.organization!['ezhou-scjgj']).toBe((await search({ fq: 'organization:ezhou-scjgj', rows: '0' })).count);
    expect(result.search_facets.organization!.title).toBe('organization');
    expect(result.search_facets.organization!.items).toContainEqual({ name: 'ezhou-jtysj', display_name: '鄂州市交通运输局', count: 4 });
    expect(result.search_facets.groups!.items).toContainEqual(expect.objectContaining({ name: 'transport', display_name: '交通出行' }));
    const limited = await search({ 'facet.field': '["tags"]', 'facet.limit': '3', rows: '0' });
    expect(Object.keys(limited.facets.tags!)).toHaveLength(3);
    const off = await search({ 'facet.field': '["tags"]', facet: 'false', rows: '0' });
    expect(off.facets).toEqual({});
  });

  it('sorts by metadata_modified and by title', async () => {
    const newest = (await search({ sort: 'metadata_modified desc', rows: '1000' })).results.map((p) => p.metadata_modified);
    expect([...newest].sort().reverse()).toEqual(newest);
  });

  it('answers bad parameters in CKAN’s error envelope with CKAN’s statuses', async () => {
    expect((await action('package_search', { rows: 'many' }, 409)).error).toEqual({ __type: 'Validation Error', rows: ['Invalid integer'] });
    expect((await action('package_search', { start: '-5' }, 409)).error).toEqual({ __type: 'Validation Error', start: ['Must be a natural number'] });
    expect((await action('package_search', { 'facet.field': 'organization' }, 409)).error).toEqual({ __type: 'Validation Error', 'facet.field': ['Could not parse as valid JSON'] });
    expect((await action('package_search', { 'facet.field': '{"a":1}' }, 409)).error).toEqual({ __type: 'Validation Error', 'facet.field': ['Not a list'] });
    expect((await action('package_search', { 'facet.field': '["no_such_field"]' }, 409)).error).toMatchObject({ __type: 'Search Error' });
    expect((await action('package_search', { sort: 'name sideways' }, 400)).error).toEqual({ __type: 'Search Query Error', message: 'Search Query is invalid: Invalid "sort" parameter' });
    expect((await action('package_search', { fq: 'colour:red' }, 400)).error).toMatchObject({ __type: 'Search Query Error' });
    expect((await action('package_search', { fq: 'tags:"unclosed' }, 400)).error).toMatchObject({ __type: 'Search Query Error' });
  });

  it('caps rows at 1000 as CKAN does, and finds nothing for punctuation only', async () => {
    expect((await search({ rows: '5000' })).results.length).toBeLessThanOrEqual(1000);
    expect((await search({ q: '！！；' })).count).toBe(0);
  });
});

describe('organizations, groups and tags', () => {
  it('organization_list names the departments with published datasets; all_fields adds package_count', async () => {
    const names = (await action<string[]>('organization_list')).result;
    expect(names).toContain('ezhou-jtysj');
    const full = (await action<Array<{ name: string; package_count: number; is_organization: boolean }>>('organization_list', { all_fields: 'true', sort: 'package_count desc', limit: '3' })).result;
    expect(full).toHaveLength(3);
    expect(full[0]!.package_count).toBeGreaterThanOrEqual(full[1]!.package_count);
    expect(full.every((o) => o.is_organization)).toBe(true);
    expect((await action('organization_list', { sort: 'colour' }, 409)).error).toMatchObject({ __type: 'Validation Error' });
  });

  it('organization_show returns a department, with its datasets when asked; 404 otherwise', async () => {
    const org = (await action<{ name: string; title: string; package_count: number; packages?: Package[] }>('organization_show', { id: 'ezhou-jtysj' })).result;
    expect(org).toMatchObject({ name: 'ezhou-jtysj', title: '鄂州市交通运输局', package_count: 4 });
    expect(org.packages).toBeUndefined();
    const withDatasets = (await action<{ packages: Package[] }>('organization_show', { id: 'ezhou-jtysj', include_datasets: 'true' })).result;
    expect(withDatasets.packages.map((p) => p.organization.name)).toEqual(['ezhou-jtysj', 'ezhou-jtysj', 'ezhou-jtysj', 'ezhou-jtysj']);
    expect((await action('organization_show', { id: 'ezhou-nobody' }, 404)).error).toMatchObject({ __type: 'Not Found Error' });
    expect((await action('organization_show', {}, 409)).error).toEqual({ __type: 'Validation Error', id: ['Missing value'] });
  });

  it('group_list names the themes (数据领域) that hold datasets', async () => {
    const groups = (await action<string[]>('group_list')).result;
    expect(groups).toEqual(expect.arrayContaining(['transport', 'health', 'economy']));
    const full = (await action<Array<{ name: string; title: string; package_count: number }>>('group_list', { all_fields: 'true' })).result;
    expect(full.find((g) => g.name === 'transport')).toMatchObject({ title: '交通出行', package_count: 4 });
  });

  it('tag_list lists tags, filtered by query', async () => {
    const tags = (await action<string[]>('tag_list')).result;
    expect(tags).toEqual(expect.arrayContaining(['公交', '停车场']));
    expect((await action<string[]>('tag_list', { query: '公交' })).result.every((t) => t.includes('公交'))).toBe(true);
    expect((await action('tag_list', { vocabulary_id: 'x' }, 404)).error).toMatchObject({ __type: 'Not Found Error' });
  });
});

describe('resource_show, status_show, unknown actions', () => {
  it('resource_show returns a distribution of a package; unknown ids are 404', async () => {
    const pkg = (await action<Package>('package_show', { id: '420700-wlj-000101' })).result;
    const resource = (await action<{ id: string; package_id: string; format: string; url: string }>('resource_show', { id: pkg.resources[1]!.id })).result;
    expect(resource).toEqual(expect.objectContaining({ id: pkg.resources[1]!.id, package_id: pkg.id, format: 'JSON', url: pkg.resources[1]!.url }));
    expect((await action('resource_show', { id: '00000000-0000-4000-8000-000000000000' }, 404)).error).toMatchObject({ __type: 'Not Found Error' });
    expect((await action('resource_show', { id: 'not-a-uuid' }, 404)).error).toMatchObject({ __type: 'Not Found Error' });
  });

  it('status_show describes the site as a CKAN does', async () => {
    const status = (await action<Record<string, unknown>>('status_show')).result;
    expect(status).toMatchObject({ site_url: 'http://localhost:80', ckan_version: expect.stringMatching(/^2\.\d+/), locale_default: 'zh_Hans_CN' });
    expect(status.extensions).toEqual(expect.arrayContaining(['dcat']));
  });

  it('an unknown action is CKAN’s plain 400; a POST body that is not an object too', async () => {
    const unknown = await app.inject({ method: 'GET', url: '/api/3/action/package_delete' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toBe('Bad request - Action name not known: package_delete');
    const list = await app.inject({ method: 'POST', url: '/api/3/action/package_show', payload: '[1,2]', headers: { 'content-type': 'application/json' } });
    expect(list.statusCode).toBe(400);
    const broken = await app.inject({ method: 'POST', url: '/api/3/action/package_show', payload: '{"id":', headers: { 'content-type': 'application/json' } });
    expect(broken.statusCode).toBe(400);
    expect(String(broken.json())).toMatch(/^Bad request - JSON Error/);
  });

  it('answers at /api/action too, and /api/3 tells the version', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/action/package_list?limit=1' });
    expect((response.json() as Envelope<string[]>).result).toHaveLength(1);
    expect((await app.inject({ method: 'GET', url: '/api/3' })).json()).toEqual({ version: 3 });
  });
});

describe('DCAT-AP catalogue at its stable URLs', () => {
  it('serves every published dataset as Turtle that parses, and as JSON-LD', async () => {
    const ttl = await app.inject({ method: 'GET', url: '/opendata/catalog.ttl' });
    expect(ttl.headers['content-type']).toBe('text/turtle; charset=utf-8');
    const quads = new Parser({ format: 'text/turtle' }).parse(ttl.body);
    const datasets = quads.filter((q) => q.predicate.value === 'http://www.w3.org/ns/dcat#dataset');
    expect(datasets).toHaveLength((await action<string[]>('package_list')).result.length);
    const json = await app.inject({ method: 'GET', url: '/opendata/catalog.jsonld' });
    expect(json.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    const graph = (json.json() as { '@graph': Array<{ '@type': string[] }> })['@graph'];
    expect(graph.filter((n) => n['@type'].includes('dcat:Dataset'))).toHaveLength(datasets.length);
  });
});

describe('portal home after the demo', () => {
  it('lists the most used datasets, with their use counts, right after the demo is loaded', async () => {
    expect(homeBeforeDemo.totals.datasets).toBe(0);
    const home = await platform.opendata.portal.home();
    expect(home.totals.downloads).toBeGreaterThan(0);
    expect(home.mostUsed.length).toBeGreaterThan(0);
    expect(home.mostUsed[0]!.downloads).toBeGreaterThan(0);
  });
});
