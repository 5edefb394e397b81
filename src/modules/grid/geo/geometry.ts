/** Planar geometry on longitude / latitude, enough for grids of a city: no projection is needed at this size. */

export type Position = [number, number];
export type Ring = Position[];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Ring[];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;
export interface Bbox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** The polygons of a geometry, each as its rings (outer first, then holes). */
export function polygonsOf(geometry: AreaGeometry): Ring[][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function bboxOf(geometry: AreaGeometry): Bbox {
  const box = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const polygon of polygonsOf(geometry)) {
    for (const [lon, lat] of polygon[0] ?? []) {
      box.minLon = Math.min(box.minLon, lon);
      box.minLat = Math.min(box.minLat, lat);
      box.maxLon = Math.max(box.maxLon, lon);
      box.maxLat = Math.max(box.maxLat, lat);
    }
  }
  return box;
}

/**
 * Even-odd ray casting: whether (lon, lat) is inside the ring. A point on an edge shared by
 * two rings of a tessellation is inside exactly one of them (the half-open test below).
 */
export function pointInRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

/** Inside the outer ring of one of the polygons and in none of its holes. */
export function pointInGeometry(lon: number, lat: number, geometry: AreaGeometry): boolean {
  return polygonsOf(geometry).some((rings) => rings.length > 0 && pointInRing(lon, lat, rings[0]!) && !rings.slice(1).some((hole) => pointInRing(lon, lat, hole)));
}

/** Signed shoelace area in square degrees (positive when counter-clockwise). */
export function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  }
  return sum / 2;
}

const KM_PER_DEGREE = 111.32;

/** Area in km², with the longitude scale taken at the ring's mean latitude. */
export function areaKm2(geometry: AreaGeometry): number {
  let total = 0;
  for (const rings of polygonsOf(geometry)) {
    rings.forEach((ring, index) => {
      const meanLat = ring.reduce((s, p) => s + p[1], 0) / Math.max(ring.length, 1);
      const km2 = Math.abs(ringArea(ring)) * KM_PER_DEGREE * KM_PER_DEGREE * Math.cos((meanLat * Math.PI) / 180);
      total += index === 0 ? km2 : -km2;
    });
  }
  return total;
}

/** The area-weighted centroid of the largest polygon's outer ring (a label point). */
export function centroidOf(geometry: AreaGeometry): Position {
  let best: Ring | undefined;
  for (const rings of polygonsOf(geometry)) {
    if (rings[0] && (!best || Math.abs(ringArea(rings[0])) > Math.abs(ringArea(best)))) {
      best = rings[0];
    }
  }
  if (!best || best.length === 0) {
    return [0, 0];
  }
  let cx = 0;
  let cy = 0;
  let a = 0;
  for (let i = 0, j = best.length - 1; i < best.length; j = i++) {
    const [x0, y0] = best[j]!;
    const [x1, y1] = best[i]!;
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (Math.abs(a) < 1e-15) {
    return best[0]!;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/**
 * Clips a ring (concave allowed) to an axis-aligned rectangle (Sutherland–Hodgman: the clip
 * window is convex). Separate pieces stay joined by zero-width bridges along the rectangle's
 * edges, which change neither the area nor an even-odd point test. Returns a closed ring, or
 * an empty array when nothing is left.
 */
export function clipRingToBbox(ring: Ring, box: Bbox): Ring {
  type Edge = { inside: (p: Position) => boolean; cut: (a: Position, b: Position) => Position };
  const atLon = (lon: number) => (a: Position, b: Position): Position => [lon, a[1] + ((b[1] - a[1]) * (lon - a[0])) / (b[0] - a[0])];
  const atLat = (lat: number) => (a: Position, b: Position): Position => [a[0] + ((b[0] - a[0]) * (lat - a[1])) / (b[1] - a[1]), lat];
  const edges: Edge[] = [
    { inside: (p) => p[0] >= box.minLon, cut: atLon(box.minLon) },
    { inside: (p) => p[0] <= box.maxLon, cut: atLon(box.maxLon) },
    { inside: (p) => p[1] >= box.minLat, cut: atLat(box.minLat) },
    { inside: (p) => p[1] <= box.maxLat, cut: atLat(box.maxLat) },
  ];
  let output = openRing(ring);
  for (const edge of edges) {
    const input = output;
    output = [];
    for (let i = 0; i < input.length; i++) {
      const current = input[i]!;
      const previous = input[(i + input.length - 1) % input.length]!;
      if (edge.inside(current)) {
        if (!edge.inside(previous)) {
          output.push(edge.cut(previous, current));
        }
        output.push(current);
      } else if (edge.inside(previous)) {
        output.push(edge.cut(previous, current));
      }
    }
    if (output.length === 0) {
      return [];
    }
  }
  const cleaned = output.filter((p, i) => i === 0 || p[0] !== output[i - 1]![0] || p[1] !== output[i - 1]![1]);
  return cleaned.length >= 3 ? closeRing(cleaned) : [];
}

function openRing(ring: Ring): Ring {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return first && last && ring.length > 1 && first[0] === last[0] && first[1] === last[1] ? ring.slice(0, -1) : ring.slice();
}

function closeRing(ring: Ring): Ring {
  return [...ring, [ring[0]![0], ring[0]![1]]];
}

/** Douglas–Peucker on a closed ring: vertices closer than `tolerance` (degrees) to the kept line go. */
export function simplifyRing(ring: Ring, tolerance: number): Ring {
  if (ring.length <= 5 || tolerance <= 0) {
    return ring;
  }
  const keep = new Uint8Array(ring.length);
  keep[0] = 1;
  keep[ring.length - 1] = 1;
  // Split the ring at its farthest vertex from the start, so both halves are open lines.
  let far = 0;
  let farDist = -1;
  for (let i = 1; i < ring.length - 1; i++) {
    const d = (ring[i]![0] - ring[0]![0]) ** 2 + (ring[i]![1] - ring[0]![1]) ** 2;
    if (d > farDist) {
      farDist = d;
      far = i;
    }
  }
  keep[far] = 1;
  const stack: Array<[number, number]> = [
    [0, far],
    [far, ring.length - 1],
  ];
  const tol2 = tolerance * tolerance;
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    let index = -1;
    let max = tol2;
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistance2(ring[i]!, ring[a]!, ring[b]!);
      if (d > max) {
        max = d;
        index = i;
      }
    }
    if (index >= 0) {
      keep[index] = 1;
      stack.push([a, index], [index, b]);
    }
  }
  const result = ring.filter((_, i) => keep[i] === 1);
  return result.length >= 4 ? result : ring;
}

function segmentDistance2(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  const x = a[0] + t * dx - p[0];
  const y = a[1] + t * dy - p[1];
  return x * x + y * y;
}

export function simplifyGeometry(geometry: AreaGeometry, tolerance: number): AreaGeometry {
  const simplify = (rings: Ring[]) => rings.map((ring) => simplifyRing(ring, tolerance));
  return geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: simplify(geometry.coordinates) } : { type: 'MultiPolygon', coordinates: geometry.coordinates.map(simplify) };
}

/** Rounds coordinates to `digits` decimals (6 ≈ 0.1 m), for compact storage and answers. */
export function roundGeometry(geometry: AreaGeometry, digits = 6): AreaGeometry {
  const f = 10 ** digits;
  const round = (rings: Ring[]) => rings.map((ring) => ring.map(([x, y]) => [Math.round(x * f) / f, Math.round(y * f) / f] as Position));
  return geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: round(geometry.coordinates) } : { type: 'MultiPolygon', coordinates: geometry.coordinates.map(round) };
}
