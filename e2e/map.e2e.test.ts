import { describe, expect, inject, it } from 'vitest';
import { consoleSteps, usePage } from './browser.js';

/** 陈派单 of the 12345 centre: reads and records cases of the whole city, and reads IoT devices. */
const DISPATCHER = 'dispatcher';
const SETTLE = { timeout: 20_000 };
/** The grids' outline colour (web/src/pages/map/layers.ts). */
const GRID_STROKE = '#4096ff';
/** The colours of open cases by status on the map (web/src/pages/map/layers.ts). */
const CASE_FILLS = ['#8c8c8c', '#1677ff', '#13c2c2', '#2f54eb', '#722ed1', '#d48806'];

describe('the element map (要素地图)', () => {
  const baseUrl = inject('baseUrl');
  const ui = usePage();
  const steps = consoleSteps(ui, baseUrl);
  const signIn = steps.signIn;
  const screenshot = (name: string) => steps.screenshot(name, 800);

  /** GET through the browser's session. */
  const apiGet = <T>(path: string) => ui.page.evaluate(async (url) => (await fetch(url)).json(), `/api/v1${path}`) as Promise<T>;

  const countOf = async (layer: string) => Number(await ui.page.getByTestId(`layer-count-${layer}`).innerText());

  it('shows the real districts and the grid, case, hot-spot and device layers with the API\'s counts, and opens a case from its point', async () => {
    const page = ui.page;
    await signIn(DISPATCHER);

    // Calls in each district, so that the case and hot-spot layers have points of their own.
    const points = [
      { lon: 114.8905, lat: 30.3963 },
      { lon: 114.8912, lat: 30.3958 },
      { lon: 114.62, lat: 30.15 },
      { lon: 114.73, lat: 30.53 },
    ];
    for (const [i, point] of points.entries()) {
      const status = await page.evaluate(
        async (body) => (await fetch('/api/v1/cases/hotline', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).status,
        { type: 'complaint', description: `要素地图测试：路边井盖松动，车辆经过有响声（e2e-${i}）`, point },
      );
      expect(status).toBe(201);
    }

    await page.getByTestId('nav-menu').getByText('要素地图', { exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/map');
    const map = page.getByTestId('element-map');
    for (const name of ['梁子湖区', '华容区', '鄂城区']) {
      await expect.poll(() => map.locator('text', { hasText: name }).count(), SETTLE).toBeGreaterThan(0);
    }

    const [cases, grids, devices, alarms] = await Promise.all([
      apiGet<{ items: Array<{ id: string; status: string }>; hotspots: { grids: unknown[] } }>('/cases/map'),
      apiGet<{ features: unknown[] }>('/grid/areas?level=grid'),
      apiGet<{ items: Array<{ status: string; location: unknown }>; total: number }>('/iot/devices?pageSize=500'),
      apiGet<{ total: number }>('/iot/alarms?status=active&pageSize=1'),
    ]);
    expect(cases.items.length).toBeGreaterThanOrEqual(points.length);
    expect(grids.features.length).toBeGreaterThan(800);
    expect(devices.total).toBeLessThanOrEqual(500);
    await expect.poll(() => countOf('cases'), SETTLE).toBe(cases.items.length);
    await expect.poll(() => countOf('hotspots'), SETTLE).toBe(cases.hotspots.grids.length);
    await expect.poll(() => countOf('grids'), SETTLE).toBe(grids.features.length);
    await expect.poll(() => countOf('devices'), SETTLE).toBe(devices.items.filter((d) => d.location !== null && d.status !== 'retired').length);
    expect(alarms.total).toBeGreaterThanOrEqual(0);
    await screenshot('map-city');

    // A district chosen: its grids are drawn and the view closes in on it.
    await page.getByTestId('map-district').getByText('鄂城区', { exact: true }).click();
    await expect.poll(() => map.locator(`[stroke="${GRID_STROKE}"]`).count(), SETTLE).toBeGreaterThan(300);
    await screenshot('map-echeng');

    // Grids and devices off: the case points remain; a click on one opens the case.
    await page.getByTestId('layer-grids').click();
    await page.getByTestId('layer-devices').click();
    await page.getByTestId('layer-hotspots').click();
    const casePoints = map.locator(CASE_FILLS.map((fill) => `[fill="${fill}"]`).join(', '));
    await expect.poll(() => casePoints.count(), SETTLE).toBeGreaterThan(0);
    await page.waitForTimeout(1000); // the layers settle
    const box = await map.boundingBox();
    // A point inside the visible map (the view is closed in on 鄂城区), not the legend's icon in its top left corner.
    const clickCasePoint = async (): Promise<boolean> => {
      for (const point of await casePoints.all()) {
        const b = await point.boundingBox();
        if (b && box && b.width < 30 && b.x > box.x + 150 && b.x + b.width < box.x + box.width && b.y > box.y && b.y + b.height < box.y + box.height) {
          await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
          return true;
        }
      }
      return false;
    };
    let opened = false;
    for (let attempt = 0; attempt < 3 && !opened; attempt++) {
      expect(await clickCasePoint()).toBe(true);
      opened = await page
        .waitForURL((url) => /^\/cases\/[0-9a-f-]{36}$/.test(url.pathname), { timeout: 7_000 })
        .then(() => true)
        .catch(() => false);
    }
    expect(opened).toBe(true);
    const id = new URL(page.url()).pathname.split('/')[2];
    expect(cases.items.map((c) => c.id)).toContain(id);
  });
});
