import type { Position } from './geometry.js';

/*
 * GCJ-02 is the obfuscated datum that Chinese web maps (and so ECharts' map data) use; GPS,
 * surveying and yiwang's own points (cases, devices) are WGS-84 / CGCS2000. The offset is a
 * few hundred metres around Ezhou, so boundaries are converted once, when they are loaded.
 * The forward formula is the published one (Krasovsky ellipsoid and the sine series below);
 * the inverse is found by fixed-point iteration.
 */
const A = 6378245.0;
const EE = 0.006693421622965943;

function shiftLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function shiftLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

/** WGS-84 → GCJ-02 (inside China). */
export function wgs84ToGcj02([lon, lat]: Position): Position {
  const radLat = (lat / 180) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (shiftLat(lon - 105, lat - 35) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLon = (shiftLon(lon - 105, lat - 35) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

/** GCJ-02 → WGS-84, to well under a millimetre after a few iterations. */
export function gcj02ToWgs84(gcj: Position): Position {
  let wgs: Position = [gcj[0], gcj[1]];
  for (let i = 0; i < 6; i++) {
    const back = wgs84ToGcj02(wgs);
    wgs = [wgs[0] + gcj[0] - back[0], wgs[1] + gcj[1] - back[1]];
  }
  return wgs;
}
