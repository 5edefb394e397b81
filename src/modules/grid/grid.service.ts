import { regionPrefix, type Principal } from '../../kernel/auth/index.js';
import type { AuditLog } from '../../kernel/audit/index.js';
import type { Db } from '../../kernel/db/index.js';
import { createAreaIndex, type AreaIndex } from './geo/area-index.js';
import { simplifyGeometry, type AreaGeometry } from './geo/geometry.js';
import type { AreaLevel } from './geo/tessellation.js';
import { AreaNotFound, GridNotFound, NotAGrid, OutsideRegion, UserNotFound, WorkerIdentityRequired } from './grid.errors.js';
import { createGridRepository, type AreaRecord, type NewWorker, type WorkerRecord } from './grid.repository.js';
import type { WorkersInput } from './grid.schemas.js';

/** What the grid module needs of the org module: a user by username and its display name (AuthService and OrgService fit). */
export interface GridUserDirectory {
  userPrincipalByUsername(username: string): Promise<Principal | null>;
  getUser(principal: Principal, id: string): Promise<{ displayName: string }>;
}

/** The platform user behind a username, with the name people know them by. */
export async function findUser(users: GridUserDirectory, username: string): Promise<{ id: string; displayName: string } | undefined> {
  const principal = await users.userPrincipalByUsername(username);
  // Read as the user itself: always inside its own region.
  return principal ? { id: principal.id, displayName: (await users.getUser(principal, principal.id)).displayName } : undefined;
}

export interface GridDeps {
  db: Db;
  audit: Pick<AuditLog, 'append'>;
  users: GridUserDirectory;
}

export interface AreaRef {
  code: string;
  name: string;
  level: AreaLevel;
}

/** Where a point lies: its grid and the chain up to the city. */
export interface Located {
  gridCode: string;
  /** 网格 → 社区 → 街道 → 区 → 市. */
  chain: AreaRef[];
}

const LEVELS: readonly AreaLevel[] = ['city', 'district', 'street', 'community', 'grid'];
/** Douglas–Peucker tolerance per level for map answers, in degrees (0.0002° ≈ 20 m). */
const MAP_TOLERANCE: Record<AreaLevel, number> = { city: 0.0004, district: 0.0003, street: 0.0002, community: 0.0002, grid: 0.0001 };

const actorOf = (p: Principal) => `${p.kind === 'user' ? 'user' : 'apikey'}:${p.id}`;
const workerView = (w: WorkerRecord) => ({ name: w.name, username: w.username, phone: w.phone });

/** Codes below `code` start with this: a district's 6-digit code drops its trailing zeros for the city. */
export function descendantPrefix(code: string): string {
  if (code.length === 6) {
    return code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;
  }
  return code;
}

