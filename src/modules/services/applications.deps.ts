import type { AuditLog } from '../../kernel/audit/index.js';
import type { Bus } from '../../kernel/bus/index.js';
import type { WorkingCalendar } from '../../kernel/calendar/index.js';
import type { Db } from '../../kernel/db/index.js';
import type { ApplicantsService } from './applicants.service.js';
import type { ApplicationsOrg, LicenseDirectory } from './applications.ports.js';
import type { CompleteDeps } from './applications.complete.js';
import type { MaterialStore } from './material-store.js';
import type { ProcedureService } from './procedure.service.js';
import type { VersionRow } from './item.repository.js';
import type { Item } from './services.model.js';

/** What the application services share. */
export interface ApplicationsDeps extends CompleteDeps {
  db: Db;
  /** Submissions are written in batches: several audit records and events at once. */
  audit: Pick<AuditLog, 'append' | 'claimQuery' | 'sealQueries'>;
  bus: Pick<Bus, 'publish' | 'publishQuery'>;
  calendar: Pick<WorkingCalendar, 'addWorkingDays' | 'workingDaysBetween'>;
  licenses: LicenseDirectory;
  org: ApplicationsOrg;
  applicants: ApplicantsService;
  procedures: ProcedureService;
  store: MaterialStore;
  getItem(idOrCode: string): Promise<Item | undefined>;
  getItemVersion(id: string, version: number): Promise<VersionRow | undefined>;
  /** Largest upload accepted, in bytes. */
  maxFileBytes: number;
  /** Accepted applications due within this many working days are flagged `warning`. */
  warningDays: number;
}
