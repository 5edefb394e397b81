/** What the applications part of the services module asks of other modules (through their index.ts). */
import type { Executor } from '../../kernel/db/index.js';
import type { HolderLicenseFilter, IssueInput, LicenseDetail, LicenseType } from '../licenses/index.js';
import type { OrgService } from '../org/index.js';
import type { RegistryService } from '../registry/index.js';

/** The licenses module: issue on 办结, a holder's licenses for 免提交, license types for procedures. */
export interface LicenseDirectory {
  issue(input: IssueInput, actor: string, executor?: Executor): Promise<LicenseDetail>;
  /** With `filter.typeCodes`, only licenses of those types (the rest are neither read nor decrypted). */
  listForHolder(holderCode: string, filter?: HolderLicenseFilter): Promise<LicenseDetail[]>;
  /** The signed document of one of the holder's own licenses (404 otherwise), for 我的证照 downloads. */
  documentForHolder(holderCode: string, id: string, origin: string, actor: string): Promise<{ content: { identifier: string }; verifyUrl: string }>;
  getType(code: string): Promise<LicenseType | undefined>;
}

/** The base registries: real-name verification, pre-filling and instant-approval facts. */
export type RegistryDirectory = Pick<RegistryService, 'findPersonByIdNumber' | 'findEntityByCreditCode'> & Partial<Pick<RegistryService, 'scanPersons' | 'scanEntities'>>;

/** The registers page by page, for 免申即享 policies that run over all of them. */
export type RegistryScan = Pick<RegistryService, 'scanPersons' | 'scanEntities'>;

/** The org module: organisations, roles, accounts for applicants and demo officers, actor names. */
export type ApplicationsOrg = Pick<OrgService, 'getOrganisationByCode' | 'listRoles' | 'createUser' | 'actorNames'>;
