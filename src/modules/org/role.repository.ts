import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { BuiltinRole } from './org.permissions.js';
import type { OrgTables } from './org.tables.js';

export interface RoleRow {
  code: string;
  name: string;
  nameEn: string;
  permissions: string[];
}

export function createRoleRepository(executor: Executor) {
  const db = tablesOf<OrgTables>(executor);
  return {
    async list(): Promise<RoleRow[]> {
      const roles = await db.selectFrom('org_role').select(['code', 'name', 'name_en as nameEn']).orderBy('code').execute();
      const grants = await db.selectFrom('org_role_permission').select(['role_code', 'permission']).execute();
      return roles.map((role) => ({
        ...role,
        permissions: grants.filter((g) => g.role_code === role.code).map((g) => g.permission).sort(),
      }));
    },

    async permissionsOf(roleCodes: readonly string[]): Promise<string[]> {
      if (roleCodes.length === 0) {
        return [];
      }
      const rows = await db.selectFrom('org_role_permission').select('permission').distinct().where('role_code', 'in', roleCodes).execute();
      return rows.map((row) => row.permission);
    },

    /** Makes the built-in roles match the code (names and permissions). */
    async syncBuiltin(roles: readonly BuiltinRole[]): Promise<void> {
      for (const role of roles) {
        await db
          .insertInto('org_role')
          .values({ code: role.code, name: role.name, name_en: role.nameEn, builtin: true })
          .onConflict((oc) => oc.column('code').doUpdateSet({ name: role.name, name_en: role.nameEn, builtin: true }))
          .execute();
        await db.deleteFrom('org_role_permission').where('role_code', '=', role.code).execute();
        if (role.permissions.length > 0) {
          await db
            .insertInto('org_role_permission')
            .values(role.permissions.map((permission) => ({ role_code: role.code, permission })))
            .execute();
        }
      }
    },
  };
}

export type RoleRepository = ReturnType<typeof createRoleRepository>;
