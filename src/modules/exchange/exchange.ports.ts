import type { Principal } from '../../kernel/auth/index.js';
import type { AuditLog } from '../../kernel/audit/index.js';

/** What the exchange needs of the kernel and of other modules (their exports fit). */

export interface AuditEntryInput {
  actor: string | null;
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
}

/** The kernel audit log's appenders (`createAuditLog` fits). */
export type AuditAppender = Pick<AuditLog, 'append' | 'claimQuery' | 'sealQueries'>;

/** What the exchange needs to know of a catalog resource. */
export interface CatalogResource {
  id: string;
  code: string;
  name: string;
  status: string;
  shareAttribute: string;
  grade: string;
  owner: { id: string; name: string; divisionCode: string };
  fields: Array<{ name: string; label: string; type: string; sensitivity: 'general' | 'important' | 'core' }>;
}

export interface CatalogLookup {
  getResource(idOrCode: string): Promise<CatalogResource | undefined>;
}

export interface OrganisationLookup {
  getOrganisation(principal: Principal, id: string): Promise<{ id: string; name: string; divisionCode: string }>;
}
