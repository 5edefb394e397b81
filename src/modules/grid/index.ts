import type { AuditLog } from '../../kernel/audit/index.js';
import type { Db } from '../../kernel/db/index.js';
import type { ModuleRoutes } from '../../kernel/http/index.js';
import { gridRoutes } from './grid.routes.js';
import { seedDemoGrid, type GridDivisionDirectory } from './grid.seed.js';
import { createGridService, type GridService, type GridUserDirectory, type Located } from './grid.service.js';

export { GridPermissions } from './grid.permissions.js';
export type { GridService, GridUserDirectory, Located, AreaRef } from './grid.service.js';
export type { GridDivisionDirectory } from './grid.seed.js';
export type { AreaLevel } from './geo/tessellation.js';
export { pointInGeometry, type AreaGeometry } from './geo/geometry.js';

export interface GridModule extends ModuleRoutes {
  readonly service: GridService;
  /** The grid containing a WGS-84 point and its chain up to the city; undefined outside every grid. */
  locate(point: { lon: number; lat: number }): Promise<Located | undefined>;
  /** Ezhou's real districts, the generated streets, communities and grids, and their workers; idempotent. */
  seedDemo(): Promise<{ areas: number; written: number; grids: number; workersAssigned: number }>;
}

/**
 * 网格化管理: the five-level hierarchy 市 – 区 – 街道 – 社区 – 网格 with polygons, point
 * location over an in-memory spatial index, GeoJSON layers for the element map, grid workers.
 * Wire by hand: `createGridModule({ db, audit, users, divisions, city })`.
 */
export function createGridModule(deps: { db: Db; audit: Pick<AuditLog, 'append'>; users: GridUserDirectory; divisions: GridDivisionDirectory; city: { code: string; name: string } }): GridModule {
  const service = createGridService(deps);
  return {
    name: 'grid',
    service,
    routes: gridRoutes(service),
    locate: service.locate,
    async seedDemo() {
      const report = await seedDemoGrid(deps);
      service.invalidate();
      return report;
    },
  };
}
