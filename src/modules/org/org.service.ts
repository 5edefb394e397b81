import { hasPermission, regionPrefix, type Principal } from '../../kernel/auth/index.js';
import type { Db, Executor } from '../../kernel/db/index.js';
import { divisionPrefix, parseCreditCode } from '../../kernel/identifiers/index.js';
import { createDivisionRepository, type DivisionRow } from './division.repository.js';
import {
  DivisionNotFound,
  InvalidCreditCode,
  OrganisationExists,
  OrganisationNotFound,
  OutsideRegion,
  RoleNotFound,
  RoleNotGrantable,
  UsernameTaken,
  UserNotFound,
  UserVersionConflict,
} from './org.errors.js';
import type { OrganisationKind } from './org.tables.js';
import { createOrganisationRepository } from './organisation.repository.js';
import { checkPasswordStrength, hashPassword } from './passwords.js';
import { createRoleRepository } from './role.repository.js';
import { createUserRepository } from './user.repository.js';

/** What the org module needs of the audit log (the kernel's AuditLog fits). */
export interface AuditAppender {
  append(
    executor: Executor,
    entry: { actor: string | null; action: string; target?: string | null; details?: unknown; ip?: string | null },
  ): Promise<unknown>;
}

export interface Page {
  page: number;
  pageSize: number;
}

const offsetOf = (p: Page) => (p.page - 1) * p.pageSize;
const actorOf = (p: Principal) => `${p.kind === 'user' ? 'user' : 'apikey'}:${p.id}`;

function assertWithinRegion(principal: Principal, divisionCode: string): void {
  if (!divisionCode.startsWith(regionPrefix(principal))) {
    throw OutsideRegion({ divisionCode });
  }
}

