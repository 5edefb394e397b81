import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, loginAs, testConfig } from '../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../platform.js';

let platform: Platform;
let app: FastifyInstance;
let admin: string;

beforeAll(async () => {
  const database = await createTestDatabase({ migrate: false });
  platform = await createPlatform(testConfig({ YIWANG_LOGIN_MAX_ATTEMPTS: '3', YIWANG_API_KEY_CALLS_PER_MINUTE: '5' }), { database });
  await platform.loadDemo();
  app = await platform.buildApp(false);
  admin = await loginAs(app, 'admin');
});

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

const get = (url: string, cookie?: string) => app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

describe('auth routes', () => {
  it('logs in, tells who is logged in, and logs out', async () => {
    const cookie = await loginAs(app, 'officer');
    const me = await get('/api/v1/auth/me', cookie);
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ username: 'officer', roles: [{ code: 'case_officer', name: '窗口审批人员', nameEn: 'Case officer' }], division: { code: '420700' } });
    expect(me.json().user.permissions).toContain('org.read');
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect((await get('/api/v1/auth/me', cookie)).json().error.code).toBe('AUTH_REQUIRED');
  });

  it('refuses a wrong password, then rate-limits the username even with the right one', async () => {
    for (let i = 0; i < 3; i++) {
      const bad = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'leader', password: `wrong-${i}` } });
      expect(bad.statusCode).toBe(401);
      expect(bad.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
    const limited = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'leader', password: 'Yiwang@2026' } });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('AUTH_RATE_LIMITED');
    expect(limited.json().error.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('answers an unknown user like a wrong password', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'whatever1234' } });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('rejects malformed bodies with 4xx in the one error shape', async () => {
    const missing = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('VALIDATION_FAILED');
    expect(missing.json().error.details.issues.length).toBeGreaterThan(0);
    const wrongType = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: ['admin'], password: 1 } });
    expect(wrongType.statusCode).toBe(400);
    const broken = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('INVALID_JSON');
    const huge = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'x'.repeat(2 * 1024 * 1024) } });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('org routes', () => {
  it('requires a session, and the right permission', async () => {
    expect((await get('/api/v1/org/users')).json().error.code).toBe('AUTH_REQUIRED');
    const gridworker = await loginAs(app, 'gridworker');
    const forbidden = await get('/api/v1/org/users', gridworker);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('AUTH_FORBIDDEN');
  });

  it('pages through divisions and drills down to Ezhou', async () => {
    const top = await get('/api/v1/org/divisions', admin);
    expect(top.json().items).toEqual([expect.objectContaining({ code: '420000', name: '湖北省' })]);
    const ezhou = await get('/api/v1/org/divisions?parentCode=420704&pageSize=5&page=2', admin);
    expect(ezhou.statusCode).toBe(200);
    expect(ezhou.json().total).toBe(15);
    expect(ezhou.json().items).toHaveLength(5);
    expect(ezhou.json().items[0].code).toBe('420704102');
    const path = await get('/api/v1/org/divisions/420704001', admin);
    expect(path.json().path.map((d: { name: string }) => d.name)).toEqual(['湖北省', '鄂州市', '鄂城区', '凤凰街道']);
    expect((await get('/api/v1/org/divisions/999999', admin)).statusCode).toBe(404);
    expect((await get('/api/v1/org/divisions/42x', admin)).statusCode).toBe(400);
    expect((await get('/api/v1/org/divisions?pageSize=100000', admin)).statusCode).toBe(400);
  });

  it('scopes lists to the caller region: a district admin sees only its district', async () => {
    const echeng = await loginAs(app, 'echeng');
    const users = (await get('/api/v1/org/users?pageSize=100', echeng)).json();
    expect(users.total).toBeGreaterThan(0);
    for (const user of users.items) {
      expect(user.divisionCode.startsWith('420704')).toBe(true);
    }
    const all = (await get('/api/v1/org/users?pageSize=100', admin)).json();
    expect(all.total).toBeGreaterThan(users.total);
    const organisations = (await get('/api/v1/org/organisations?pageSize=100', echeng)).json();
    expect(organisations.items.every((o: { divisionCode: string }) => o.divisionCode.startsWith('420704'))).toBe(true);
    const someoneElse = all.items.find((u: { divisionCode: string }) => !u.divisionCode.startsWith('420704'));
    expect((await get(`/api/v1/org/users/${someoneElse.id}`, echeng)).statusCode).toBe(404);
  });

  it('lets a district admin create users only inside its district and only with roles it could hold', async () => {
    const echeng = await loginAs(app, 'echeng');
    const body = { username: 'ec.clerk', displayName: '鄂城区办事员', password: 'Clerk-2026-pass', divisionCode: '420704001', roles: ['grid_worker'] };
    const created = await app.inject({ method: 'POST', url: '/api/v1/org/users', headers: { cookie: echeng }, payload: body });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username: 'ec.clerk', divisionName: '凤凰街道', roles: ['grid_worker'] });
    const outside = await app.inject({ method: 'POST', url: '/api/v1/org/users', headers: { cookie: echeng }, payload: { ...body, username: 'hr.clerk', divisionCode: '420703' } });
    expect(outside.json().error.code).toBe('ORG_OUTSIDE_REGION');
    const escalate = await app.inject({ method: 'POST', url: '/api/v1/org/users', headers: { cookie: echeng }, payload: { ...body, username: 'ec.boss', roles: ['platform_admin'] } });
    expect(escalate.json().error.code).toBe('ORG_ROLE_NOT_GRANTABLE');
    const again = await app.inject({ method: 'POST', url: '/api/v1/org/users', headers: { cookie: echeng }, payload: body });
    expect(again.json().error.code).toBe('ORG_USERNAME_TAKEN');
    const weak = await app.inject({ method: 'POST', url: '/api/v1/org/users', headers: { cookie: echeng }, payload: { ...body, username: 'ec.weak', password: 'onlyletters' } });
    expect(weak.json().error.code).toBe('ORG_WEAK_PASSWORD');
  });

  it('treats injection strings in search as plain text', async () => {
    for (const q of ["'; drop table org_user; --", '%', '_', '\\', '鄂州%\' or 1=1']) {
      const response = await get(`/api/v1/org/users?q=${encodeURIComponent(q)}`, admin);
      expect(response.statusCode).toBe(200);
      expect(response.json().total).toBe(0);
    }
    const found = await get(`/api/v1/org/organisations?q=${encodeURIComponent('公安')}`, admin);
    expect(found.json().items.map((o: { name: string }) => o.name)).toContain('鄂州市公安局');
  });

  it('lets one of two concurrent edits of a user win and answers the other 409', async () => {
    const target = (await get('/api/v1/org/users?q=handler', admin)).json().items[0];
    const patch = (displayName: string) =>
      app.inject({ method: 'PATCH', url: `/api/v1/org/users/${target.id}`, headers: { cookie: admin }, payload: { version: target.version, displayName } });
    const results = await Promise.all([patch('刘承办甲'), patch('刘承办乙')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().error.code).toBe('ORG_USER_VERSION_CONFLICT');
    expect((await get(`/api/v1/org/users/${target.id}`, admin)).json().version).toBe(target.version + 1);
  });

  it('issues scoped API keys for department systems and revokes them at once', async () => {
    const organisation = (await get(`/api/v1/org/organisations?q=${encodeURIComponent('公安')}`, admin)).json().items[0];
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/org/api-keys',
      headers: { cookie: admin },
      payload: { name: '公安人口核验系统', organisationId: organisation.id, scopes: ['org.read'] },
    });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    expect(key).toMatch(/^yw_[a-z0-9]{8}_/);
    const call = await app.inject({ method: 'GET', url: '/api/v1/org/organisations', headers: { 'x-api-key': key } });
    expect(call.statusCode).toBe(200);
    const beyondScope = await app.inject({ method: 'GET', url: '/api/v1/org/users', headers: { authorization: `Bearer ${key}` } });
    expect(beyondScope.statusCode).toBe(403);
    const calls = [];
    for (let i = 0; i < 4; i++) {
      calls.push((await app.inject({ method: 'GET', url: '/api/v1/org/organisations', headers: { 'x-api-key': key } })).statusCode);
    }
    expect(calls).toEqual([200, 200, 200, 429]);
    const listed = (await get('/api/v1/org/api-keys', admin)).json().items;
    expect(JSON.stringify(listed)).not.toContain(key);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/org/api-keys/${id}`, headers: { cookie: admin } })).statusCode).toBe(204);
    const revoked = await app.inject({ method: 'GET', url: '/api/v1/org/organisations', headers: { 'x-api-key': key } });
    expect(revoked.statusCode).toBe(401);
    const forged = await app.inject({ method: 'GET', url: '/api/v1/org/organisations', headers: { 'x-api-key': `${key.slice(0, -4)}AAAA` } });
    expect(forged.statusCode).toBe(401);
  });
});

describe('platform routes', () => {
  it('answers health, readiness, the OpenAPI document and unknown routes', async () => {
    expect((await get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await get('/readyz')).json()).toMatchObject({ status: 'ready', pendingMigrations: [] });
    expect((await get('/docs/')).statusCode).toBe(200);
    const openapi = (await get('/openapi.json')).json();
    expect(Object.keys(openapi.paths)).toContain('/api/v1/org/users');
    const missing = await get('/api/v1/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('lists the audit log to auditors, with actor names, and to nobody else', async () => {
    const auditor = await loginAs(app, 'auditor');
    const page = (await get('/api/v1/audit?pageSize=5', auditor)).json();
    expect(page.total).toBeGreaterThan(5);
    expect(page.items).toHaveLength(5);
    expect(page.items[0].seq).toBeGreaterThan(page.items[4].seq);
    const login = page.items.find((r: { action: string }) => r.action === 'org.auth.login');
    expect(login.actorName).toBe('孙审计（auditor）');
    const officer = await loginAs(app, 'officer');
    expect((await get('/api/v1/audit', officer)).statusCode).toBe(403);
  });

  it('shows real figures on the home page', async () => {
    const home = (await get('/api/v1/home', admin)).json();
    expect(home.city).toEqual({ code: '420700', name: '鄂州市' });
    const figures = Object.fromEntries(home.figures.map((f: { key: string; value: number }) => [f.key, f.value]));
    expect(figures.counties).toBe(3);
    expect(figures.townships).toBe(28);
    expect(figures.users).toBeGreaterThanOrEqual(9);
    expect(figures.auditRecords).toBeGreaterThan(0);
    expect(home.recentAudit.length).toBeGreaterThan(0);
  });
});
