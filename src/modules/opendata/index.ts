import type { Principal } from '../../kernel/auth/index.js';
import type { ModuleRoutes } from '../../kernel/http/index.js';
import { createApplicationsService, type ApplicationsService } from './applications.service.js';
import { createCkanActions } from './ckan/ckan.actions.js';
import { ckanRoutes } from './ckan/ckan.routes.js';
import { createConsoleService, type ConsoleService } from './console.service.js';
import { dcatRoutes } from './dcat/dcat.routes.js';
import { manageRoutes } from './manage.routes.js';
import type { OpendataDeps } from './opendata.deps.js';
import { opendataRoutes } from './opendata.routes.js';
import { seedDemoOpendata, type DemoReport } from './opendata.seed.js';
import { createPortalService, type PortalService } from './portal.service.js';
import { createPublishService, type PublishService } from './publish.service.js';
import { createSearchIndex } from './search.index.js';
import { createSearchRepository } from './search.repository.js';

export { OpendataPermissions } from './opendata.permissions.js';
export { FREQUENCIES, LICENCES, THEMES, dueAt, type Frequency } from './opendata.model.js';
export type { Dataset } from './dataset.repository.js';
export { seedSyntheticDatasets } from './opendata.synthetic.js';
export type { OpendataDeps } from './opendata.deps.js';
export type { ApplicationsService } from './applications.service.js';
export type { ConsoleService } from './console.service.js';
export type { PortalService } from './portal.service.js';
export type { PublishService, PublishInput } from './publish.service.js';

export interface OpendataModule extends ModuleRoutes {
  readonly publish: PublishService;
  readonly portal: PortalService;
  readonly console: ConsoleService;
  readonly applications: ApplicationsService;
  /**
   * Ezhou's departments' open datasets (data/demo/opendata-ezhou.json), published as the
   * demo's users; idempotent. Needs the demo organisations, users and catalog.
   */
  seedDemo(actAs: (username: string) => Promise<Principal | null>): Promise<DemoReport>;
}

/**
 * The open-data portal (公共数据开放): datasets published from catalog resources by their
 * owners, with the public portal's JSON routes, the owner console, conditional-open
 * applications, the CKAN Action API at `/api/3/action/*` and the DCAT-AP catalogue at
 * `/opendata/catalog.ttl` and `.jsonld`. Freshness is judged by `deps.clock`.
 * Wire by hand: `createOpendataModule({ db, audit, catalog, org: org.service, apiKeys: org.auth, clock })`.
 */
export function createOpendataModule(deps: Omit<OpendataDeps, 'clock'> & { clock?: () => Date }): OpendataModule {
  const full: OpendataDeps = { ...deps, clock: deps.clock ?? (() => new Date()) };
  const index = createSearchIndex(full.db);
  const publish = createPublishService(full, index.invalidate);
  const portal = createPortalService(full, index);
  const console = createConsoleService(full);
  const applications = createApplicationsService(full);
  const search = createSearchRepository(full.db);
  const actions = createCkanActions(full, portal, index);
  const ckan = ckanRoutes(actions);
  const dcat = dcatRoutes({ portal, search });
  return {
    name: 'opendata',
    publish,
    portal,
    console,
    applications,
    routes: async (app) => {
      await app.register(opendataRoutes({ portal, applications, search }));
      await app.register(manageRoutes({ publish, console, portal, applications }));
    },
    rootRoutes: async (app) => {
      await app.register(ckan);
      await app.register(dcat);
    },
    async seedDemo(actAs) {
      const report = await seedDemoOpendata(full, actAs);
      // The demo writes use counters directly; without a reload the home page's 最常用 stays empty for a minute.
      index.reload();
      return report;
    },
  };
}
