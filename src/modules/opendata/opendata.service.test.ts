import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../kernel/auth/index.js';
import { createTestDatabase, loginAs, testConfig } from '../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../platform.js';
import { createOpendataModule, type OpendataModule } from './index.js';

let platform: Platform;
let app: FastifyInstance;
/** The module again, on a clock the tests move. */
let clocked: OpendataModule;
let now = new Date('2026-03-01T02:00:00Z');
const DAY = 86_400_000;
let admin: Principal;
let market: Principal;
let police: Principal;

const field = (name: string, label: string, type: 'string' | 'number' | 'integer', sensitivity: 'general' | 'important' = 'general') => ({ name, label, type, description: '', sensitivity });

beforeAll(async () => {
  const database = await createTestDatabase({ migrate: false });
  platform = await createPlatform(testConfig(), { database });
  await platform.org.seedDemo();
  await platform.catalog.seedDemo();
  const as = async (username: string) => (await platform.org.auth.userPrincipalByUsername(username))!;
  [admin, market, police] = await Promise.all([as('admin'), as('market.steward'), as('police.steward')]);
  clocked = createOpendataModule({ db: database.db, audit: platform.audit, catalog: platform.catalog, org: platform.org.service, apiKeys: platform.org.auth, clock: () => now });
  await platform.catalog.ensureResource({
    code: 'test-open-parking',
    ownerCode: 'ezhou-jtysj',
    name: '测试停车场名录',
    updateCycle: 'monthly',
    shareAttribute: 'unconditional',
    openAttribute: 'unconditional',
    grade: 'general',
    tags: ['停车'],
    fields: [field('lot', '停车场', 'string'), field('spaces', '泊位数', 'integer')],
  });
  await platform.catalog.ensureResource({
    code: 'test-cond-penalties',
    ownerCode: 'ezhou-scjgj',
    name: '测试处罚当事人明细',
    updateCycle: 'monthly',
    shareAttribute: 'conditional',
    shareCondition: '仅用于监管协同',
    openAttribute: 'conditional',
    openCondition: '用于信用研究，须申请',
    grade: 'important',
    fields: [field('party', '当事人', 'string'), field('id_number', '身份证号', 'string', 'important'), field('amount', '罚款（元）', 'number')],
  });
  await platform.catalog.ensureResource({
    code: 'test-closed',
    ownerCode: 'ezhou-scjgj',
    name: '测试不予开放资源',
    updateCycle: 'daily',
    shareAttribute: 'conditional',
    shareCondition: '内部',
    openAttribute: 'none',
    grade: 'important',
    fields: [field('x', 'x', 'string')],
  });
  app = await platform.buildApp(false);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

const base = {
  theme: 'transport',
  licence: 'cc-by-4.0',
  contactName: '测试联系人',
  contactEmail: 'test@example.gov.cn',
};

describe('freshness', () => {
  it('flags a dataset overdue once the clock passes its promise, and clears the flag when the data is updated', async () => {
    now = new Date('2026-03-01T02:00:00Z');
    const dataset = await clocked.publish.publish(admin, { ...base, resource: 'test-open-parking', frequency: 'monthly', rows: [{ lot: '南浦路停车场', spaces: 120 }] });
    const view = async () => clocked.portal.dataset(dataset.name);
    expect((await view()).freshness).toMatchObject({ overdue: false, overdueDays: 0 });
    // A month and seven days of grace: due on 8 April.
    expect((await view()).freshness.dueAt.toISOString()).toBe('2026-04-08T02:00:00.000Z');

    now = new Date('2026-04-08T01:00:00Z');
    expect((await view()).freshness.overdue).toBe(false);
    expect((await clocked.console.overdue(admin)).items.map((d) => d.name)).not.toContain(dataset.name);

    now = new Date('2026-04-11T03:00:00Z');
    expect((await view()).freshness).toMatchObject({ overdue: true, overdueDays: 3 });
    expect((await clocked.console.overdue(admin)).items.map((d) => d.name)).toContain(dataset.name);
    expect((await clocked.portal.search({ page: 1, pageSize: 50, overdue: true })).items.map((d) => d.name)).toContain(dataset.name);
    expect((await clocked.portal.home()).totals.overdue).toBeGreaterThanOrEqual(1);
    const leader = (await platform.org.auth.userPrincipalByUsername('leader'))!;
    expect((await clocked.console.regionOverdue(leader)).items.map((d) => d.name)).toContain(dataset.name);

    const current = await clocked.publish.get(admin, dataset.id);
    await clocked.publish.updateData(admin, dataset.id, { version: current.version, rows: [{ lot: '南浦路停车场', spaces: 118 }], note: '四月更新' });
    expect((await view()).freshness).toMatchObject({ overdue: false, overdueDays: 0 });
    expect((await view()).freshness.dueAt.toISOString()).toBe('2026-05-18T03:00:00.000Z');
    expect((await clocked.console.overdue(admin)).items.map((d) => d.name)).not.toContain(dataset.name);
    const history = await clocked.portal.updates(dataset.name, { page: 1, pageSize: 10 });
    expect(history.items.map((u) => u.kind)).toEqual(['data', 'publish']);
    expect(history.items[0]).toMatchObject({ note: '四月更新', rowCount: 1 });
  });

  it('a metadata edit does not count as an update, but a new promise moves the due time', async () => {
    const dataset = await clocked.portal.published('test-open-parking');
    now = new Date(dataset.dueAt.getTime() + 2 * DAY);
    const edited = await clocked.publish.updateMetadata(admin, dataset.id, { version: dataset.version, description: '全市公共停车场' });
    expect(edited.dataUpdatedAt).toEqual(dataset.dataUpdatedAt);
    expect((await clocked.portal.dataset(dataset.name)).freshness.overdue).toBe(true);
    const yearly = await clocked.publish.updateMetadata(admin, dataset.id, { version: edited.version, frequency: 'yearly' });
    expect(yearly.frequency).toBe('yearly');
    expect((await clocked.portal.dataset(dataset.name)).freshness.overdue).toBe(false);
    await expect(clocked.publish.updateMetadata(admin, dataset.id, { version: edited.version, title: '旧版本' })).rejects.toMatchObject({ code: 'OPENDATA_VERSION_CONFLICT' });
  });
});

describe('publication', () => {
  it('records every publication and update in the audit log, in the same transaction', async () => {
    const dataset = await clocked.portal.published('test-open-parking');
    const audit = await platform.audit.list({ page: 1, pageSize: 500 });
    const mine = audit.items.filter((r) => r.target === `opendata.dataset:${dataset.id}`).map((r) => r.action);
    expect(mine).toEqual(expect.arrayContaining(['opendata.dataset.publish', 'opendata.dataset.update_data', 'opendata.dataset.update_metadata']));
    const before = await platform.audit.count();
    const current = await clocked.publish.get(admin, dataset.id);
    await expect(clocked.publish.updateData(admin, dataset.id, { version: current.version, rows: [{ lot: 1 }] })).rejects.toMatchObject({ code: 'OPENDATA_INVALID_ROWS' });
    expect(await platform.audit.count()).toBe(before);
    expect((await clocked.publish.get(admin, dataset.id)).version).toBe(current.version);
  });

  it('opens only fields of general sensitivity: others are dropped from the rows whatever they hold', async () => {
    await expect(clocked.publish.publish(market, { ...base, theme: 'credit', resource: 'test-cond-penalties', fields: ['party', 'id_number'], rows: [] })).rejects.toMatchObject({ code: 'OPENDATA_FIELD_NOT_OPEN' });
    const dataset = await clocked.publish.publish(market, {
      ...base,
      theme: 'credit',
      resource: 'test-cond-penalties',
      rows: [{ party: '某商行', id_number: '420700199001011234', amount: 5000 }, { party: '某餐馆', id_number: '420700198505051234', amount: 2000 }],
    });
    expect(dataset.fields.map((f) => f.name)).toEqual(['party', 'amount']);
    expect(dataset.access).toBe('conditional');
    const rows = await clocked.portal.grantedRows(market, dataset.name, { offset: 0, limit: 10 });
    expect(rows.rows).toEqual([{ party: '某商行', amount: 5000 }, { party: '某餐馆', amount: 2000 }]);
    expect(JSON.stringify(rows)).not.toContain('4207001990');
  });

  it('refuses resources that are not open, other departments, and a second publication', async () => {
    await expect(clocked.publish.publish(admin, { ...base, resource: 'test-closed', rows: [] })).rejects.toMatchObject({ code: 'OPENDATA_RESOURCE_NOT_OPEN' });
    await expect(clocked.publish.publish(police, { ...base, resource: 'test-cond-penalties', rows: [] })).rejects.toMatchObject({ code: 'OPENDATA_NOT_OWNER' });
    await expect(clocked.publish.publish(admin, { ...base, resource: 'test-open-parking', rows: [] })).rejects.toMatchObject({ code: 'OPENDATA_ALREADY_PUBLISHED' });
    await expect(clocked.publish.publish(admin, { ...base, resource: 'no-such-resource', rows: [] })).rejects.toMatchObject({ code: 'OPENDATA_RESOURCE_NOT_FOUND' });
  });
});

describe('portal routes', () => {
  it('downloads a CSV of the open fields and counts it for the day', async () => {
    const before = (await (await app.inject({ method: 'GET', url: '/api/v1/opendata/statistics?days=3&dataset=test-open-parking' })).json()) as { days: Array<{ downloads: number }> };
    const csv = await app.inject({ method: 'GET', url: '/api/v1/opendata/datasets/test-open-parking/data.csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toBe('\uFEFFlot,spaces\r\n南浦路停车场,118\r\n');
    const after = (await (await app.inject({ method: 'GET', url: '/api/v1/opendata/statistics?days=3&dataset=test-open-parking' })).json()) as { days: Array<{ downloads: number }> };
    expect(after.days.at(-1)!.downloads).toBe(before.days.at(-1)!.downloads + 1);
    const detail = (await app.inject({ method: 'GET', url: '/api/v1/opendata/datasets/test-open-parking' })).json() as { downloads: number; distributions: Array<{ format: string; url: string }> };
    expect(detail.downloads).toBeGreaterThanOrEqual(1);
    expect(detail.distributions.map((d) => d.format)).toEqual(['CSV', 'JSON', 'XLSX', 'API']);
  });

  it('searches with facets, previews, serves rows and history; bad input is a 400', async () => {
    const found = (await app.inject({ method: 'GET', url: '/api/v1/opendata/datasets', query: { q: '停车场', department: 'ezhou-jtysj' } })).json() as { items: Array<{ name: string }>; facets: Record<string, Array<{ value: string }>> };
    expect(found.items.map((d) => d.name)).toContain('test-open-parking');
    expect(found.facets.owner!.map((f) => f.value)).toContain('ezhou-jtysj');
    const preview = (await app.inject({ method: 'GET', url: '/api/v1/opendata/datasets/test-open-parking/preview' })).json() as { rows: unknown[]; restricted: boolean };
    expect(preview).toMatchObject({ restricted: false, rows: [{ lot: '南浦路停车场', spaces: 118 }] });
    const rows = await app.inject({ method: 'GET', url: '/api/v1/opendata/datasets/test-open-parking/rows?limit=1' });
    expect(rows.json()).toMatchObject({ total: 1, rows: [{ lot: '南浦路停车场' }] });
    expect((await app.inject({ method: 'GET', url: '/api/v1/opendata/datasets/test-open-parking/rows?limit=0' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/v1/opendata/datasets/nope' })).json()).toMatchObject({ error: { code: 'OPENDATA_DATASET_NOT_FOUND' } });
    const department = (await app.inject({ method: 'GET', url: '/api/v1/opendata/departments/ezhou-jtysj' })).json() as { name: string; total: number };
    expect(department).toMatchObject({ name: '鄂州市交通运输局', total: 1 });
  });
});

describe('conditional-open applications', () => {
  const token = { value: '' };
  let applicationId = '';
  let apiKey = '';

  it('shows no rows of a conditional dataset to the public', async () => {
    const preview = (await app.inject({ method: 'GET', url: '/api/v1/opendata/datasets/test-cond-penalties/preview' })).json() as { rows: unknown[]; restricted: boolean };
    expect(preview).toMatchObject({ restricted: true, rows: [] });
    const csv = await app.inject({ method: 'GET', url: '/api/v1/opendata/datasets/test-cond-penalties/data.csv' });
    expect(csv.statusCode).toBe(403);
    expect(csv.json()).toMatchObject({ error: { code: 'OPENDATA_CONDITIONAL_ACCESS_REQUIRED' } });
  });

  it('takes an application from anyone and answers "pending" to its token', async () => {
    const applied = await app.inject({
      method: 'POST',
      url: '/api/v1/opendata/datasets/test-cond-penalties/applications',
      payload: { applicantName: '王研究', applicantOrganisation: '某大学信用研究中心', contact: 'wang@example.edu.cn', purpose: '研究行政处罚与企业信用修复' },
    });
    expect(applied.statusCode, applied.body).toBe(201);
    ({ id: applicationId, token: token.value } = applied.json() as { id: string; token: string });
    const claim = await app.inject({ method: 'POST', url: `/api/v1/opendata/applications/${applicationId}/claim`, payload: { token: token.value } });
    expect(claim.json()).toMatchObject({ status: 'pending', apiKey: null });
    const wrong = await app.inject({ method: 'POST', url: `/api/v1/opendata/applications/${applicationId}/claim`, payload: { token: 'odc_not-the-token' } });
    expect(wrong.statusCode).toBe(404);
    const unconditional = await app.inject({ method: 'POST', url: '/api/v1/opendata/datasets/test-open-parking/applications', payload: { applicantName: '王', contact: 'a@b.cn', purpose: '不需要申请的数据' } });
    expect(unconditional.json()).toMatchObject({ error: { code: 'OPENDATA_NOT_CONDITIONAL' } });
  });

  it('lets only the owner department decide', async () => {
    const police = await loginAs(app, 'police.steward');
    const refused = await app.inject({ method: 'POST', url: `/api/v1/opendata/manage/applications/${applicationId}/decision`, payload: { approve: true }, headers: { cookie: police } });
    expect(refused.statusCode).toBe(403);
    const steward = await loginAs(app, 'market.steward');
    const pending = (await app.inject({ method: 'GET', url: '/api/v1/opendata/manage/applications?status=pending', headers: { cookie: steward } })).json() as { items: Array<{ id: string }> };
    expect(pending.items.map((a) => a.id)).toContain(applicationId);
    const approved = await app.inject({ method: 'POST', url: `/api/v1/opendata/manage/applications/${applicationId}/decision`, payload: { approve: true, note: '同意' }, headers: { cookie: steward } });
    expect(approved.json()).toMatchObject({ status: 'approved', claimed: false });
    const again = await app.inject({ method: 'POST', url: `/api/v1/opendata/manage/applications/${applicationId}/decision`, payload: { approve: false }, headers: { cookie: steward } });
    expect(again.json()).toMatchObject({ error: { code: 'OPENDATA_APPLICATION_DECIDED' } });
  });

  it('gives the applicant one API key that reads that dataset and nothing else', async () => {
    const claim = await app.inject({ method: 'POST', url: `/api/v1/opendata/applications/${applicationId}/claim`, payload: { token: token.value } });
    expect(claim.statusCode, claim.body).toBe(200);
    apiKey = (claim.json() as { apiKey: string }).apiKey;
    expect(apiKey).toMatch(/^yw_/);
    const second = await app.inject({ method: 'POST', url: `/api/v1/opendata/applications/${applicationId}/claim`, payload: { token: token.value } });
    expect(second.json()).toMatchObject({ error: { code: 'OPENDATA_CLAIM_REFUSED' } });

    const rows = await app.inject({ method: 'GET', url: '/api/v1/opendata/granted/test-cond-penalties/rows', headers: { 'x-api-key': apiKey } });
    expect(rows.statusCode, rows.body).toBe(200);
    expect((rows.json() as { rows: unknown[] }).rows).toEqual([{ party: '某商行', amount: 5000 }, { party: '某餐馆', amount: 2000 }]);
    const csv = await app.inject({ method: 'GET', url: '/api/v1/opendata/granted/test-cond-penalties/data.csv', headers: { 'x-api-key': apiKey } });
    expect(csv.body).toBe('\uFEFFparty,amount\r\n某商行,5000\r\n某餐馆,2000\r\n');

    await platform.catalog.ensureResource({
      code: 'test-cond-other',
      ownerCode: 'ezhou-scjgj',
      name: '测试另一有条件数据',
      updateCycle: 'monthly',
      shareAttribute: 'unconditional',
      openAttribute: 'conditional',
      openCondition: '须申请',
      grade: 'general',
      fields: [field('x', 'x', 'string')],
    });
    await clocked.publish.publish(market, { ...base, theme: 'credit', resource: 'test-cond-other', rows: [{ x: 'secret' }] });
    const other = await app.inject({ method: 'GET', url: '/api/v1/opendata/granted/test-cond-other/rows', headers: { 'x-api-key': apiKey } });
    expect(other.json()).toMatchObject({ error: { code: 'OPENDATA_NOT_GRANTED' } });
    const console = await app.inject({ method: 'GET', url: '/api/v1/opendata/manage/datasets', headers: { 'x-api-key': apiKey } });
    expect(console.statusCode).toBe(403);

    const actions = (await platform.audit.list({ page: 1, pageSize: 500 })).items.filter((r) => r.target === `opendata.application:${applicationId}`).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['opendata.application.create', 'opendata.application.approve', 'opendata.application.claim']));
  });
});
