import type { Bus } from '../../kernel/bus/index.js';
import type { Jobs } from '../../kernel/jobs/index.js';
import type { ModuleRoutes } from '../../kernel/http/index.js';
import { subscribeToAlarms } from './alarms.js';
import { readCategories } from './categories.js';
import { createCategoryRepository } from './category.repository.js';
import type { CasesDeps } from './cases.deps.js';
import { createAttachments } from './attachments.js';
import { attachmentRoutes } from './attachments.routes.js';
import { casesRoutes } from './cases.routes.js';
import { casesMapRoutes } from './cases.map.routes.js';
import { classifyRoutes } from './classify.routes.js';
import { createCasesService, type CasesService } from './cases.service.js';
import { open311Routes } from './open311/open311.routes.js';
import { createOpen311Service } from './open311/open311.service.js';
import { checkDeadlines } from './warnings.js';
import { seedDemoCases, type DemoCasesReport } from './cases.demo.js';

export { CasesPermissions } from './cases.permissions.js';
export { CASE_CHANGED, CASE_WARNING, type CaseChangedEvent, type CaseWarningEvent } from './cases.events.js';
export { CASE_TYPES, CHANNELS, SATISFACTIONS, STATUSES, type CaseStatus, type CaseType, type Channel, type Satisfaction, type Urgency, type Warning } from './cases.model.js';
export type { CasesDeps, CasesOrgDirectory, CaseOrganisation } from './cases.deps.js';
export type { CasesService } from './cases.service.js';
export type { CaseRecord } from './case.repository.js';
export { readCategories, type CategoryDefinition } from './categories.js';
export { isHeldOut, readCorpus, splitCorpus, type LabelledText } from './classifier/corpus.js';
export { evaluateCorpus, type EvaluationReport } from './classifier/evaluate.js';

export interface CasesModule extends ModuleRoutes {
  readonly service: CasesService;
  /** The category taxonomy (data/cases/categories.json) and new lines of the responsibility list; run at every start. */
  seedReferenceData(): Promise<{ categories: number }>;
  /** Marks running cases yellow before and red after their deadline (job `cases.deadlines.check`). */
  checkDeadlines(now?: Date): Promise<{ yellow: number; red: number }>;
  /** A year of the demo city's cases, closed and running; once (then nothing). */
  seedDemo(options?: { days?: number; perDay?: number }): Promise<DemoCasesReport>;
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
    routes: async (app) => {
      await app.register(casesRoutes(service));
      await app.register(attachmentRoutes(createAttachments({ db: deps.db, audit: deps.audit, cases: service })));
      await app.register(classifyRoutes(service));
      await app.register(casesMapRoutes({ db: deps.db, now }));
    },
    // Open311 GeoReport v2 lives at the site root, where its clients look for it.
    rootRoutes: open311Routes(createOpen311Service({ db: deps.db, cases: service, cityDivisionCode: deps.cityDivisionCode, now })),
    async seedReferenceData() {
      const categories = readCategories();
      await createCategoryRepository(deps.db).seed(categories);
      return { categories: categories.length };
    },
    checkDeadlines: (at) => checkDeadlines(deps, at ?? now()),
    async seedDemo(options) {
      const report = await seedDemoCases(deps, options);
      // The running ones get their yellow and red warnings now, not at the job's next round.
      await checkDeadlines(deps, now());
      return report;
    },
  };
}