/** Divisions, organisations, users and roles; every list is cut to the caller's region. */
export function createOrgService(deps: { db: Db; audit: AuditAppender }) {
  const { db, audit } = deps;
  const divisions = createDivisionRepository(db);
  const organisations = createOrganisationRepository(db);
  const users = createUserRepository(db);
  const roles = createRoleRepository(db);

  async function assertGrantable(principal: Principal, roleCodes: string[]): Promise<void> {
    const known = new Map((await roles.list()).map((role) => [role.code, role]));
    for (const code of roleCodes) {
      const role = known.get(code);
      if (!role) {
        throw RoleNotFound({ role: code });
      }
      if (!role.permissions.every((permission) => hasPermission(principal, permission) && (permission !== '*' || principal.permissions.has('*')))) {
        throw RoleNotGrantable({ role: code });
      }
    }
  }

  return {
    getDivision: divisions.get,
    listDivisions: (filter: { parentCode?: string | null; q?: string } & Page) =>
      divisions.list({ ...filter, offset: offsetOf(filter), limit: filter.pageSize }),
    async divisionPath(code: string): Promise<DivisionRow[]> {
      const path: DivisionRow[] = [];
      let current = await divisions.get(code);
      while (current) {
        path.unshift(current);
        current = current.parentCode ? await divisions.get(current.parentCode) : undefined;
      }
      return path;
    },
    countDivisions: (principal: Principal) => divisions.countByLevel(regionPrefix(principal)),
    countDivisionsUnder: (code: string) => divisions.countByLevel(divisionPrefix(code)),

    listOrganisations: (principal: Principal, filter: { q?: string; kind?: OrganisationKind } & Page) =>
      organisations.list({ ...filter, regionPrefix: regionPrefix(principal), offset: offsetOf(filter), limit: filter.pageSize }),
    async getOrganisation(principal: Principal, id: string) {
      const organisation = await organisations.get(id);
      if (!organisation || !organisation.divisionCode.startsWith(regionPrefix(principal))) {
        throw OrganisationNotFound();
      }
      return organisation;
    },
    getOrganisationByCode: organisations.getByCode,
    countOrganisations: (principal: Principal) => organisations.countByKind(regionPrefix(principal)),

    async createOrganisation(
      principal: Principal,
      input: { code: string; name: string; shortName?: string; kind: OrganisationKind; divisionCode: string; parentId?: string; creditCode?: string },
    ) {
      assertWithinRegion(principal, input.divisionCode);
      if (!(await divisions.get(input.divisionCode))) {
        throw DivisionNotFound({ divisionCode: input.divisionCode });
      }
      let creditCode: string | null = null;
      if (input.creditCode) {
        const parsed = parseCreditCode(input.creditCode);
        if (!parsed.ok) {
          throw InvalidCreditCode({ errors: parsed.errors });
        }
        creditCode = parsed.value.code;
      }
      if (input.parentId) {
        await this.getOrganisation(principal, input.parentId);
      }
      return db.transaction().execute(async (trx) => {
        const id = await createOrganisationRepository(trx).insert({ ...input, creditCode });
        if (!id) {
          throw OrganisationExists();
        }
        await audit.append(trx, { actor: actorOf(principal), action: 'org.organisation.create', target: `organisation:${id}`, details: input });
        return (await createOrganisationRepository(trx).get(id))!;
      });
    },

    listUsers: (principal: Principal, filter: { q?: string } & Page) =>
      users.list({ ...filter, regionPrefix: regionPrefix(principal), offset: offsetOf(filter), limit: filter.pageSize }),
    countUsers: (principal: Principal) => users.count(regionPrefix(principal)),
    async getUser(principal: Principal, id: string) {
      const user = await users.get(id);
      if (!user || !user.divisionCode.startsWith(regionPrefix(principal))) {
        throw UserNotFound();
      }
      return user;
    },

    /**
     * Creates a user inside the caller's region with roles the caller could hold itself.
     * `principal` null means the platform itself: the operator at the console
     * (`yiwang user create`, actor `system:cli`) or the demo loader (`system:demo`).
     */
    async createUser(
      principal: Principal | null,
      input: { username: string; displayName: string; password: string; organisationId?: string | null; divisionCode?: string; roles: string[]; locale?: 'zh-CN' | 'en-US' },
      systemActor = 'system:cli',
    ) {
      checkPasswordStrength(input.password);
      let divisionCode = input.divisionCode;
      if (input.organisationId) {
        const organisation = await organisations.get(input.organisationId);
        if (!organisation) {
          throw OrganisationNotFound();
        }
        divisionCode ??= organisation.divisionCode;
      }
      if (!divisionCode || !(await divisions.get(divisionCode))) {
        throw DivisionNotFound({ divisionCode: divisionCode ?? null });
      }
      if (principal) {
        assertWithinRegion(principal, divisionCode);
        await assertGrantable(principal, input.roles);
      } else if (input.roles.some((code) => !code)) {
        throw RoleNotFound();
      }
      const passwordHash = await hashPassword(input.password);
      return db.transaction().execute(async (trx) => {
        const id = await createUserRepository(trx).insert({
          username: input.username,
          displayName: input.displayName,
          passwordHash,
          organisationId: input.organisationId ?? null,
          divisionCode: divisionCode!,
          roles: input.roles,
          ...(input.locale ? { locale: input.locale } : {}),
        });
        if (!id) {
          throw UsernameTaken({ username: input.username });
        }
        await audit.append(trx, {
          actor: principal ? actorOf(principal) : systemActor,
          action: 'org.user.create',
          target: `user:${id}`,
          details: { username: input.username.toLowerCase(), roles: input.roles, divisionCode },
        });
        return (await createUserRepository(trx).get(id))!;
      });
    },

    /** Changes a user if nobody else changed it since `version` (else 409). */
    async updateUser(
      principal: Principal,
      id: string,
      input: { version: number; displayName?: string; status?: 'active' | 'disabled'; roles?: string[]; locale?: 'zh-CN' | 'en-US'; password?: string },
    ) {
      const user = await this.getUser(principal, id);
      if (input.roles) {
        await assertGrantable(principal, input.roles);
      }
      if (input.password !== undefined) {
        checkPasswordStrength(input.password);
      }
      const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
      return db.transaction().execute(async (trx) => {
        const repo = createUserRepository(trx);
        const changed = await repo.update(id, input.version, {
          ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
          ...(input.status !== undefined ? { status: input.status } : {}),
          ...(input.locale !== undefined ? { locale: input.locale } : {}),
          ...(passwordHash !== undefined ? { passwordHash } : {}),
        });
        if (!changed) {
          throw UserVersionConflict({ currentVersion: user.version });
        }
        if (input.roles) {
          await repo.setRoles(id, input.roles);
        }
        const { password: _secret, ...logged } = input;
        await audit.append(trx, {
          actor: actorOf(principal),
          action: 'org.user.update',
          target: `user:${id}`,
          details: { ...logged, passwordChanged: input.password !== undefined },
        });
        return (await repo.get(id))!;
      });
    },

    listRoles: roles.list,
    /** Display names for audit actors of the form `user:<id>`. */
    async actorNames(actors: string[]): Promise<Map<string, string>> {
      const ids = actors.filter((a) => a.startsWith('user:')).map((a) => a.slice('user:'.length));
      const rows = await users.namesOf(ids);
      return new Map(rows.map((row) => [`user:${row.id}`, `${row.displayName}（${row.username}）`]));
    },
    /** True when an active platform administrator exists (a production start requires one). */
    hasActiveAdministrator: async () => (await users.countActiveWithRole('platform_admin')) > 0,
  };
}

export type OrgService = ReturnType<typeof createOrgService>;
