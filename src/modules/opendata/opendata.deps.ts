import type { AuditLog } from '../../kernel/audit/index.js';
import type { Principal } from '../../kernel/auth/index.js';
import type { Db } from '../../kernel/db/index.js';
import { searchVectorLiteral } from '../../kernel/text/index.js';
import type { CatalogService, Resource } from '../catalog/index.js';
import type { AuthService, OrgService } from '../org/index.js';
import { themeOf } from './opendata.model.js';

/** What the open-data module needs from the rest of the platform; wired in src/platform.ts. */
export interface OpendataDeps {
  db: Db;
  audit: Pick<AuditLog, 'append'>;
  catalog: {
    /** A resource by id or code, whatever its status. */
    getResource(idOrCode: string): Promise<Resource | undefined>;
    service: Pick<CatalogService, 'search'>;
  };
  org: Pick<OrgService, 'getDivision'>;
  /** Issues the API key of an approved application (org module). */
  apiKeys: Pick<AuthService, 'createApiKey' | 'revokeApiKey' | 'userPrincipal'>;
  /** The time; injectable so that a test can move past a promised update. */
  clock: () => Date;
}

/** The day of `at` in China Standard Time (UTC+8), e.g. 2026-12-05: the unit of the use counters. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The principal's own organisation id, or undefined for a platform administrator (whole region). */
export function ownScope(principal: Principal): { ownerId?: string } {
  return principal.permissions.has('*') || principal.organisationId === null ? {} : { ownerId: principal.organisationId };
}

/** The tsvector literal of a dataset: title A; tags, theme, fields B; description, owner, area C; name D. */
export function datasetSearchVector(d: {
  title: string;
  tags: readonly string[];
  theme: string;
  fields: ReadonlyArray<{ label: string; name: string }>;
  description: string;
  ownerName: string;
  spatialName: string;
  name: string;
}): string {
  return searchVectorLiteral({
    A: [d.title],
    B: [...d.tags, themeOf(d.theme)?.name ?? d.theme, ...d.fields.map((f) => f.label)],
    C: [d.description, d.ownerName, d.spatialName],
    D: [d.name],
  });
}
