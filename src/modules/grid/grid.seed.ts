import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../kernel/db/index.js';
import { gcj02ToWgs84 } from './geo/gcj02.js';
import { areaKm2, bboxOf, centroidOf, roundGeometry, type AreaGeometry, type Position } from './geo/geometry.js';
import { workerName } from './geo/names.js';
import { tessellate, type DistrictInput, type TownshipAnchors } from './geo/tessellation.js';
import { createGridRepository, type NewArea } from './grid.repository.js';
import { findUser, type GridUserDirectory } from './grid.service.js';

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data');

/** What the seed needs of the org module: the townships of a district (its OrgService fits). */
export interface GridDivisionDirectory {
  listDivisions(filter: { parentCode: string; page: number; pageSize: number }): Promise<{ items: Array<{ code: string; name: string; kind: string | null }> }>;
}

interface DistrictFeature {
  id: string;
  properties: { code: string; name: string };
  geometry: AreaGeometry;
}

/**
 * The city's district polygons (data/grid/ezhou-districts.geojson, GCJ-02 as published),
 * converted to WGS-84.
 */
export function readDistricts(file = path.join(dataDir, 'grid/ezhou-districts.geojson')): Array<{ code: string; name: string; geometry: AreaGeometry }> {
  const collection = JSON.parse(fs.readFileSync(file, 'utf8')) as { features: DistrictFeature[] };
  const toWgs = (rings: Position[][]) => rings.map((ring) => ring.map((p) => gcj02ToWgs84(p)));
  return collection.features.map((f) => {
    const g = f.geometry;
    const geometry: AreaGeometry = g.type === 'Polygon' ? { type: 'Polygon', coordinates: toWgs(g.coordinates) } : { type: 'MultiPolygon', coordinates: g.coordinates.map(toWgs) };
    return { code: f.properties.code, name: f.properties.name, geometry: roundGeometry(geometry) };
  });
}

function toNewArea(a: { code: string; level: NewArea['level']; name: string; parentCode: string | null; geometry: AreaGeometry; source: NewArea['source'] }): NewArea {
  const geometry = roundGeometry(a.geometry);
  const box = bboxOf(geometry);
  const center = centroidOf(geometry);
  return { ...a, geometry, bbox: [box.minLon, box.minLat, box.maxLon, box.maxLat], center: [Math.round(center[0] * 1e6) / 1e6, Math.round(center[1] * 1e6) / 1e6], areaKm2: areaKm2(geometry) };
}

/**
 * Approximate centres (WGS-84) of Ezhou's three urban subdistricts, on the Yangtze's south
 * bank, so that the city centre's grids belong to them; every other township's area is
 * generated without one.
 */
export const EZHOU_ANCHORS: TownshipAnchors = {
  '420704001': [114.884, 30.392], // 凤凰街道
  '420704002': [114.902, 30.389], // 古楼街道
  '420704003': [114.866, 30.398], // 西山街道
};

/** The demo's known grid worker and the grid it looks after: the first grid of 凤凰街道, where its organisation is. */
export const DEMO_GRID_WORKER = { username: 'gridworker', townshipCode: '420704001' };

/**
 * Loads Ezhou's districts and the generated streets, communities and grids below them, then
 * gives every grid without a worker one: the demo user `gridworker` in 凤凰街道, generated
 * names elsewhere. Idempotent.
 */
export async function seedDemoGrid(deps: { db: Db; divisions: GridDivisionDirectory; users: GridUserDirectory; city: { code: string; name: string } }) {
  const repo = createGridRepository(deps.db);
  const districts: DistrictInput[] = [];
  for (const d of readDistricts()) {
    const townships = await deps.divisions.listDivisions({ parentCode: d.code, page: 1, pageSize: 100 });
    districts.push({ ...d, townships: townships.items.map((t) => ({ code: t.code, name: t.name, kind: t.kind })) });
  }
  const areas = tessellate(districts, { city: deps.city, anchors: EZHOU_ANCHORS }).map(toNewArea);
  const written = await repo.insertMany(areas);
  const missing = await repo.gridsWithoutWorkers();
  const known = await findUser(deps.users, DEMO_GRID_WORKER.username);
  const knownGrid = missing.find((code) => code.startsWith(DEMO_GRID_WORKER.townshipCode));
  const workers = missing.map((gridCode) =>
    gridCode === knownGrid && known
      ? { gridCode, name: known.displayName, userId: known.id, username: DEMO_GRID_WORKER.username, phone: null }
      : { gridCode, name: workerName(gridCode), userId: null, username: null, phone: null },
  );
  await repo.insertWorkers(workers, 'system:demo');
  const grids = areas.filter((a) => a.level === 'grid').length;
  return { areas: areas.length, written, grids, workersAssigned: workers.length };
}

