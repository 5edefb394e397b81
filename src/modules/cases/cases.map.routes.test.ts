import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCasesHarness, type CasesHarness } from './cases.testkit.js';

let h: CasesHarness;

beforeAll(async () => {
  h = await startCasesHarness();
  await h.platform.grid.seedDemo();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

interface CaseMap {
  items: Array<{ id: string; number: string; lon: number; lat: number; status: string; warning: string; categoryCode: string | null; gridCode: string | null }>;
  total: number;
  capped: boolean;
  hotspots: { days: number; since: string; grids: Array<{ gridCode: string; count: number }> };
}

const get = (url: string, user = 'dispatcher') => h.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: h.cookies[user]! } });
const post = async (url: string, payload: object, user = 'dispatcher') => {
  const response = await h.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers: { cookie: h.cookies[user]! } });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json() as { id: string; version: number; gridCode: string | null };
};
const call = (point: { lon: number; lat: number } | undefined, extra: object = {}) =>
  post('/cases/hotline', { type: 'complaint', categoryCode: 'SJ-05-01', description: '路口流动摊贩占道经营，早晚高峰车辆通行困难', ...(point ? { point } : {}), ...extra });

describe('GET /cases/map', () => {
  it('shows open cases with a point, by status, and counts recent cases per grid as hot spots', async () => {
    const centre = { lon: 114.8905, lat: 30.3963 };
    const a = await call(centre);
    const b = await call({ lon: 114.8906, lat: 30.3964 });
    const c = await call({ lon: 114.62, lat: 30.15 }, { divisionCode: '420702' });
    await call(undefined);
    const closedLater = await call({ lon: 114.73, lat: 30.53 });
    expect(a.gridCode).toBe('420704001003003');
    expect(b.gridCode).toBe(a.gridCode);

    // One case dispatched: it keeps its place on the map with its new status.
    await post(`/cases/${a.id}/dispatch`, { version: a.version });
    // One case taken through to the end: off the map, still counted for its grid's hot spot.
    let d = await post(`/cases/${closedLater.id}/dispatch`, { version: closedLater.version });
    d = await post(`/cases/${d.id}/sign`, { version: d.version }, 'handler');
    d = await post(`/cases/${d.id}/reply`, { version: d.version, comment: '已清理' }, 'handler');
    d = await post(`/cases/${d.id}/callback`, { version: d.version, satisfaction: 'satisfied' });
    await post(`/cases/${d.id}/close`, { version: d.version });

    const map = (await get('/cases/map')).json() as CaseMap;
    const ids = map.items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    expect(ids).not.toContain(closedLater.id);
    expect(map.items.every((i) => Number.isFinite(i.lon) && Number.isFinite(i.lat))).toBe(true);
    expect(map.total).toBe(3);
    expect(map.capped).toBe(false);
    expect(map.items.find((i) => i.id === a.id)).toMatchObject({ status: 'dispatched', warning: 'none', categoryCode: 'SJ-05-01', gridCode: '420704001003003' });

    expect(map.hotspots.days).toBe(30);
    expect(map.hotspots.grids[0]).toEqual({ gridCode: '420704001003003', count: 2 });
    expect(map.hotspots.grids).toContainEqual({ gridCode: c.gridCode, count: 1 });
    expect(map.hotspots.grids.reduce((s, g) => s + g.count, 0)).toBe(4);

    const dispatched = (await get('/cases/map?status=dispatched')).json() as CaseMap;
    expect(dispatched.items.map((i) => i.id)).toEqual([a.id]);
    const capped = (await get('/cases/map?limit=1')).json() as CaseMap;
    expect(capped).toMatchObject({ total: 3, capped: true });
    expect(capped.items).toHaveLength(1);
  });

  it('keeps to the caller\'s region', async () => {
    const lzh = (await get('/cases/map', 'lzh.dispatcher')).json() as CaseMap;
    expect(lzh.total).toBe(1);
    expect(lzh.hotspots.grids.every((g) => g.gridCode.startsWith('420702'))).toBe(true);
  });

  it('refuses bad filters and callers without cases.read', async () => {
    expect((await get('/cases/map?status=closed')).statusCode).toBe(400);
    expect((await get('/cases/map?limit=0')).statusCode).toBe(400);
    expect((await get('/cases/map?days=400')).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/cases/map' })).statusCode).toBe(401);
  });
});
