import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUser, exchangeKey, fixturePersons, importPersons } from '../../../bench/_exchange-fixture.js';
import { createTestDatabase, loginAs, testConfig } from '../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../platform.js';
import { REGISTRY_RESOURCE_CODES } from '../registry/index.js';
import { shanghaiDay, addDays } from './exchange.dates.js';
import { GRANT_CACHE_MS } from './grant-cache.js';

let platform: Platform;
let app: FastifyInstance;
let officer: string; // 市场监管局 case officer: requests
let gaj: string; // 公安局 steward: owns the persons registry
let gaj2: string;
let scjgjSteward: string; // 市场监管局 steward: owns the entities registry
let steward: string; // 大数据中心 steward: requests, approves its own, issues keys
let districtSteward: string; // 鄂城区数据局 steward
let dsjzxKey: string;
let districtKey: string;
const persons = fixturePersons(8);
const today = shanghaiDay();
const nextYear = addDays(today, 365);

beforeAll(async () => {
  const database = await createTestDatabase({ migrate: false });
  platform = await createPlatform(testConfig({ YIWANG_API_KEY_CALLS_PER_MINUTE: '100000' }), { database });
  await platform.loadDemo();
  await importPersons(platform, persons);
  await ensureUser(platform, 'gaj-steward', 'ezhou-gaj', ['data_steward']);
  await ensureUser(platform, 'gaj-steward2', 'ezhou-gaj', ['data_steward']);
  await ensureUser(platform, 'scjgj-steward', 'ezhou-scjgj', ['data_steward']);
  const districtId = await ensureUser(platform, 'ec-steward', 'ezhou-ec-zsj', ['data_steward']);
  app = await platform.buildApp(false);
  officer = await loginAs(app, 'officer');
  gaj = await loginAs(app, 'gaj-steward');
  gaj2 = await loginAs(app, 'gaj-steward2');
  scjgjSteward = await loginAs(app, 'scjgj-steward');
  steward = await loginAs(app, 'steward');
  districtSteward = await loginAs(app, 'ec-steward');
  const stewardId = (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: steward } })).json().user.id as string;
  dsjzxKey = await exchangeKey(platform, stewardId, 'ezhou-dsjzx');
  districtKey = await exchangeKey(platform, districtId, 'ezhou-ec-zsj');
}, 120_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

const post = (url: string, cookie: string, payload: unknown) => app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { cookie }, payload: payload as object });
const get = (url: string, cookie: string) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } });
const call = (key: string, url: string, headers: Record<string, string> = { 'x-yiwang-purpose': encodeURIComponent('低保资格核验'), 'x-yiwang-case': 'MZ-2026-001' }) =>
  app.inject({ method: 'GET', url: `/api/v1/exchange/gateway${url}`, headers: { 'x-api-key': key, ...headers } });
const codeOf = (response: { json(): { error?: { code: string } } }) => response.json().error?.code;

async function resourceId(code: string): Promise<string> {
  return (await platform.catalog.getResource(code))!.id;
}

