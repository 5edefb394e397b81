import type { AuditLog } from '../../kernel/audit/index.js';
import type { Bus } from '../../kernel/bus/index.js';
import type { WorkingCalendar } from '../../kernel/calendar/index.js';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.js';
import type { Db } from '../../kernel/db/index.js';
import type { ModuleRoutes } from '../../kernel/http/index.js';
import type { OrgService } from '../org/index.js';
import { createApplicantsService } from './applicants.service.js';
import type { ApplicationsOrg, LicenseDirectory, RegistryDirectory, RegistryScan } from './applications.ports.js';
import { applicationRoutes } from './applications.routes.js';
import { seedDemoWorkflow, type DemoWorkflowReport } from './applications.seed.js';
import { createApplicationsService, type ApplicationsService } from './applications.service.js';
import { createLocalMaterialStore, type MaterialStore } from './material-store.js';
import { createProcedureService, type ProcedureService } from './procedure.service.js';
import { workflowRoutes } from './workflow.routes.js';
import { createBundlesService, type BundlesService } from './bundles.service.js';
import { engagementRoutes } from './engagement.routes.js';
import { seedDemoEngagement } from './engagement.seed.js';
import { createEntitlementsService, type EntitlementsService, type RunReport } from './entitlements.service.js';
import { createRatingsService, type RatingsService } from './ratings.service.js';
import type { VersionRow } from './item.repository.js';
import type { Item } from './services.model.js';
import { servicesRoutes } from './services.routes.js';
import { seedDemoItems } from './services.seed.js';
import { createServicesService, type OrgDirectory, type ServicesService } from './services.service.js';

export { ServicesPermissions } from './services.permissions.js';
export { CHANNELS, ITEM_TYPES, LEVELS, MATERIAL_FORMS, ONLINE_DEPTHS, STATUSES, SUBJECTS } from './services.model.js';
export type { Channel, Fee, Item, ItemContent, ItemOrganisation, ItemType, Level, Material, OnlineDepth, Status, Subject } from './services.model.js';
export type { ItemChange, ItemChangedEvent } from './services.events.js';
export type { OrgDirectory, ServicesService } from './services.service.js';
export type { VersionRow as ItemVersion } from './item.repository.js';
export { APPLICANT_ROLE, type Applicant, type Registration } from './applicants.service.js';
export { INSTANT_ACTOR, type ResubmitInput, type SubmitInput } from './applications.submit.js';
export { APPLICATION_CHANGED, APPLICATION_DEADLINE, type ApplicationAction, type ApplicationChangedEvent, type ApplicationDeadlineEvent } from './applications.events.js';
export { APPLICATION_STATUSES, STEPS, type ApplicantKind, type ApplicationStatus, type DeadlineState, type Procedure, type Rule, type RuleTrace, type Step } from './applications.model.js';
export type { ApplicationRecord } from './applications.repository.js';
export type { ApplicationsService, InboxQuery } from './applications.service.js';
export type { ProcedureInput, ProcedureService } from './procedure.service.js';
export type { LicenseDirectory, RegistryDirectory } from './applications.ports.js';
export type { MaterialStore } from './material-store.js';
export type { BundlesService, BundleSubmitInput } from './bundles.service.js';
export type { EntitlementsService, RunReport } from './entitlements.service.js';
export type { RatingsService } from './ratings.service.js';
export { RATING_LEVELS } from './ratings.service.js';
export { BUNDLE_CHANGED, ENTITLEMENT_GRANTED, RATING_CREATED, RECTIFICATION_ANSWERED, type BundleChangedEvent, type EntitlementGrantedEvent, type RatingCreatedEvent, type RectificationAnsweredEvent } from './engagement.events.js';
export type { DemoWorkflowReport } from './applications.seed.js';
export { evaluateRules } from './instant-rules.js';
export { startClock, suspendClock, resumeClock, deadlineState, workingDaysLeft, type Clock } from './deadline-clock.js';

export interface ServicesModule extends ModuleRoutes {
  readonly service: ServicesService;
  /** An item by id or implementation code (实施编码), whatever its status. */
  getItem(idOrCode: string): Promise<Item | undefined>;
  /**
   * One version of an item with the full item as it then was (`snapshot`): an application
   * records the item's id and version and reads its rules here, whatever changed since.
   */
  getItemVersion(id: string, version: number): Promise<VersionRow | undefined>;
  /** Ezhou's service items (data/demo/services-ezhou.json); idempotent. Needs the demo organisations. */
  seedDemo(): Promise<{ items: number; written: number }>;
  /** Online applications: applicants, submission with 秒批, the officers' workflow, messages, deadlines. */
  readonly applications: ApplicationsService;
  /** Items' procedures (办理规则): result license, parallel reviews, step roles, waived materials, 秒批 rules. */
  readonly procedures: ProcedureService;
  /** The recurring deadline check (job `services.deadlines.check`). */
  checkDeadlines(): Promise<{ warning: number; overdue: number; normal: number }>;
  /**
   * The demo procedures, case officers and applicants (data/demo/services-workflow-ezhou.json);
   * idempotent. Needs the demo items, registry and license types.
   */
  seedDemoWorkflow(password: string): Promise<DemoWorkflowReport>;
  /** 一件事一次办: bundles and bundle applications. */
  readonly bundles: BundlesService;
  /** 免申即享: policies, runs and entitlements. */
  readonly entitlements: EntitlementsService;
  /** 好差评: ratings, rectifications, statistics. */
  readonly ratings: RatingsService;
  /** The scheduled 免申即享 run (job `services.entitlements.run`): every active policy for the current period. */
  runEntitlements(): Promise<RunReport[]>;
  /** The demo bundles and policies (data/demo/services-bundles-ezhou.json); idempotent. Needs the demo items and organisations. */
  seedDemoEngagement(): Promise<{ bundles: number; policies: number; written: number }>;
}

