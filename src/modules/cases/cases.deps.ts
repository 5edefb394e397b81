import type { AuditLog } from '../../kernel/audit/index.js';
import type { Principal } from '../../kernel/auth/index.js';
import type { Bus } from '../../kernel/bus/index.js';
import type { WorkingCalendar } from '../../kernel/calendar/index.js';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.js';
import type { Db } from '../../kernel/db/index.js';
import type { CaseClassifier } from './classifier/classifier.js';

export interface CaseOrganisation {
  id: string;
  code: string;
  name: string;
  divisionCode: string;
}

/** What the cases module needs of the org module (its OrgService fits). */
export interface CasesOrgDirectory {
  getOrganisation(principal: Principal, id: string): Promise<CaseOrganisation>;
  getOrganisationByCode(code: string): Promise<CaseOrganisation | undefined>;
  getDivision(code: string): Promise<object | undefined>;
}

/** What the cases module needs of the grid module: the grid containing a point (its `locate` fits). */
export interface CasesGridLocator {
  locate(point: { lon: number; lat: number }): Promise<{ gridCode: string } | undefined>;
}

export interface CasesDeps {
  db: Db;
  audit: Pick<AuditLog, 'append' | 'claimQuery' | 'sealQueries'>;
  bus: Pick<Bus, 'publish' | 'publishQuery'>;
  calendar: Pick<WorkingCalendar, 'addWorkingDays' | 'workingDaysBetween'>;
  cipher: Pick<FieldCipher, 'encrypt' | 'decrypt' | 'blindIndex'>;
  org: CasesOrgDirectory;
  /** The division of the city the platform serves: where citizens' reports belong by default. */
  cityDivisionCode: string;
  /** Sets a case's `grid_code` from its point at intake; without it cases carry no grid. */
  grid?: CasesGridLocator;
  /**
   * Confidence (0…1) from which a case recorded without a category is dispatched to the
   * department of its suggested category (YIWANG_CASES_AUTO_DISPATCH_THRESHOLD); default 0.6, 1 turns it off.
   */
  autoDispatchThreshold?: number;
  /** The text classifier; default: trained on the shipped corpus on first use. */
  classifier?: CaseClassifier;
  /** The clock (tests move it). */
  now?: () => Date;
}

export const PHONE_AAD = 'cases_case.reporter_phone';

export const actorOf = (p: Principal) => `${p.kind === 'user' ? 'user' : 'apikey'}:${p.id}`;
