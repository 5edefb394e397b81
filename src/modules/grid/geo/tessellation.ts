import { areaKm2, clipRingToBbox, polygonsOf, ringArea, type AreaGeometry, type Bbox, type Ring } from './geometry.js';
import { createNamer } from './names.js';

export type AreaLevel = 'city' | 'district' | 'street' | 'community' | 'grid';

/** One area of the five-level hierarchy as the generator makes it. */
export interface GeneratedArea {
  code: string;
  level: AreaLevel;
  name: string;
  parentCode: string | null;
  geometry: AreaGeometry;
  source: 'boundary' | 'generated';
}

export interface DistrictInput {
  code: string;
  name: string;
  /** WGS-84. */
  geometry: AreaGeometry;
  /** The district's townships and subdistricts (乡镇街道), in code order. */
  townships: Array<{ code: string; name: string; kind: string | null }>;
}

/** Townships pinned near a known point (WGS-84): they take the cells nearest to it before the rest are split. */
export type TownshipAnchors = Record<string, [number, number]>;

export interface TessellationOptions {
  city: { code: string; name: string };
  /** Cell size in degrees; 0.0125 × 0.011 is about 1.2 km × 1.2 km at Ezhou's latitude. */
  cellLon?: number;
  cellLat?: number;
  anchors?: TownshipAnchors;
}

interface Unit {
  /** The cell's rings inside the district (a clipped cell may keep several). */
  rings: Ring[];
  box: Bbox;
  x: number;
  y: number;
  area: number;
}

/** How much of the district a township of each kind takes, relative to a subdistrict (街道). */
const KIND_WEIGHT: Record<string, number> = { subdistrict: 1, town: 3, township: 3, 'quasi-township': 2 };
/** Cells per community: villages are larger than urban communities. */
const UNITS_PER_COMMUNITY: Record<string, number> = { subdistrict: 2, town: 4, township: 4, 'quasi-township': 3 };
/** Cells smaller than this share of a full cell join a neighbour instead of forming a grid alone. */
const SLIVER = 0.25;

/**
 * The demo city's hierarchy below its real district boundaries: every district is cut into
 * square cells on one lattice (cells along the border clipped to it, slivers joined to a
 * neighbour); the cells are split among the district's real townships by a weighted
 * recursive bisection, then into communities the same way; each cell is one grid (网格),
 * and in subdistricts (街道, urban) each cell is split into four smaller grids.
 * Deterministic: the same input gives the same codes, names and polygons.
 * Codes: township code (9) + community (3: 001–199 社区, 200–399 村) + grid (3).
 */
export function tessellate(districts: DistrictInput[], options: TessellationOptions): GeneratedArea[] {
  const cellLon = options.cellLon ?? 0.0125;
  const cellLat = options.cellLat ?? 0.011;
  const namer = createNamer();
  const areas: GeneratedArea[] = [];
  areas.push({
    code: options.city.code,
    level: 'city',
    name: options.city.name,
    parentCode: null,
    geometry: { type: 'MultiPolygon', coordinates: districts.flatMap((d) => polygonsOf(d.geometry)) },
    source: 'boundary',
  });
  for (const district of districts) {
    areas.push({ code: district.code, level: 'district', name: district.name, parentCode: options.city.code, geometry: district.geometry, source: 'boundary' });
    const units = cellsOf(district.geometry, cellLon, cellLat);
    if (district.townships.length === 0 || units.length === 0) {
      continue;
    }
    const townshipGroups = splitAmongTownships(units, district.townships, options.anchors ?? {});
    district.townships.forEach((township, t) => {
      const members = townshipGroups[t]!;
      if (members.length === 0) {
        return;
      }
      const kind = township.kind ?? 'town';
      areas.push({ code: township.code, level: 'street', name: township.name, parentCode: district.code, geometry: geometryOf(members.flatMap((u) => u.rings)), source: 'generated' });
      const communityCount = Math.max(1, Math.round(members.length / (UNITS_PER_COMMUNITY[kind] ?? 3)));
      const communities = bisect(members, new Array<number>(communityCount).fill(1)).filter((g) => g.length > 0);
      const rural = kind === 'town' || kind === 'township';
      communities.forEach((group, c) => {
        // A town's first community is its seat (社区); the others are villages (村, 200–399).
        const village = rural && c > 0;
        const code = `${township.code}${String(village ? 200 + c : 1 + c).padStart(3, '0')}`;
        const name = village ? namer.village(code) : namer.community(code);
        areas.push({ code, level: 'community', name, parentCode: township.code, geometry: geometryOf(group.flatMap((u) => u.rings)), source: 'generated' });
        const grids = kind === 'subdistrict' ? group.flatMap(quarter) : group;
        grids.sort((a, b) => b.y - a.y || a.x - b.x);
        grids.forEach((grid, g) => {
          const gridCode = `${code}${String(g + 1).padStart(3, '0')}`;
          areas.push({ code: gridCode, level: 'grid', name: `${name}第${g + 1}网格`, parentCode: code, geometry: geometryOf(grid.rings), source: 'generated' });
        });
      });
    });
  }
  return areas;
}

