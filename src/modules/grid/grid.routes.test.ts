import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Principal } from '../../kernel/auth/index.js';
import { createTestDatabase, loginAs, testConfig } from '../../kernel/testing/test-platform.js';
import { createPlatform, type Platform } from '../../platform.js';

let platform: Platform;
let app: FastifyInstance;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  const database = await createTestDatabase({ migrate: false });
  platform = await createPlatform(testConfig(), { database });
  await platform.org.seedDemo();
  const report = await platform.grid.seedDemo();
  expect(report.grids).toBeGreaterThan(800);
  app = await platform.buildApp(false);
  for (const name of ['dispatcher', 'admin', 'gridworker', 'steward']) {
    cookies[name] = await loginAs(app, name);
  }
}, 120_000);

afterAll(async () => {
  await app?.close();
  await platform?.close();
});

const get = (url: string, user = 'dispatcher') => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: cookies[user]! } });
const put = (url: string, payload: object, user = 'admin') => app.inject({ method: 'PUT', url: `/api/v1${url}`, payload, headers: { cookie: cookies[user]! } });
const codeOf = (response: { json(): unknown }) => (response.json() as { error: { code: string } }).error.code;

interface Located {
  gridCode: string;
  chain: Array<{ code: string; name: string; level: string }>;
  workers: Array<{ name: string; username: string | null }>;
}

