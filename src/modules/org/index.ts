import type { Authenticator } from '../../kernel/auth/index.js';
import type { Db } from '../../kernel/db/index.js';
import type { ModuleRoutes } from '../../kernel/http/index.js';
import { createAuthService, type AuthService, type AuthSettings } from './auth.service.js';
import { orgRoutes } from './org.routes.js';
import { seedDemoOrg, seedReferenceData } from './org.seed.js';
import { createOrgService, type AuditAppender, type OrgService } from './org.service.js';

export { BUILTIN_ROLES, OrgPermissions, type BuiltinRole } from './org.permissions.js';
export type { AuthService } from './auth.service.js';
export type { OrgService, AuditAppender } from './org.service.js';
export type { DivisionRow } from './division.repository.js';
export type { OrganisationRow } from './organisation.repository.js';
export type { UserRow } from './user.repository.js';
export { readDemoOrg } from './org.seed.js';

export interface OrgModule extends ModuleRoutes {
  readonly service: OrgService;
  readonly auth: AuthService;
  readonly authenticator: Authenticator;
  /** Divisions of Hubei and the built-in roles; run at every start (cheap when unchanged). */
  seedReferenceData(): Promise<{ divisions: number }>;
  /** The Ezhou demo: government, departments, one user per role. */
  seedDemo(): Promise<{ organisations: number; usersCreated: string[] }>;
}

/**
 * Divisions, organisations, users, roles, sessions and API keys.
 * Wire by hand: `createOrgModule({ db, audit, settings })`.
 */
export function createOrgModule(deps: { db: Db; audit: AuditAppender; settings: AuthSettings & { secureCookies: boolean } }): OrgModule {
  const service = createOrgService(deps);
  const auth = createAuthService(deps);
  return {
    name: 'org',
    service,
    auth,
    authenticator: { fromSessionToken: auth.fromSessionToken, fromApiKey: auth.fromApiKey },
    routes: orgRoutes({ org: service, auth, secureCookies: deps.settings.secureCookies, sessionTtlHours: deps.settings.sessionTtlHours }),
    seedReferenceData: () => seedReferenceData(deps.db),
    seedDemo: () => seedDemoOrg(deps.db, service),
  };
}
