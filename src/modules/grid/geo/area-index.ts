import Flatbush from 'flatbush';
import { bboxOf, pointInGeometry, type AreaGeometry } from './geometry.js';

/** Point-in-polygon lookup over many polygons: a packed R-tree (flatbush) for bbox candidates, then ray casting. */
export interface AreaIndex {
  readonly size: number;
  /** The code of the polygon containing the point: the lowest code when polygons overlap. */
  locate(lon: number, lat: number): string | undefined;
}

export function createAreaIndex(areas: ReadonlyArray<{ code: string; geometry: AreaGeometry }>): AreaIndex {
  const sorted = [...areas].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  if (sorted.length === 0) {
    return { size: 0, locate: () => undefined };
  }
  const index = new Flatbush(sorted.length);
  for (const area of sorted) {
    const box = bboxOf(area.geometry);
    index.add(box.minLon, box.minLat, box.maxLon, box.maxLat);
  }
  index.finish();
  return {
    size: sorted.length,
    locate(lon, lat) {
      let found: number | undefined;
      for (const i of index.search(lon, lat, lon, lat)) {
        if ((found === undefined || i < found) && pointInGeometry(lon, lat, sorted[i]!.geometry)) {
          found = i;
        }
      }
      return found === undefined ? undefined : sorted[found]!.code;
    },
  };
}