describe('GET /grid/locate', () => {
  it.each([
    ['梁子湖区', 114.62, 30.15],
    ['华容区', 114.73, 30.53],
    ['鄂城区', 114.95, 30.3],
  ])('finds a point in %s with the chain 网格 → 社区 → 街道 → 区 → 市', async (district, lon, lat) => {
    const response = await get(`/grid/locate?lon=${lon}&lat=${lat}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as Located;
    expect(body.chain.map((a) => a.level)).toEqual(['grid', 'community', 'street', 'district', 'city']);
    expect(body.chain[0]!.code).toBe(body.gridCode);
    expect(body.chain[3]!.name).toBe(district);
    expect(body.chain[4]).toMatchObject({ code: '420700', name: '鄂州市' });
    expect(body.gridCode.startsWith(body.chain[1]!.code)).toBe(true);
    expect(body.workers).toHaveLength(1);
  });

  it('puts the centre of Ezhou (凤凰路) in a grid of 凤凰街道, inside the grid polygon it names', async () => {
    const body = (await get('/grid/locate?lon=114.8905&lat=30.3963')).json() as Located;
    expect(body.gridCode).toBe('420704001003003');
    expect(body.chain[2]).toMatchObject({ code: '420704001', name: '凤凰街道', level: 'street' });
    const grid = (await get(`/grid/areas/${body.gridCode}`)).json() as { geometry: { type: string }; bbox: number[] };
    const [minLon, minLat, maxLon, maxLat] = grid.bbox as [number, number, number, number];
    expect(114.8905).toBeGreaterThanOrEqual(minLon);
    expect(114.8905).toBeLessThanOrEqual(maxLon);
    expect(30.3963).toBeGreaterThanOrEqual(minLat);
    expect(30.3963).toBeLessThanOrEqual(maxLat);
  });

  it('answers 404 GRID_NOT_FOUND outside the city (Wuhan, Huangshi)', async () => {
    for (const [lon, lat] of [
      [114.3, 30.6],
      [115.04, 30.2],
    ]) {
      const response = await get(`/grid/locate?lon=${lon}&lat=${lat}`);
      expect(response.statusCode).toBe(404);
      expect(codeOf(response)).toBe('GRID_NOT_FOUND');
    }
  });

  it('refuses bad coordinates with 400 and anonymous callers with 401', async () => {
    for (const query of ['lon=abc&lat=30.4', 'lon=114.9&lat=95', 'lon=181&lat=30', 'lat=30.4', '']) {
      const response = await get(`/grid/locate?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(codeOf(response)).toBe('VALIDATION_FAILED');
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/grid/locate?lon=114.9&lat=30.4' })).statusCode).toBe(401);
    expect(codeOf(await get('/grid/locate?lon=114.9&lat=30.4', 'steward'))).toBe('AUTH_FORBIDDEN');
  });
});

describe('GET /grid/areas', () => {
  interface Collection {
    type: string;
    features: Array<{ id: string; properties: { name: string; level: string; parentCode: string | null; workers: number; center: number[] }; geometry: { type: string; coordinates: unknown[] } }>;
  }

  it('gives the three districts as a GeoJSON FeatureCollection by default', async () => {
    const body = (await get('/grid/areas')).json() as Collection;
    expect(body.type).toBe('FeatureCollection');
    expect(body.features.map((f) => [f.id, f.properties.name])).toEqual([
      ['420702', '梁子湖区'],
      ['420703', '华容区'],
      ['420704', '鄂城区'],
    ]);
    expect(body.features[0]!.geometry.type).toBe('Polygon');
  });

  it('gives the children of a parent, or every area of a level under it', async () => {
    const streets = (await get('/grid/areas?parent=420704')).json() as Collection;
    expect(streets.features.map((f) => f.properties.name)).toContain('凤凰街道');
    expect(streets.features.every((f) => f.properties.level === 'street' && f.properties.parentCode === '420704')).toBe(true);
    // 鄂城区 has 15 townships and subdistricts (data/divisions/hubei.json).
    expect(streets.features).toHaveLength(15);

    const grids = (await get('/grid/areas?level=grid&parent=420704001')).json() as Collection;
    expect(grids.features.length).toBeGreaterThan(10);
    expect(grids.features.every((f) => f.id.startsWith('420704001') && f.properties.level === 'grid' && f.properties.workers === 1)).toBe(true);

    const all = (await get('/grid/areas?level=grid')).json() as Collection;
    const cityWide = (await get('/grid/areas?level=grid&parent=420700')).json() as Collection;
    expect(cityWide.features).toHaveLength(all.features.length);
    expect(all.features.length).toBeGreaterThan(800);
  });

  it('refuses an unknown parent and a bad level', async () => {
    expect(codeOf(await get('/grid/areas?parent=420705'))).toBe('GRID_AREA_NOT_FOUND');
    expect((await get('/grid/areas?level=province')).statusCode).toBe(400);
    expect((await get('/grid/areas?parent=42x')).statusCode).toBe(400);
  });
});

describe('grid workers', () => {
  it('has the demo grid worker on a grid of 凤凰街道', async () => {
    const streetGrids = (await get('/grid/areas?level=grid&parent=420704001')).json() as { features: Array<{ id: string }> };
    const details = await Promise.all(streetGrids.features.map(async (f) => (await get(`/grid/areas/${f.id}`)).json() as { code: string; workers: Array<{ username: string | null; name: string }>; chain: Array<{ level: string }> }));
    const mine = details.filter((d) => d.workers.some((w) => w.username === 'gridworker'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.workers[0]!.name).toBe('赵网格');
    expect(mine[0]!.chain.map((c) => c.level)).toEqual(['grid', 'community', 'street', 'district', 'city']);
  });

  it('replaces a grid\'s workers, audited, and shows them at locate', async () => {
    const located = (await get('/grid/locate?lon=114.62&lat=30.15')).json() as Located;
    const response = await put(`/grid/areas/${located.gridCode}/workers`, { workers: [{ username: 'gridworker' }, { name: '钱巡查', phone: '139-0000-1111' }] });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ code: located.gridCode, workers: [{ name: '赵网格', username: 'gridworker' }, { name: '钱巡查', username: null, phone: '13900001111' }] });
    const again = (await get('/grid/locate?lon=114.62&lat=30.15')).json() as Located;
    expect(again.workers.map((w) => w.name)).toEqual(['赵网格', '钱巡查']);
    const audit = await sql<{ action: string }>`select action from kernel_audit_log where target = ${`grid.area:${located.gridCode}`}`.execute(platform.database.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['grid.workers.assign']);
  });

  it('refuses other levels, unknown users, empty entries, other regions and callers without grid.manage', async () => {
    const located = (await get('/grid/locate?lon=114.73&lat=30.53')).json() as Located;
    expect(codeOf(await put('/grid/areas/420704001/workers', { workers: [{ name: '某人' }] }))).toBe('GRID_NOT_A_GRID');
    expect(codeOf(await put(`/grid/areas/${located.gridCode}/workers`, { workers: [{ username: 'nobody' }] }))).toBe('GRID_USER_NOT_FOUND');
    expect(codeOf(await put(`/grid/areas/${located.gridCode}/workers`, { workers: [{}] }))).toBe('GRID_WORKER_IDENTITY_REQUIRED');
    expect(codeOf(await put(`/grid/areas/${located.gridCode}/workers`, { workers: [{ name: '某人', role: 'x' }] }))).toBe('VALIDATION_FAILED');
    expect(codeOf(await put('/grid/areas/420704999001001/workers', { workers: [] }))).toBe('GRID_AREA_NOT_FOUND');
    expect(codeOf(await put(`/grid/areas/${located.gridCode}/workers`, { workers: [] }, 'dispatcher'))).toBe('AUTH_FORBIDDEN');
    const lzhManager: Principal = { kind: 'user', id: '00000000-0000-0000-0000-000000000001', name: '梁子湖', organisationId: null, divisionCode: '420702', permissions: new Set(['grid.manage']), roles: [] };
    await expect(platform.grid.service.assignWorkers(lzhManager, located.gridCode, [{ name: '某人' }])).rejects.toMatchObject({ code: 'GRID_OUTSIDE_REGION' });
    // Nothing was changed by the refusals.
    expect(((await get(`/grid/areas/${located.gridCode}`)).json() as { workers: unknown[] }).workers).toHaveLength(1);
  });
});

