import { sql } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import { escapeLike } from './division.repository.js';
import type { OrgTables } from './org.tables.js';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  organisationId: string | null;
  organisationName: string | null;
  divisionCode: string;
  divisionName: string;
  locale: 'zh-CN' | 'en-US';
  status: 'active' | 'disabled';
  version: number;
  lastLoginAt: Date | null;
  roles: string[];
}

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
  organisationId: string | null;
  divisionCode: string;
  locale?: 'zh-CN' | 'en-US';
  roles: string[];
}

export function createUserRepository(executor: Executor) {
  const db = tablesOf<OrgTables>(executor);
  const base = () =>
    db
      .selectFrom('org_user as u')
      .innerJoin('org_division as d', 'd.code', 'u.division_code')
      .leftJoin('org_organisation as o', 'o.id', 'u.organisation_id')
      .select([
        'u.id',
        'u.username',
        'u.display_name as displayName',
        'u.organisation_id as organisationId',
        'o.name as organisationName',
        'u.division_code as divisionCode',
        'd.name as divisionName',
        'u.locale',
        'u.status',
        'u.version',
        'u.last_login_at as lastLoginAt',
        sql<string[]>`coalesce((select array_agg(r.role_code order by r.role_code) from org_user_role r where r.user_id = u.id), '{}')`.as('roles'),
      ]);

  return {
    async get(id: string): Promise<UserRow | undefined> {
      return base().where('u.id', '=', id).executeTakeFirst();
    },

    async getByUsername(username: string): Promise<UserRow | undefined> {
      return base().where('u.username', '=', username.toLowerCase()).executeTakeFirst();
    },

    async passwordHashOf(username: string): Promise<{ id: string; passwordHash: string; status: string } | undefined> {
      return db
        .selectFrom('org_user')
        .select(['id', 'password_hash as passwordHash', 'status'])
        .where('username', '=', username.toLowerCase())
        .executeTakeFirst();
    },

    async list(filter: { regionPrefix: string; q?: string; offset: number; limit: number }) {
      let query = base().where('u.division_code', 'like', `${filter.regionPrefix}%`);
      if (filter.q) {
        const q = `%${escapeLike(filter.q.toLowerCase())}%`;
        query = query.where((eb) => eb.or([eb('u.username', 'like', q), eb('u.display_name', 'like', `%${escapeLike(filter.q!)}%`)]));
      }
      const [items, count] = await Promise.all([
        query.orderBy('u.username').offset(filter.offset).limit(filter.limit).execute(),
        query.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },

    async count(regionPrefix: string): Promise<number> {
      const row = await db
        .selectFrom('org_user')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('division_code', 'like', `${regionPrefix}%`)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Inserts a user with roles; returns undefined when the username is taken. */
    async insert(user: NewUser): Promise<string | undefined> {
      const row = await db
        .insertInto('org_user')
        .values({
          username: user.username.toLowerCase(),
          display_name: user.displayName,
          password_hash: user.passwordHash,
          organisation_id: user.organisationId,
          division_code: user.divisionCode,
          locale: user.locale ?? 'zh-CN',
        })
        .onConflict((oc) => oc.column('username').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) {
        return undefined;
      }
      await this.setRoles(row.id, user.roles);
      return row.id;
    },

    async setRoles(userId: string, roles: string[]): Promise<void> {
      await db.deleteFrom('org_user_role').where('user_id', '=', userId).execute();
      if (roles.length > 0) {
        await db.insertInto('org_user_role').values(roles.map((role_code) => ({ user_id: userId, role_code }))).execute();
      }
    },

    /** Applies a change only if the row still has `version`; returns false on a concurrent edit. */
    async update(
      id: string,
      version: number,
      change: { displayName?: string; status?: 'active' | 'disabled'; locale?: 'zh-CN' | 'en-US'; passwordHash?: string },
    ): Promise<boolean> {
      const result = await db
        .updateTable('org_user')
        .set({
          ...(change.displayName !== undefined ? { display_name: change.displayName } : {}),
          ...(change.status !== undefined ? { status: change.status } : {}),
          ...(change.locale !== undefined ? { locale: change.locale } : {}),
          ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash, password_changed_at: new Date() } : {}),
          version: sql`version + 1`,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async namesOf(ids: string[]): Promise<Array<{ id: string; username: string; displayName: string }>> {
      const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
      if (uuids.length === 0) {
        return [];
      }
      return db.selectFrom('org_user').select(['id', 'username', 'display_name as displayName']).where('id', 'in', uuids).execute();
    },

    async countActiveWithRole(role: string): Promise<number> {
      const row = await db
        .selectFrom('org_user as u')
        .innerJoin('org_user_role as r', 'r.user_id', 'u.id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('r.role_code', '=', role)
        .where('u.status', '=', 'active')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async touchLogin(id: string): Promise<void> {
      await db.updateTable('org_user').set({ last_login_at: new Date() }).where('id', '=', id).execute();
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
