import type { AuditLog } from '../../kernel/audit/index.js';
import type { Bus } from '../../kernel/bus/index.js';
import type { WorkingCalendar } from '../../kernel/calendar/index.js';
import type { Db } from '../../kernel/db/index.js';
import type { ModuleRoutes } from '../../kernel/http/index.js';
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
}

/**
 * 一网通办, first part: service items (政务服务事项 / 实施清单) with versioned edits, Chinese
 * full-text search with facets, the high-frequency list and public guides.
 * Wire by hand: `createServicesModule({ db, audit, bus, org: org.service, calendar })`.
 */
export function createServicesModule(deps: {
  db: Db;
  audit: Pick<AuditLog, 'append'>;
  bus: Pick<Bus, 'publish'>;
  org: OrgDirectory;
  calendar: Pick<WorkingCalendar, 'addWorkingDays'>;
}): ServicesModule {
  const service = createServicesService(deps);
  return {
    name: 'services',
    service,
    routes: servicesRoutes(service),
    getItem: service.getItem,
    getItemVersion: service.getItemVersion,
    seedDemo: () => seedDemoItems(deps),
  };
}