/**
 * Each township's share of the cells by its kind's weight: anchored townships first grow
 * around their anchor (one nearest free cell each per round), the others split what is left
 * by weighted bisection.
 */
function splitAmongTownships(units: Unit[], townships: DistrictInput['townships'], anchors: TownshipAnchors): Unit[][] {
  const weights = townships.map((t) => KIND_WEIGHT[t.kind ?? ''] ?? 2);
  const total = weights.reduce((s, w) => s + w, 0);
  const groups: Unit[][] = townships.map(() => []);
  const taken = new Set<Unit>();
  const anchored = townships.map((t, i) => ({ i, anchor: anchors[t.code] })).filter((a): a is { i: number; anchor: [number, number] } => a.anchor !== undefined);
  const queues = anchored.map(({ anchor }) => [...units].sort((a, b) => (a.x - anchor[0]) ** 2 + (a.y - anchor[1]) ** 2 - ((b.x - anchor[0]) ** 2 + (b.y - anchor[1]) ** 2)));
  const quota = anchored.map(({ i }) => Math.max(1, Math.round((units.length * weights[i]!) / total)));
  for (let round = 0, growing = true; growing; round++) {
    growing = false;
    anchored.forEach(({ i }, a) => {
      if (groups[i]!.length >= quota[a]!) {
        return;
      }
      const next = queues[a]!.find((u) => !taken.has(u));
      if (next) {
        taken.add(next);
        groups[i]!.push(next);
        growing = true;
      }
    });
  }
  const free = townships.map((_, i) => i).filter((i) => !anchored.some((a) => a.i === i));
  if (free.length > 0) {
    const rest = bisect(units.filter((u) => !taken.has(u)), free.map((i) => weights[i]!));
    free.forEach((i, k) => groups[i]!.push(...rest[k]!));
  }
  return groups;
}

/** The lattice cells of a district, clipped to it, with slivers joined to their largest neighbour. */
function cellsOf(geometry: AreaGeometry, cellLon: number, cellLat: number): Unit[] {
  const polygons = polygonsOf(geometry);
  const cells = new Map<string, Unit & { i: number; j: number }>();
  for (const rings of polygons) {
    const outer = rings[0];
    if (!outer) {
      continue;
    }
    let minLon = Infinity;
    let minLat = Infinity;
    let maxLon = -Infinity;
    let maxLat = -Infinity;
    for (const [lon, lat] of outer) {
      minLon = Math.min(minLon, lon);
      maxLon = Math.max(maxLon, lon);
      minLat = Math.min(minLat, lat);
      maxLat = Math.max(maxLat, lat);
    }
    for (let i = Math.floor(minLon / cellLon); i * cellLon < maxLon; i++) {
      for (let j = Math.floor(minLat / cellLat); j * cellLat < maxLat; j++) {
        const box = { minLon: i * cellLon, minLat: j * cellLat, maxLon: (i + 1) * cellLon, maxLat: (j + 1) * cellLat };
        const piece = clipRingToBbox(outer, box);
        const area = Math.abs(ringArea(piece));
        if (piece.length === 0 || area < 1e-12) {
          continue;
        }
        const key = `${i}:${j}`;
        const cell = cells.get(key) ?? { i, j, rings: [], box, x: (box.minLon + box.maxLon) / 2, y: (box.minLat + box.maxLat) / 2, area: 0 };
        cell.rings.push(piece);
        cell.area += area;
        cells.set(key, cell);
      }
    }
  }
  const full = cellLon * cellLat;
  const slivers = [...cells.values()].filter((c) => c.area < SLIVER * full).sort((a, b) => a.area - b.area || a.i - b.i || a.j - b.j);
  for (const sliver of slivers) {
    let target: (Unit & { i: number; j: number }) | undefined;
    for (const [di, dj] of [[-1, 0], [1, 0], [0, -1], [0, 1], [-1, -1], [-1, 1], [1, -1], [1, 1]] as const) {
      const neighbour = cells.get(`${sliver.i + di}:${sliver.j + dj}`);
      if (neighbour && neighbour !== sliver && neighbour.area >= SLIVER * full && (!target || neighbour.area > target.area)) {
        target = neighbour;
      }
    }
    if (target) {
      target.rings.push(...sliver.rings);
      target.area += sliver.area;
      cells.delete(`${sliver.i}:${sliver.j}`);
    }
  }
  return [...cells.values()].sort((a, b) => a.i - b.i || a.j - b.j);
}

