import type { Bus } from '../../kernel/bus/index.js';
import type { Jobs } from '../../kernel/jobs/index.js';
import type { ModuleRoutes } from '../../kernel/http/index.js';
import { subscribeToAlarms } from './alarms.js';
import { readCategories } from './categories.js';
import { createCategoryRepository } from './category.repository.js';
import type { CasesDeps } from './cases.deps.js';
import { casesRoutes } from './cases.routes.js';
import { createCasesService, type CasesService } from './cases.service.js';
import { checkDeadlines } from './warnings.js';

export { CasesPermissions } from './cases.permissions.js';
export { CASE_CHANGED, CASE_WARNING, type CaseChangedEvent, type CaseWarningEvent } from './cases.events.js';
export { CASE_TYPES, CHANNELS, SATISFACTIONS, STATUSES, type CaseStatus, type CaseType, type Channel, type Satisfaction, type Urgency, type Warning } from './cases.model.js';
export type { CasesDeps, CasesOrgDirectory, CaseOrganisation } from './cases.deps.js';
export type { CasesService } from './cases.service.js';
export type { CaseRecord } from './case.repository.js';

export interface CasesModule extends ModuleRoutes {
  readonly service: CasesService;
  /** The category taxonomy (data/cases/categories.json) and new lines of the responsibility list; run at every start. */
  seedReferenceData(): Promise<{ categories: number }>;
  /** Marks running cases yellow before and red after their deadline (job `cases.deadlines.check`). */
  checkDeadlines(now?: Date): Promise<{ yellow: number; red: number }>;
}

/**
 * 一网统管, first part: the city event centre. One case for every channel (12345 hotline,
 * citizens' web form, grid reports, IoT alarms), dispatch by the responsibility list, the
 * closed loop with deadlines on the working-day calendar, yellow and red warnings.
 * Wire by hand: `createCasesModule({ db, audit, bus, jobs, calendar, cipher, org, cityDivisionCode })`.
 */
export function createCasesModule(deps: CasesDeps & { bus: Pick<Bus, 'publish' | 'subscribe'>; jobs: Pick<Jobs, 'define' | 'enqueue'> }): CasesModule {
  const now = deps.now ?? (() => new Date());
  const service = createCasesService(deps);
  subscribeToAlarms(deps.bus, deps.jobs, deps, service);
  deps.jobs.define('cases.deadlines.check', async () => {
    await checkDeadlines(deps, now());
  });
  return {
    name: 'cases',
    service,
    routes: casesRoutes(service),
    async seedReferenceData() {
      const categories = readCategories();
      await createCategoryRepository(deps.db).seed(categories);
      return { categories: categories.length };
    },
    checkDeadlines: (at) => checkDeadlines(deps, at ?? now()),
  };
}
