import type { AuditLog } from '../../kernel/audit/index.js';
import type { Principal } from '../../kernel/auth/index.js';
import type { Bus } from '../../kernel/bus/index.js';
import type { WorkingCalendar } from '../../kernel/calendar/index.js';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.js';
import type { Db } from '../../kernel/db/index.js';

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

export interface CasesDeps {
  db: Db;
  audit: Pick<AuditLog, 'append'>;
  bus: Pick<Bus, 'publish'>;
  calendar: Pick<WorkingCalendar, 'addWorkingDays' | 'workingDaysBetween'>;
  cipher: Pick<FieldCipher, 'encrypt' | 'decrypt' | 'blindIndex'>;
  org: CasesOrgDirectory;
  /** The division of the city the platform serves: where citizens' reports belong by default. */
  cityDivisionCode: string;
  /** The clock (tests move it). */
  now?: () => Date;
}

export const PHONE_AAD = 'cases_case.reporter_phone';

export const actorOf = (p: Principal) => `${p.kind === 'user' ? 'user' : 'apikey'}:${p.id}`;
