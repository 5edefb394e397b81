import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { EZHOU_ANCHORS, readDistricts } from '../grid.seed.js';
import { createAreaIndex } from './area-index.js';
import { areaKm2, bboxOf, pointInGeometry } from './geometry.js';
import { seededRandom } from './names.js';
import { tessellate, type GeneratedArea } from './tessellation.js';

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../data');
const divisions = JSON.parse(fs.readFileSync(path.join(dataDir, 'divisions/hubei.json'), 'utf8')) as Array<{ code: string; name: string; parentCode: string | null; kind?: string }>;
const districts = readDistricts().map((d) => ({ ...d, townships: divisions.filter((x) => x.parentCode === d.code).map((t) => ({ code: t.code, name: t.name, kind: t.kind ?? null })) }));

let areas: GeneratedArea[];
let grids: GeneratedArea[];
beforeAll(() => {
  areas = tessellate(districts, { city: { code: '420700', name: '鄂州市' }, anchors: EZHOU_ANCHORS });
  grids = areas.filter((a) => a.level === 'grid');
});

describe('the Ezhou tessellation', () => {
  it('has the three real districts, all their townships, and a realistic number of grids', () => {
    expect(areas.filter((a) => a.level === 'district').map((a) => a.name)).toEqual(['梁子湖区', '华容区', '鄂城区']);
    const streets = areas.filter((a) => a.level === 'street');
    expect(streets.map((s) => s.code).sort()).toEqual(divisions.filter((d) => d.parentCode && ['420702', '420703', '420704'].includes(d.parentCode)).map((d) => d.code).sort());
    expect(grids.length).toBeGreaterThan(800);
    expect(grids.length).toBeLessThan(1500);
    // Ezhou covers about 1,596 km²; the district polygons about 1,590.
    const total = districts.reduce((s, d) => s + areaKm2(d.geometry), 0);
    expect(total).toBeGreaterThan(1500);
    expect(total).toBeLessThan(1700);
    expect(grids.reduce((s, g) => s + areaKm2(g.geometry), 0)).toBeCloseTo(total, 0);
  });

  it('codes every area hierarchically under its parent', () => {
    const byCode = new Map(areas.map((a) => [a.code, a]));
    expect(byCode.size).toBe(areas.length);
    for (const a of areas) {
      if (a.level === 'grid' || a.level === 'community' || (a.level === 'street' && a.parentCode)) {
        expect(a.code.startsWith(a.parentCode!)).toBe(true);
      }
    }
    for (const g of grids) {
      expect(g.code).toMatch(/^42070[234]\d{9}$/);
      const community = byCode.get(g.parentCode!)!;
      expect(community.level).toBe('community');
      expect(byCode.get(community.parentCode!)!.level).toBe('street');
    }
    expect(new Set(areas.filter((a) => a.level === 'community').map((a) => a.name)).size).toBe(areas.filter((a) => a.level === 'community').length);
  });

  it('puts each of 2,000 random points inside the district polygons in exactly one grid, and the index agrees', () => {
    const index = createAreaIndex(grids);
    const random = seededRandom('coverage');
    const box = bboxOf({ type: 'MultiPolygon', coordinates: districts.flatMap((d) => (d.geometry.type === 'Polygon' ? [d.geometry.coordinates] : d.geometry.coordinates)) });
    let sampled = 0;
    const perDistrict = new Map<string, number>();
    while (sampled < 2000) {
      const lon = box.minLon + random() * (box.maxLon - box.minLon);
      const lat = box.minLat + random() * (box.maxLat - box.minLat);
      const district = districts.find((d) => pointInGeometry(lon, lat, d.geometry));
      if (!district) {
        expect(index.locate(lon, lat)).toBeUndefined();
        continue;
      }
      sampled++;
      const containing = grids.filter((g) => pointInGeometry(lon, lat, g.geometry));
      expect(containing, `${lon},${lat}`).toHaveLength(1);
      expect(containing[0]!.code.startsWith(district.code)).toBe(true);
      expect(index.locate(lon, lat)).toBe(containing[0]!.code);
      perDistrict.set(district.code, (perDistrict.get(district.code) ?? 0) + 1);
    }
    expect([...perDistrict.keys()].sort()).toEqual(['420702', '420703', '420704']);
  });

  it('is deterministic', () => {
    const again = tessellate(districts, { city: { code: '420700', name: '鄂州市' }, anchors: EZHOU_ANCHORS });
    expect(again.map((a) => `${a.code}${a.name}`)).toEqual(areas.map((a) => `${a.code}${a.name}`));
  });
});