async function request(cookie: string, overrides: Record<string, unknown> = {}) {
  const response = await post('/exchange/requests', cookie, {
    resourceId: await resourceId(REGISTRY_RESOURCE_CODES.persons),
    purpose: '最低生活保障资格核验',
    fields: ['id_number', 'name', 'sex', 'household_division', 'phone'],
    validFrom: today,
    validTo: nextYear,
    ratePerMinute: 100,
    clearText: false,
    ...overrides,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number; status: string };
}

async function granted(requester: string, overrides: Record<string, unknown> = {}, approval: Record<string, unknown> = {}) {
  const created = await request(requester, overrides);
  const approved = await post(`/exchange/requests/${created.id}/approve`, gaj, { version: created.version, ...approval });
  expect(approved.statusCode, approved.body).toBe(200);
  return approved.json() as { request: { status: string }; grant: { id: string; fields: string[]; ratePerMinute: number; status: string } };
}

describe('access requests', () => {
  it('refuses bad requests with their codes', async () => {
    const bad = async (overrides: Record<string, unknown>, code: string, status = 400) => {
      const response = await post('/exchange/requests', officer, {
        resourceId: await resourceId(REGISTRY_RESOURCE_CODES.persons), purpose: '核验', fields: ['name'], validFrom: today, validTo: nextYear, ratePerMinute: 10, clearText: false, ...overrides,
      });
      expect(response.statusCode, response.body).toBe(status);
      expect(codeOf(response)).toBe(code);
    };
    await bad({ fields: ['name', 'salary'] }, 'EXCHANGE_INVALID_REQUEST');
    await bad({ validTo: addDays(today, 4 * 365) }, 'EXCHANGE_INVALID_REQUEST');
    await bad({ clearText: true }, 'EXCHANGE_INVALID_REQUEST');
    await bad({ purpose: '   ' }, 'EXCHANGE_INVALID_REQUEST');
    await bad({ purpose: undefined }, 'VALIDATION_FAILED');
    await bad({ resourceId: 'no-such-resource' }, 'EXCHANGE_RESOURCE_NOT_FOUND', 404);
    await bad({ resourceId: REGISTRY_RESOURCE_CODES.entities, fields: ['name'] }, 'EXCHANGE_OWN_RESOURCE', 409);
  });

  it('refuses a resource that is not shared (不予共享)', async () => {
    await platform.catalog.ensureResource({
      code: '420700-gaj-test-none', ownerCode: 'ezhou-gaj', name: '不予共享测试资源', description: '测试', category: '测试', updateCycle: 'daily',
      shareAttribute: 'none', shareCondition: '涉密', openAttribute: 'none', openCondition: '涉密', grade: 'important', tags: [],
      fields: [{ name: 'x', label: 'X', type: 'string', description: '', sensitivity: 'important' }],
    });
    const response = await post('/exchange/requests', officer, { resourceId: '420700-gaj-test-none', purpose: '核验', fields: ['x'], validFrom: today, validTo: nextYear, ratePerMinute: 10, clearText: false });
    expect(response.statusCode).toBe(409);
    expect(codeOf(response)).toBe('EXCHANGE_RESOURCE_NOT_SHAREABLE');
  });

  it('lets the requester withdraw a pending request, once', async () => {
    const created = await request(officer);
    expect(created.status).toBe('pending');
    const inbox = (await get('/exchange/requests?box=inbox&status=pending', gaj)).json().items as Array<{ id: string }>;
    expect(inbox.map((r) => r.id)).toContain(created.id);
    expect(codeOf(await post(`/exchange/requests/${created.id}/withdraw`, gaj, { version: 1 }))).toBe('EXCHANGE_NOT_REQUESTER');
    const withdrawn = await post(`/exchange/requests/${created.id}/withdraw`, officer, { version: 1 });
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', version: 2 });
    const again = await post(`/exchange/requests/${created.id}/withdraw`, officer, { version: 2 });
    expect(again.statusCode).toBe(409);
    expect(codeOf(again)).toBe('EXCHANGE_INVALID_TRANSITION');
  });

  it('lets only the owner steward decide, and a rejection needs a reason', async () => {
    const created = await request(steward);
    expect(codeOf(await post(`/exchange/requests/${created.id}/approve`, steward, { version: 1 }))).toBe('EXCHANGE_NOT_APPROVER');
    expect(codeOf(await post(`/exchange/requests/${created.id}/approve`, scjgjSteward, { version: 1 }))).toBe('EXCHANGE_REQUEST_NOT_FOUND');
    expect(codeOf(await post(`/exchange/requests/${created.id}/approve`, officer, { version: 1 }))).toBe('AUTH_FORBIDDEN');
    expect(codeOf(await post(`/exchange/requests/${created.id}/reject`, gaj, { version: 1, reason: ' ' }))).toBe('VALIDATION_FAILED');
    const rejected = await post(`/exchange/requests/${created.id}/reject`, gaj, { version: 1, reason: '用途与职责不符' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', decisionReason: '用途与职责不符' });
    expect((await get(`/exchange/requests/${created.id}`, steward)).json().status).toBe('rejected');
  });

  it('lets one of two stewards deciding at once win; the other gets 409', async () => {
    const created = await request(officer);
    const [a, b] = await Promise.all([
      post(`/exchange/requests/${created.id}/approve`, gaj, { version: 1 }),
      post(`/exchange/requests/${created.id}/reject`, gaj2, { version: 1, reason: '不同意' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(['EXCHANGE_VERSION_CONFLICT', 'EXCHANGE_INVALID_TRANSITION']).toContain(codeOf(loser));
  });

  it('approves as asked, or narrowed, but never wider', async () => {
    const created = await request(officer, { clearText: true, clearTextReason: '发放补贴须核对原文' });
    expect(codeOf(await post(`/exchange/requests/${created.id}/approve`, gaj, { version: 1, ratePerMinute: 1000 }))).toBe('EXCHANGE_NOT_NARROWER');
    expect(codeOf(await post(`/exchange/requests/${created.id}/approve`, gaj, { version: 1, fields: ['name', 'address'] }))).toBe('EXCHANGE_NOT_NARROWER');
    const narrowed = await post(`/exchange/requests/${created.id}/approve`, gaj, { version: 1, fields: ['name', 'sex'], ratePerMinute: 10, clearText: false });
    expect(narrowed.json()).toMatchObject({ request: { status: 'narrowed' }, grant: { fields: ['name', 'sex'], ratePerMinute: 10, clearText: false, status: 'active' } });
    const asked = await granted(officer);
    expect(asked.request.status).toBe('approved');
    const mine = (await get('/exchange/grants?side=consumer', officer)).json().items as Array<{ id: string }>;
    expect(mine.map((g) => g.id)).toContain(asked.grant.id);
  });
});

/** A department with a steward (who requests) and an API key with scope exchange.call. */
async function consumer(orgCode: string) {
  const username = `${orgCode}-steward`;
  const id = await ensureUser(platform, username, orgCode, ['data_steward']);
  return { cookie: await loginAs(app, username), key: await exchangeKey(platform, id, orgCode) };
}

describe('gateway', () => {
  const [echeng1, echeng2, huarong, liangzihu] = persons; // 420704, 420704, 420703, 420702

  it('returns only granted fields, masked by sensitivity, and records the call', async () => {
    await granted(steward);
    const response = await call(dsjzxKey, `/persons/${echeng1!.idNumber}`);
    expect(response.statusCode, response.body).toBe(200);
    const { data, withheld, clearText } = response.json();
    expect(clearText).toBe(false);
    expect(withheld).toEqual([]);
    expect(Object.keys(data).sort()).toEqual(['household_division', 'id_number', 'name', 'phone', 'sex']);
    expect(data.id_number).toBe(`${echeng1!.idNumber.slice(0, 4)}**********${echeng1!.idNumber.slice(-4)}`);
    expect(data.name).toBe(echeng1!.name[0] + '*'.repeat(echeng1!.name.length - 1));
    expect(data.phone).toBe(`${echeng1!.phone.slice(0, 3)}****${echeng1!.phone.slice(-4)}`);
    expect(data.household_division).toBe(echeng1!.householdDivision);
    expect(['male', 'female']).toContain(data.sex);
    expect(JSON.stringify(response.json())).not.toContain(echeng1!.idNumber);

    const audit = await platform.audit.list({ page: 1, pageSize: 5, action: 'exchange.gateway.call' });
    expect(audit.items[0]!.details).toMatchObject({ result: 'OK', status: 200, purpose: '低保资格核验', caseId: 'MZ-2026-001', fields: ['id_number', 'name', 'sex', 'household_division', 'phone'] });
    expect(JSON.stringify(audit.items[0])).not.toContain(echeng1!.idNumber);
    const rows = await platform.database.db.selectFrom('exchange_call').selectAll().orderBy('id', 'desc').limit(1).execute();
    expect(rows[0]!).toMatchObject({ operation: 'person.lookup', result: 'OK', status: 200, case_id: 'MZ-2026-001' });
    expect(rows[0]!.subject_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(rows[0]!.latency_ms).toBeGreaterThan(0);
  });

  it('narrows to ?fields= within the grant and refuses fields beyond it', async () => {
    const narrow = await call(dsjzxKey, `/persons/${echeng1!.idNumber}?fields=sex,name`);
    expect(Object.keys(narrow.json().data).sort()).toEqual(['name', 'sex']);
    const beyond = await call(dsjzxKey, `/persons/${echeng1!.idNumber}?fields=name,address`);
    expect(beyond.statusCode).toBe(403);
    expect(codeOf(beyond)).toBe('EXCHANGE_FIELD_NOT_GRANTED');
  });

  it('refuses calls without purpose, bad identifiers, unknown subjects and sessions', async () => {
    const noPurpose = await call(dsjzxKey, `/persons/${echeng1!.idNumber}`, {});
    expect([noPurpose.statusCode, codeOf(noPurpose)]).toEqual([400, 'EXCHANGE_PURPOSE_REQUIRED']);
    const byQuery = await call(dsjzxKey, `/persons/${echeng1!.idNumber}?purpose=${encodeURIComponent('核验')}`, {});
    expect(byQuery.statusCode).toBe(200);
    const invalid = await call(dsjzxKey, '/persons/420704198507120010');
    expect([invalid.statusCode, codeOf(invalid)]).toEqual([400, 'EXCHANGE_INVALID_IDENTIFIER']);
    const unknown = await call(dsjzxKey, `/persons/${fixturePersons(1, 900)[0]!.idNumber}`);
    expect([unknown.statusCode, codeOf(unknown)]).toEqual([404, 'EXCHANGE_SUBJECT_NOT_FOUND']);
    const admin = await loginAs(app, 'admin');
    const session = await app.inject({ method: 'GET', url: `/api/v1/exchange/gateway/persons/${echeng1!.idNumber}`, headers: { cookie: admin, 'x-yiwang-purpose': 'x' } });
    expect([session.statusCode, codeOf(session)]).toEqual([403, 'EXCHANGE_API_KEY_REQUIRED']);
    const stewardId = (await get('/auth/me', steward)).json().user.id as string;
    const unscoped = await exchangeKey(platform, stewardId, 'ezhou-dsjzx', ['org.read']);
    expect(codeOf(await call(unscoped, `/persons/${echeng1!.idNumber}`))).toBe('AUTH_FORBIDDEN');
    const refused = await platform.database.db.selectFrom('exchange_call').select(['result', 'status']).where('result', '=', 'EXCHANGE_SUBJECT_NOT_FOUND').execute();
    expect(refused.length).toBeGreaterThan(0);
  });

  it('verifies {idNumber, name} pairs in a batch', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/exchange/gateway/persons/verify',
      headers: { 'x-api-key': dsjzxKey, 'x-yiwang-purpose': 'verify' },
      payload: { pairs: [{ idNumber: echeng1!.idNumber, name: echeng1!.name }, { idNumber: echeng2!.idNumber, name: '不是他' }, { idNumber: fixturePersons(1, 901)[0]!.idNumber, name: '无此人' }] },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().results.map((r: { match: boolean }) => r.match)).toEqual([true, false, false]);
    const tooMany = await app.inject({ method: 'POST', url: '/api/v1/exchange/gateway/persons/verify', headers: { 'x-api-key': dsjzxKey, 'x-yiwang-purpose': 'v' }, payload: { pairs: Array.from({ length: 101 }, () => ({ idNumber: echeng1!.idNumber, name: 'x' })) } });
    expect(tooMany.statusCode).toBe(400);
  });

  it('answers simultaneous calls each on its own: found, unknown and invalid identifiers mixed', async () => {
    const unknownId = fixturePersons(1, 902)[0]!.idNumber;
    const ids = [echeng1!.idNumber, unknownId, '420704198507120010', echeng2!.idNumber, huarong!.idNumber.toLowerCase()];
    const responses = await Promise.all(ids.map((id) => call(dsjzxKey, `/persons/${id}`)));
    expect(responses.map((r) => [r.statusCode, codeOf(r) ?? r.json().data.household_division])).toEqual([
      [200, echeng1!.householdDivision],
      [404, 'EXCHANGE_SUBJECT_NOT_FOUND'],
      [400, 'EXCHANGE_INVALID_IDENTIFIER'],
      [200, echeng2!.householdDivision],
      [200, huarong!.householdDivision],
    ]);
  });

  it('refuses without a grant, and outside the consumer region', async () => {
    const none = await call(dsjzxKey, '/entities/91420700MA4960XXXX');
    expect([none.statusCode, codeOf(none)]).toEqual([403, 'EXCHANGE_NO_GRANT']);
    const district = await request(districtSteward);
    await post(`/exchange/requests/${district.id}/approve`, gaj, { version: 1 });
    expect((await call(districtKey, `/persons/${echeng2!.idNumber}`)).statusCode).toBe(200);
    for (const outside of [huarong!, liangzihu!]) {
      const response = await call(districtKey, `/persons/${outside.idNumber}`);
      expect([response.statusCode, codeOf(response)]).toEqual([403, 'EXCHANGE_OUTSIDE_REGION']);
    }
    const verify = await app.inject({ method: 'POST', url: '/api/v1/exchange/gateway/persons/verify', headers: { 'x-api-key': districtKey, 'x-yiwang-purpose': 'v' }, payload: { pairs: [{ idNumber: huarong!.idNumber, name: huarong!.name }] } });
    expect(verify.json().results[0].match).toBeNull();
  });

  it('returns clear text when the grant allows it', async () => {
    const { cookie, key } = await consumer('ezhou-mzj');
    await granted(cookie, { clearText: true, clearTextReason: '低保金发放须核对原始身份信息', fields: ['id_number', 'name', 'address'] });
    const data = (await call(key, `/persons/${echeng1!.idNumber}`)).json().data;
    expect(data).toEqual({ id_number: echeng1!.idNumber, name: echeng1!.name, address: echeng1!.address });
  });

  it('limits calls per grant with 429 and retryAfterSeconds', async () => {
    const { cookie, key } = await consumer('ezhou-rsj');
    await granted(cookie, { ratePerMinute: 2 });
    expect((await call(key, `/persons/${echeng1!.idNumber}`)).statusCode).toBe(200);
    expect((await call(key, `/persons/${echeng1!.idNumber}`)).statusCode).toBe(200);
    const limited = await call(key, `/persons/${echeng1!.idNumber}`);
    expect([limited.statusCode, codeOf(limited)]).toEqual([429, 'EXCHANGE_RATE_EXCEEDED']);
    expect(limited.json().error.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('refuses the next call after revocation', async () => {
    const { cookie, key } = await consumer('ezhou-wjw');
    const { grant } = await granted(cookie);
    expect((await call(key, `/persons/${echeng1!.idNumber}`)).statusCode).toBe(200);
    expect(codeOf(await post(`/exchange/grants/${grant.id}/revoke`, cookie, { reason: '自己撤销' }))).toBe('EXCHANGE_NOT_APPROVER');
    const revoked = await post(`/exchange/grants/${grant.id}/revoke`, gaj, { reason: '超范围使用' });
    expect(revoked.json()).toMatchObject({ status: 'revoked', revokeReason: '超范围使用' });
    const next = await call(key, `/persons/${echeng1!.idNumber}`);
    expect([next.statusCode, codeOf(next)]).toEqual([403, 'EXCHANGE_GRANT_REVOKED']);
    const usage = await platform.database.db.selectFrom('exchange_usage_daily').select(['calls', 'refused']).where('grant_id', '=', grant.id).execute();
    expect(usage).toEqual([{ calls: 2, refused: 1 }]);
    expect(codeOf(await post(`/exchange/grants/${grant.id}/revoke`, gaj, { reason: '再次' }))).toBe('EXCHANGE_INVALID_TRANSITION');
  });

  it('commits every one of many simultaneous calls once: call rows, the day counter and one audit record each', async () => {
    const { cookie, key } = await consumer('ezhou-ybj');
    const { grant } = await granted(cookie);
    const auditBefore = await platform.audit.count();
    const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => call(key, `/persons/${persons[i % 4]!.idNumber}`)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(40).fill(200));
    const rows = await platform.database.db.selectFrom('exchange_call').select('id').where('grant_id', '=', grant.id).execute();
    expect(rows).toHaveLength(40);
    const counter = await platform.database.db.selectFrom('exchange_usage_daily').selectAll().where('grant_id', '=', grant.id).execute();
    expect(counter.map((c) => c.calls)).toEqual([40]);
    expect((await platform.audit.count()) - auditBefore).toBe(40);
    expect(await platform.audit.verify()).toMatchObject({ ok: true });
  });

  it('serves a grant issued after a revocation at once, and another node refuses a revoked grant within GRANT_CACHE_MS', async () => {
    const { cookie, key } = await consumer('ezhou-czj');
    const other = await createPlatform(platform.config, { database: platform.database });
    const otherApp = await other.buildApp(false);
    const callOther = () =>
      otherApp.inject({ method: 'GET', url: `/api/v1/exchange/gateway/persons/${echeng1!.idNumber}`, headers: { 'x-api-key': key, 'x-yiwang-purpose': 'test' } });
    try {
      const { grant } = await granted(cookie);
      expect((await callOther()).statusCode).toBe(200);
      expect((await post(`/exchange/grants/${grant.id}/revoke`, gaj, { reason: '停止共享' })).statusCode).toBe(200);
      expect(codeOf(await call(key, `/persons/${echeng1!.idNumber}`))).toBe('EXCHANGE_GRANT_REVOKED');
      await new Promise((resolve) => setTimeout(resolve, GRANT_CACHE_MS + 50));
      expect(codeOf(await callOther())).toBe('EXCHANGE_GRANT_REVOKED');
      await granted(cookie);
      expect((await call(key, `/persons/${echeng1!.idNumber}`)).statusCode).toBe(200);
    } finally {
      await otherApp.close();
    }
  });

  it('refuses a grant past its last day, and the job marks it expired', async () => {
    const { cookie, key } = await consumer('ezhou-jyj');
    const { grant } = await granted(cookie);
    await platform.database.db.updateTable('exchange_grant').set({ valid_from: addDays(today, -30), valid_to: addDays(today, -1) }).where('id', '=', grant.id).execute();
    const response = await call(key, `/persons/${echeng1!.idNumber}`);
    expect([response.statusCode, codeOf(response)]).toEqual([403, 'EXCHANGE_GRANT_EXPIRED']);
    expect(await platform.exchange.expireGrants()).toBeGreaterThanOrEqual(1);
    expect((await get(`/exchange/grants/${grant.id}`, cookie)).json().status).toBe('expired');
  });

  it('shows owners usage per day and per consumer', async () => {
    const usage = await get(`/exchange/usage?resourceId=${await resourceId(REGISTRY_RESOURCE_CODES.persons)}`, gaj);
    expect(usage.statusCode, usage.body).toBe(200);
    const body = usage.json();
    expect(body.series).toHaveLength(30);
    expect(body.series.at(-1)).toMatchObject({ day: today });
    expect(body.series.at(-1).calls).toBeGreaterThan(5);
    expect(body.series.at(-1).refused).toBeGreaterThan(0);
    expect(body.consumers.map((c: { consumerOrgName: string }) => c.consumerOrgName)).toEqual(expect.arrayContaining([expect.stringContaining('大数据')]));
    expect(codeOf(await get('/exchange/usage', officer))).toBe('EXCHANGE_NOT_APPROVER');
    expect((await get('/exchange/usage?side=consumer', officer)).statusCode).toBe(200);
  });
});
