import { regionPrefix, type Principal } from '../../kernel/auth/index.js';
import type { Db } from '../../kernel/db/index.js';
import { createCoordinationRepository } from './coordination.repository.js';

export type HotspotWindow = '7d' | '30d';

/** Cells without a grid are squares of this many degrees (about 500 m × 480 m in Ezhou). */
export const CELL_DEGREES = 0.005;
/** A cell is hot with at least HOT_COUNT reports, or with at least HOT_MIN_COUNT above the mean plus two standard deviations. */
export const HOT_COUNT = 5;
export const HOT_MIN_COUNT = 3;

export interface Hotspot {
  gridCode: string | null;
  /** The centre of the cell (or null for a grid). */
  cell: { lon: number; lat: number } | null;
  categoryCode: string | null;
  categoryName: string | null;
  count: number;
  hot: boolean;
}

/**
 * 热点: how many cases were reported per grid (or per point cell when the case has no grid)
 * and category in the caller's region over the last 7 or 30 days; a cell is hot when its
 * count reaches HOT_COUNT, or HOT_MIN_COUNT and mean + 2σ of all cells counted (few cells
 * never lie two deviations out, hence the absolute count).
 */
export async function hotspots(db: Db, principal: Principal, query: { window: HotspotWindow; categoryCode?: string | undefined }, now: Date) {
  const days = query.window === '30d' ? 30 : 7;
  const since = new Date(now.getTime() - days * 86_400_000);
  const rows = await createCoordinationRepository(db).hotspots({ regionPrefix: regionPrefix(principal), since, categoryCode: query.categoryCode, cellDegrees: CELL_DEGREES });
  const counts = rows.map((r) => r.count);
  const mean = counts.length > 0 ? counts.reduce((a, b) => a + b, 0) / counts.length : 0;
  const stddev = counts.length > 0 ? Math.sqrt(counts.reduce((a, b) => a + (b - mean) ** 2, 0) / counts.length) : 0;
  const threshold = Math.min(HOT_COUNT, Math.max(HOT_MIN_COUNT, Math.ceil(mean + 2 * stddev)));
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  const items: Hotspot[] = rows.map((r) => ({
    gridCode: r.gridCode,
    cell: r.gridCode === null && r.cellX !== null && r.cellY !== null ? { lon: round((r.cellX + 0.5) * CELL_DEGREES), lat: round((r.cellY + 0.5) * CELL_DEGREES) } : null,
    categoryCode: r.categoryCode,
    categoryName: r.categoryName,
    count: r.count,
    hot: r.count >= threshold,
  }));
  return { window: query.window, since: since.toISOString(), threshold, mean: Math.round(mean * 100) / 100, stddev: Math.round(stddev * 100) / 100, items };
}