/** The four quarters of a whole cell; a clipped or merged cell stays one grid. */
function quarter(unit: Unit): Unit[] {
  const whole = unit.rings.length === 1 && unit.area >= 0.999 * (unit.box.maxLon - unit.box.minLon) * (unit.box.maxLat - unit.box.minLat);
  if (!whole) {
    return [unit];
  }
  const midLon = (unit.box.minLon + unit.box.maxLon) / 2;
  const midLat = (unit.box.minLat + unit.box.maxLat) / 2;
  const boxes: Bbox[] = [
    { minLon: unit.box.minLon, minLat: unit.box.minLat, maxLon: midLon, maxLat: midLat },
    { minLon: midLon, minLat: unit.box.minLat, maxLon: unit.box.maxLon, maxLat: midLat },
    { minLon: unit.box.minLon, minLat: midLat, maxLon: midLon, maxLat: unit.box.maxLat },
    { minLon: midLon, minLat: midLat, maxLon: unit.box.maxLon, maxLat: unit.box.maxLat },
  ];
  return boxes.map((box) => {
    const ring = clipRingToBbox(unit.rings[0]!, box);
    return { rings: [ring], box, x: (box.minLon + box.maxLon) / 2, y: (box.minLat + box.maxLat) / 2, area: Math.abs(ringArea(ring)) };
  });
}

/**
 * Splits units into `weights.length` groups of about the weighted share each, by cutting the
 * longer side of their extent again and again (a k-d style bisection): compact groups.
 */
export function bisect<T extends { x: number; y: number }>(units: T[], weights: number[]): T[][] {
  if (weights.length === 1) {
    return [units];
  }
  const k = Math.floor(weights.length / 2);
  const left = weights.slice(0, k);
  const right = weights.slice(k);
  const share = left.reduce((s, w) => s + w, 0) / weights.reduce((s, w) => s + w, 0);
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const u of units) {
    minX = Math.min(minX, u.x);
    maxX = Math.max(maxX, u.x);
    minY = Math.min(minY, u.y);
    maxY = Math.max(maxY, u.y);
  }
  const alongX = (maxX - minX) * Math.cos((((minY + maxY) / 2) * Math.PI) / 180) >= maxY - minY;
  const sorted = [...units].sort(alongX ? (a, b) => a.x - b.x || a.y - b.y : (a, b) => b.y - a.y || a.x - b.x);
  const cut = units.length < 2 ? units.length : Math.min(units.length - 1, Math.max(1, Math.round(units.length * share)));
  return [...bisect(sorted.slice(0, cut), left), ...bisect(sorted.slice(cut), right)];
}

function geometryOf(rings: Ring[]): AreaGeometry {
  return rings.length === 1 ? { type: 'Polygon', coordinates: [rings[0]!] } : { type: 'MultiPolygon', coordinates: rings.map((r) => [r]) };
}

export { areaKm2 };
