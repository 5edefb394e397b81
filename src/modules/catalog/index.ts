import type { AuditLog } from '../../kernel/audit/index.js';
import type { Bus } from '../../kernel/bus/index.js';
import type { Db } from '../../kernel/db/index.js';
import type { ModuleRoutes } from '../../kernel/http/index.js';
import { createRegistration, type EnsureOptions, type EnsureOutcome, type ResourceDefinition } from './catalog.registration.js';
import { catalogRoutes } from './catalog.routes.js';
import type { Resource } from './catalog.model.js';
import { seedDemoCatalog } from './catalog.seed.js';
import { createCatalogService, type CatalogService, type OrgDirectory } from './catalog.service.js';

export { CatalogPermissions } from './catalog.access.js';
export { ATTRIBUTES, FIELD_TYPES, GRADES, STATUSES, UPDATE_CYCLES, gradeRank, requiredGrade } from './catalog.model.js';
export type { Attribute, FieldType, Grade, Resource, ResourceContent, ResourceField, ResourceOwner, Status, UpdateCycle } from './catalog.model.js';
export type { ResourceChange, ResourceChangedEvent } from './catalog.events.js';
export type { CatalogService, OrgDirectory } from './catalog.service.js';
export type { EnsureOptions, EnsureOutcome, ResourceDefinition } from './catalog.registration.js';

export interface CatalogModule extends ModuleRoutes {
  readonly service: CatalogService;
  /**
   * Registers a resource by its code, idempotently: created, updated with a new version,
   * or left alone when it already matches `def`. Used by other modules (the registry
   * registers the population and legal-entity registries this way). Pass
   * `options.executor` to write inside the caller's transaction.
   */
  ensureResource(def: ResourceDefinition, options?: EnsureOptions): Promise<{ resource: Resource; outcome: EnsureOutcome }>;
  /** A resource by id or code, whatever its status, with its fields and their sensitivities. */
  getResource(idOrCode: string): Promise<Resource | undefined>;
  /** About thirty resources of Ezhou's departments; idempotent. Needs the demo organisations. */
  seedDemo(): Promise<{ resources: number; written: number }>;
}

/**
 * The data resource catalog (政务信息资源目录): resources with fields, grades and share/open
 * attributes, versioned edits, Chinese full-text search with facets.
 * Wire by hand: `createCatalogModule({ db, audit, bus, org: org.service })`.
 */
export function createCatalogModule(deps: { db: Db; audit: Pick<AuditLog, 'append'>; bus: Pick<Bus, 'publish'>; org: OrgDirectory }): CatalogModule {
  const service = createCatalogService(deps);
  const registration = createRegistration({ ...deps, ownerByCode: service.ownerByCode });
  return {
    name: 'catalog',
    service,
    routes: catalogRoutes(service),
    ensureResource: registration.ensureResource,
    getResource: registration.getResource,
    seedDemo: () => seedDemoCatalog(registration),
  };
}