/** The hierarchy, point location, map layers and grid workers. */
export function createGridService(deps: GridDeps) {
  const repo = createGridRepository(deps.db);
  let loaded: Promise<{ index: AreaIndex; byCode: Map<string, AreaRecord> }> | undefined;

  /** The spatial index over every grid and the hierarchy, built once per node and after a seed. */
  function hierarchy() {
    loaded ??= (async () => {
      const [polygons, all] = await Promise.all([repo.gridPolygons(), repo.listAll()]);
      return { index: createAreaIndex(polygons), byCode: new Map(all.map((a) => [a.code, a])) };
    })().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  }

  function chainOf(byCode: Map<string, AreaRecord>, code: string): AreaRef[] {
    const chain: AreaRef[] = [];
    for (let current = byCode.get(code); current; current = current.parentCode ? byCode.get(current.parentCode) : undefined) {
      chain.push({ code: current.code, name: current.name, level: current.level });
    }
    return chain;
  }

  async function locate(point: { lon: number; lat: number }): Promise<Located | undefined> {
    if (!Number.isFinite(point.lon) || !Number.isFinite(point.lat)) {
      return undefined;
    }
    const { index, byCode } = await hierarchy();
    const gridCode = index.locate(point.lon, point.lat);
    return gridCode ? { gridCode, chain: chainOf(byCode, gridCode) } : undefined;
  }

  async function mustGet(code: string) {
    const area = await repo.get(code);
    if (!area) {
      throw AreaNotFound({ code });
    }
    return area;
  }

  return {
    locate,
    /** Drops the in-memory index (after areas were written on this node). */
    invalidate() {
      loaded = undefined;
    },

    /** The grid chain and the grid's workers, or GRID_NOT_FOUND outside every grid. */
    async locateOrFail(point: { lon: number; lat: number }) {
      const found = await locate(point);
      if (!found) {
        throw GridNotFound({ lon: point.lon, lat: point.lat });
      }
      const workers = await repo.workersOf([found.gridCode]);
      return { ...point, ...found, workers: workers.map(workerView) };
    },

    /**
     * A GeoJSON FeatureCollection for the map: the areas of `level` under `parent` (children of
     * `parent` when no level is given; districts when neither), polygons simplified per level.
     */
    async areas(filter: { level?: AreaLevel | undefined; parent?: string | undefined }) {
      let level = filter.level;
      if (filter.parent !== undefined) {
        const parent = await repo.get(filter.parent);
        if (!parent) {
          throw AreaNotFound({ code: filter.parent });
        }
        level ??= LEVELS[LEVELS.indexOf(parent.level) + 1];
      }
      level ??= 'district';
      const parent = filter.parent;
      const areas = parent === undefined ? await repo.list({ level }) : await repo.list({ level, codePrefix: descendantPrefix(parent) });
      const counts = level === 'grid' ? await repo.workerCounts(parent === undefined ? '' : descendantPrefix(parent)) : new Map<string, number>();
      return {
        type: 'FeatureCollection' as const,
        features: areas
          .filter((a) => a.code !== parent)
          .map((a) => ({
            type: 'Feature' as const,
            id: a.code,
            properties: { code: a.code, name: a.name, level: a.level, parentCode: a.parentCode, center: a.center, areaKm2: round(a.areaKm2), workers: counts.get(a.code) ?? 0 },
            geometry: simplifyGeometry(a.geometry, MAP_TOLERANCE[a.level]) as AreaGeometry,
          })),
      };
    },

    async area(code: string) {
      const area = await mustGet(code);
      const { byCode } = await hierarchy();
      const [children, workers] = await Promise.all([repo.countChildren(code), area.level === 'grid' ? repo.workersOf([code]) : Promise.resolve([])]);
      return {
        code: area.code,
        name: area.name,
        level: area.level,
        parentCode: area.parentCode,
        chain: byCode.has(code) ? chainOf(byCode, code) : [{ code: area.code, name: area.name, level: area.level }],
        bbox: area.bbox,
        center: area.center,
        areaKm2: round(area.areaKm2),
        source: area.source,
        children,
        workers: workers.map(workerView),
        geometry: area.geometry,
      };
    },

    /** Replaces a grid's workers (platform users by username, or people by name); audited. */
    async assignWorkers(principal: Principal, code: string, input: WorkersInput) {
      const area = await mustGet(code);
      if (area.level !== 'grid') {
        throw NotAGrid({ code, level: area.level });
      }
      if (!code.startsWith(regionPrefix(principal))) {
        throw OutsideRegion({ code });
      }
      const workers: NewWorker[] = [];
      for (const entry of input) {
        if (entry.username === undefined && entry.name === undefined) {
          throw WorkerIdentityRequired();
        }
        let userId: string | null = null;
        let name = entry.name?.trim() ?? '';
        if (entry.username !== undefined) {
          const user = await findUser(deps.users, entry.username);
          if (!user) {
            throw UserNotFound({ username: entry.username });
          }
          userId = user.id;
          name ||= user.displayName;
        }
        if (name === '') {
          throw WorkerIdentityRequired();
        }
        workers.push({ name, userId, username: entry.username ?? null, phone: entry.phone?.replace(/-/g, '') ?? null });
      }
      const before = await repo.workersOf([code]);
      await deps.db.transaction().execute(async (trx) => {
        await createGridRepository(trx).replaceWorkers(code, workers, actorOf(principal));
        await deps.audit.append(trx, {
          actor: actorOf(principal),
          action: 'grid.workers.assign',
          target: `grid.area:${code}`,
          details: { before: before.map((w) => w.username ?? w.name), after: workers.map((w) => w.username ?? w.name) },
        });
      });
      return { code, workers: workers.map((w) => ({ name: w.name, username: w.username, phone: w.phone })) };
    },
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export type GridService = ReturnType<typeof createGridService>;