describe('cases at intake', () => {
  it('carry the grid containing their point, and none without a point or outside the city', async () => {
    const intake = async (point?: { lon: number; lat: number }) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/cases/hotline',
        headers: { cookie: cookies.dispatcher! },
        payload: { type: 'complaint', description: '小区门口井盖缺失，夜间行人容易踩空', ...(point ? { point } : {}) },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { gridCode: string | null };
    };
    expect((await intake({ lon: 114.8905, lat: 30.3963 })).gridCode).toBe('420704001003003');
    expect((await intake()).gridCode).toBeNull();
    expect((await intake({ lon: 114.3, lat: 30.6 })).gridCode).toBeNull();
  });
});

describe('IoT devices at registration', () => {
  it('carry the grid containing their location unless one is given; none outside the city', async () => {
    await platform.iot.seedDemo();
    const register = async (code: string, location: { lon: number; lat: number }, gridCode?: string) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/iot/devices',
        headers: { cookie: cookies.admin! },
        payload: { code, typeCode: 'manhole-cover', name: `井盖传感器 ${code}`, location, ...(gridCode ? { gridCode } : {}) },
      });
      expect(response.statusCode, response.body).toBe(201);
      return (response.json() as { device: { gridCode: string | null } }).device.gridCode;
    };
    expect(await register('GRID-T-1', { lon: 114.8905, lat: 30.3963 })).toBe('420704001003003');
    expect(await register('GRID-T-2', { lon: 114.62, lat: 30.15 })).toBe(((await get('/grid/locate?lon=114.62&lat=30.15')).json() as Located).gridCode);
    expect(await register('GRID-T-3', { lon: 114.3, lat: 30.6 })).toBeNull();
    expect(await register('GRID-T-4', { lon: 114.8905, lat: 30.3963 }, 'X-1')).toBe('X-1');
  });
});
