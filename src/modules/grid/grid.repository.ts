import { sql } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { AreaGeometry } from './geo/geometry.js';
import type { AreaLevel } from './geo/tessellation.js';
import type { GridTables } from './grid.tables.js';

/** An area without its polygon. */
export interface AreaRecord {
  code: string;
  level: AreaLevel;
  name: string;
  parentCode: string | null;
  bbox: [number, number, number, number];
  center: [number, number];
  areaKm2: number;
  source: 'boundary' | 'generated';
}

export interface AreaWithGeometry extends AreaRecord {
  geometry: AreaGeometry;
}

export interface NewArea {
  code: string;
  level: AreaLevel;
  name: string;
  parentCode: string | null;
  geometry: AreaGeometry;
  bbox: [number, number, number, number];
  center: [number, number];
  areaKm2: number;
  source: 'boundary' | 'generated';
}

export interface WorkerRecord {
  gridCode: string;
  name: string;
  userId: string | null;
  username: string | null;
  phone: string | null;
  assignedBy: string;
  assignedAt: Date;
}

export interface NewWorker {
  name: string;
  userId: string | null;
  username: string | null;
  phone: string | null;
}

const columns = ['code', 'level', 'name', 'parent_code', 'min_lon', 'min_lat', 'max_lon', 'max_lat', 'center_lon', 'center_lat', 'area_km2', 'source'] as const;

type Row = Pick<GridTables['grid_area'], (typeof columns)[number]>;

const toRecord = (r: Row): AreaRecord => ({
  code: r.code,
  level: r.level,
  name: r.name,
  parentCode: r.parent_code,
  bbox: [r.min_lon, r.min_lat, r.max_lon, r.max_lat],
  center: [r.center_lon, r.center_lat],
  areaKm2: r.area_km2,
  source: r.source,
});

export function createGridRepository(executor: Executor) {
  const db = tablesOf<GridTables>(executor);
  return {
    async get(code: string): Promise<AreaWithGeometry | undefined> {
      const row = await db.selectFrom('grid_area').select([...columns, 'geometry']).where('code', '=', code).executeTakeFirst();
      return row ? { ...toRecord(row), geometry: row.geometry } : undefined;
    },

    /** Areas of a level and/or under a parent, in code order, with their polygons. */
    async list(filter: { level?: AreaLevel | undefined; parentCode?: string | undefined; codePrefix?: string | undefined }): Promise<AreaWithGeometry[]> {
      let query = db.selectFrom('grid_area').select([...columns, 'geometry']);
      if (filter.level) {
        query = query.where('level', '=', filter.level);
      }
      if (filter.parentCode) {
        query = query.where('parent_code', '=', filter.parentCode);
      }
      if (filter.codePrefix) {
        query = query.where('code', 'like', `${filter.codePrefix}%`);
      }
      const rows = await query.orderBy('code').execute();
      return rows.map((r) => ({ ...toRecord(r), geometry: r.geometry }));
    },

    /** Every area without polygons: the hierarchy, for chains and the index. */
    async listAll(): Promise<AreaRecord[]> {
      return (await db.selectFrom('grid_area').select(columns).orderBy('code').execute()).map(toRecord);
    },

    /** The grids' polygons only, for the spatial index. */
    async gridPolygons(): Promise<Array<{ code: string; geometry: AreaGeometry }>> {
      return db.selectFrom('grid_area').select(['code', 'geometry']).where('level', '=', 'grid').orderBy('code').execute();
    },

    async countChildren(code: string): Promise<number> {
      const row = await db.selectFrom('grid_area').select(sql<number>`count(*)::int`.as('n')).where('parent_code', '=', code).executeTakeFirstOrThrow();
      return row.n;
    },

    async count(): Promise<number> {
      const row = await db.selectFrom('grid_area').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
      return row.n;
    },

    /** Inserts areas parents first (the caller orders them); existing codes are left as they are. */
    async insertMany(areas: NewArea[]): Promise<number> {
      let written = 0;
      for (let i = 0; i < areas.length; i += 200) {
        const batch = areas.slice(i, i + 200).map((a) => ({
          code: a.code,
          level: a.level,
          name: a.name,
          parent_code: a.parentCode,
          geometry: JSON.stringify(a.geometry),
          min_lon: a.bbox[0],
          min_lat: a.bbox[1],
          max_lon: a.bbox[2],
          max_lat: a.bbox[3],
          center_lon: a.center[0],
          center_lat: a.center[1],
          area_km2: a.areaKm2,
          source: a.source,
        }));
        const result = await db.insertInto('grid_area').values(batch).onConflict((oc) => oc.column('code').doNothing()).returning('code').execute();
        written += result.length;
      }
      return written;
    },

    async workersOf(codes: string[]): Promise<WorkerRecord[]> {
      if (codes.length === 0) {
        return [];
      }
      const rows = await db.selectFrom('grid_worker').selectAll().where('grid_code', 'in', codes).orderBy('grid_code').orderBy('sort').orderBy('id').execute();
      return rows.map((r) => ({ gridCode: r.grid_code, name: r.name, userId: r.user_id, username: r.username, phone: r.phone, assignedBy: r.assigned_by, assignedAt: r.assigned_at }));
    },

    /** Worker counts per grid under a code prefix. */
    async workerCounts(codePrefix: string): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('grid_worker')
        .select(['grid_code', sql<number>`count(*)::int`.as('n')])
        .where('grid_code', 'like', `${codePrefix}%`)
        .groupBy('grid_code')
        .execute();
      return new Map(rows.map((r) => [r.grid_code, r.n]));
    },

    async replaceWorkers(gridCode: string, workers: NewWorker[], assignedBy: string): Promise<void> {
      await db.deleteFrom('grid_worker').where('grid_code', '=', gridCode).execute();
      if (workers.length > 0) {
        await db
          .insertInto('grid_worker')
          .values(workers.map((w, sort) => ({ grid_code: gridCode, name: w.name, user_id: w.userId, username: w.username, phone: w.phone, sort, assigned_by: assignedBy })))
          .execute();
      }
    },

    /** Grids that have no worker yet, for the demo's assignments. */
    async gridsWithoutWorkers(): Promise<string[]> {
      const rows = await db
        .selectFrom('grid_area as a')
        .select('a.code')
        .where('a.level', '=', 'grid')
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('grid_worker as w').select('w.id').whereRef('w.grid_code', '=', 'a.code'))))
        .orderBy('a.code')
        .execute();
      return rows.map((r) => r.code);
    },

    async insertWorkers(rows: Array<NewWorker & { gridCode: string }>, assignedBy: string): Promise<void> {
      for (let i = 0; i < rows.length; i += 500) {
        await db
          .insertInto('grid_worker')
          .values(rows.slice(i, i + 500).map((w) => ({ grid_code: w.gridCode, name: w.name, user_id: w.userId, username: w.username, phone: w.phone, sort: 0, assigned_by: assignedBy })))
          .execute();
      }
    },
  };
}

export type GridRepository = ReturnType<typeof createGridRepository>;
