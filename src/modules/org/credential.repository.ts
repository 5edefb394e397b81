import { sql } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { OrgTables } from './org.tables.js';

export interface ApiKeyRow {
  id: string;
  name: string;
  organisationId: string;
  prefix: string;
  keyHash: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Sessions, API keys and failed-login records. */
export function createCredentialRepository(executor: Executor) {
  const db = tablesOf<OrgTables>(executor);
  const apiKeyColumns = [
    'id',
    'name',
    'organisation_id as organisationId',
    'prefix',
    'key_hash as keyHash',
    'scopes',
    'created_at as createdAt',
    'expires_at as expiresAt',
    'revoked_at as revokedAt',
    'last_used_at as lastUsedAt',
  ] as const;

  return {
    async createSession(session: { tokenHash: string; userId: string; expiresAt: Date; ip: string | null; userAgent: string | null }) {
      await db
        .insertInto('org_session')
        .values({ token_hash: session.tokenHash, user_id: session.userId, expires_at: session.expiresAt, ip: session.ip, user_agent: session.userAgent })
        .execute();
    },

    /** The user of a live session (not expired, user active). */
    async sessionUser(tokenHash: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('org_session as s')
        .innerJoin('org_user as u', 'u.id', 's.user_id')
        .select('s.user_id')
        .where('s.token_hash', '=', tokenHash)
        .where('s.expires_at', '>', new Date())
        .where('u.status', '=', 'active')
        .executeTakeFirst();
      return row?.user_id;
    },

    async deleteSession(tokenHash: string): Promise<void> {
      await db.deleteFrom('org_session').where('token_hash', '=', tokenHash).execute();
    },

    async deleteSessionsOf(userId: string): Promise<void> {
      await db.deleteFrom('org_session').where('user_id', '=', userId).execute();
    },

    async deleteExpiredSessions(): Promise<number> {
      const result = await db.deleteFrom('org_session').where('expires_at', '<', new Date()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async recordLoginFailure(subjects: string[]): Promise<void> {
      await db.insertInto('org_login_failure').values(subjects.map((subject) => ({ subject }))).execute();
    },

    /** Failures per subject since `since`, with the oldest of each (for Retry-After). */
    async loginFailures(subjects: string[], since: Date): Promise<Map<string, { count: number; oldest: Date }>> {
      const rows = await db
        .selectFrom('org_login_failure')
        .select(['subject', sql<number>`count(*)`.as('n'), sql<Date>`min(at)`.as('oldest')])
        .where('subject', 'in', subjects)
        .where('at', '>', since)
        .groupBy('subject')
        .execute();
      return new Map(rows.map((row) => [row.subject, { count: Number(row.n), oldest: new Date(row.oldest) }]));
    },

    async clearLoginFailures(subjects: string[]): Promise<void> {
      await db.deleteFrom('org_login_failure').where('subject', 'in', subjects).execute();
    },

    async pruneLoginFailures(before: Date): Promise<void> {
      await db.deleteFrom('org_login_failure').where('at', '<', before).execute();
    },

    async insertApiKey(key: { name: string; organisationId: string; prefix: string; keyHash: string; scopes: string[]; createdBy: string | null; expiresAt: Date | null }) {
      const row = await db
        .insertInto('org_api_key')
        .values({
          name: key.name,
          organisation_id: key.organisationId,
          prefix: key.prefix,
          key_hash: key.keyHash,
          scopes: key.scopes,
          created_by: key.createdBy,
          expires_at: key.expiresAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** The key with its organisation's division: what authentication needs, in one query. */
    async apiKeyByPrefix(prefix: string): Promise<(ApiKeyRow & { divisionCode: string }) | undefined> {
      return db
        .selectFrom('org_api_key as k')
        .innerJoin('org_organisation as o', 'o.id', 'k.organisation_id')
        .select([
          'k.id',
          'k.name',
          'k.organisation_id as organisationId',
          'k.prefix',
          'k.key_hash as keyHash',
          'k.scopes',
          'k.created_at as createdAt',
          'k.expires_at as expiresAt',
          'k.revoked_at as revokedAt',
          'k.last_used_at as lastUsedAt',
          'o.division_code as divisionCode',
        ])
        .where('k.prefix', '=', prefix)
        .executeTakeFirst();
    },

    async apiKey(id: string): Promise<ApiKeyRow | undefined> {
      return db.selectFrom('org_api_key').select(apiKeyColumns).where('id', '=', id).executeTakeFirst();
    },

    async listApiKeys(organisationIds: string[] | 'all'): Promise<ApiKeyRow[]> {
      let query = db.selectFrom('org_api_key').select(apiKeyColumns).orderBy('created_at', 'desc');
      if (organisationIds !== 'all') {
        if (organisationIds.length === 0) {
          return [];
        }
        query = query.where('organisation_id', 'in', organisationIds);
      }
      return query.execute();
    },

    async revokeApiKey(id: string): Promise<void> {
      await db.updateTable('org_api_key').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    },

    async touchApiKey(id: string): Promise<void> {
      await db.updateTable('org_api_key').set({ last_used_at: new Date() }).where('id', '=', id).execute();
    },

    async countApiKeys(): Promise<number> {
      const row = await db
        .selectFrom('org_api_key')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('revoked_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type CredentialRepository = ReturnType<typeof createCredentialRepository>;