const missingScan = (): never => {
  throw new Error('services: the registry given has no scan functions (免申即享 needs scanPersons and scanEntities)');
};

/** What the services module is built from. */
export interface ServicesModuleDeps {
  db: Db;
  audit: Pick<AuditLog, 'append' | 'claimQuery' | 'sealQueries'>;
  bus: Pick<Bus, 'publish' | 'publishQuery'>;
  org: OrgDirectory & ApplicationsOrg & Pick<OrgService, 'getDivision'>;
  calendar: Pick<WorkingCalendar, 'addWorkingDays' | 'workingDaysBetween'>;
  /** Encrypts applicants' ID numbers and credit codes at rest. */
  cipher: Pick<FieldCipher, 'encrypt' | 'decrypt' | 'blindIndex'>;
  registry: RegistryDirectory & Partial<RegistryScan>;
  licenses: LicenseDirectory;
  /** Where uploaded materials are kept (DATA_DIR/materials), unless `store` is given. */
  materialsDir: string;
  store?: MaterialStore | undefined;
  /** Largest upload in bytes (default 10 MiB). */
  maxFileBytes?: number | undefined;
  /** Working days before a deadline from which an application is flagged (default 2). */
  warningDays?: number | undefined;
  /** Registration attempts per client address and minute, on each node (default 20). */
  registrationsPerMinute?: number | undefined;
  /** Working days a department has to answer a 差评 (整改, default 5). */
  rectifyDays?: number | undefined;
  /** The clock; tests move it. */
  now?: (() => Date) | undefined;
}

/**
 * 一网通办, first part: service items (政务服务事项 / 实施清单) with versioned edits, Chinese
 * full-text search with facets, the high-frequency list and public guides.
 * Second part: applicants, online applications, workflow, deadlines, 秒批.
 * Wire by hand: `createServicesModule({ db, audit, bus, org: org.service, calendar, cipher, registry, licenses, materialsDir })`.
 */
export function createServicesModule(deps: ServicesModuleDeps): ServicesModule {
  const service = createServicesService(deps);
  const now = deps.now ?? (() => new Date());
  const applicants = createApplicantsService(deps);
  const procedures = createProcedureService({ ...deps, getItem: service.getItem });
  const maxFileBytes = deps.maxFileBytes ?? 10 * 1024 * 1024;
  const applicationsDeps = {
    ...deps,
    now,
    applicants,
    procedures,
    store: deps.store ?? createLocalMaterialStore(deps.materialsDir),
    getItem: service.getItem,
    getItemVersion: service.getItemVersion,
    maxFileBytes,
    warningDays: deps.warningDays ?? 2,
  };
  const applications = createApplicationsService(applicationsDeps);
  const bundles = createBundlesService(applicationsDeps);
  const ratings = createRatingsService({ ...deps, now, applicants, rectifyDays: deps.rectifyDays ?? 5 });
  const scan = deps.registry;
  const entitlements = createEntitlementsService({
    ...deps,
    now,
    registry: {
      scanPersons: (...args) => (scan.scanPersons ?? missingScan)(...args),
      scanEntities: (...args) => (scan.scanEntities ?? missingScan)(...args),
    },
  });
  const engagementPlugin = engagementRoutes({ bundles, entitlements, ratings, applicants });
  const items = servicesRoutes(service);
  const applicantPlugin = applicationRoutes({ applications, maxFileBytes, registrationsPerMinute: deps.registrationsPerMinute ?? 20 });
  const officerPlugin = workflowRoutes({ applications, procedures });
  return {
    name: 'services',
    service,
    applications,
    procedures,
    routes: async (app) => {
      await app.register(items);
      await app.register(applicantPlugin);
      await app.register(officerPlugin);
      await app.register(engagementPlugin);
    },
    bundles,
    entitlements,
    ratings,
    runEntitlements: entitlements.runAll,
    seedDemoEngagement: () => seedDemoEngagement({ db: deps.db, org: deps.org, getItem: service.getItem }),
    getItem: service.getItem,
    getItemVersion: service.getItemVersion,
    seedDemo: () => seedDemoItems(deps),
    checkDeadlines: applications.checkDeadlines,
    seedDemoWorkflow: (password) => seedDemoWorkflow({ org: deps.org, applicants, procedures, getItem: service.getItem, password }),
  };
}
