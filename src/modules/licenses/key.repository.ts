import { sql, type Selectable } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { KeyScope, LicensesTables } from './licenses.tables.js';

export type KeyRow = Selectable<LicensesTables['licenses_key']>;

/** Queries over the keys whose license signatures are accepted. */
export function createKeyRepository(executor: Executor) {
  const db = tablesOf<LicensesTables>(executor);
  return {
    get: (fingerprint: string): Promise<KeyRow | undefined> => db.selectFrom('licenses_key').selectAll().where('fingerprint', '=', fingerprint).executeTakeFirst(),
    list: (scope?: KeyScope): Promise<KeyRow[]> => {
      let query = db.selectFrom('licenses_key').selectAll();
      if (scope) {
        query = query.where('scope', '=', scope);
      }
      return query.orderBy('scope').orderBy('added_at').execute();
    },
    /** Records a key; false when its fingerprint is already recorded (the row is left as it is). */
    async insertIfAbsent(row: { fingerprint: string; scope: KeyScope; cityName: string; divisionCode: string; publicKeyPem: string; addedBy: string | null }): Promise<boolean> {
      const inserted = await db
        .insertInto('licenses_key')
        .values({ fingerprint: row.fingerprint, scope: row.scope, city_name: row.cityName, division_code: row.divisionCode, public_key_pem: row.publicKeyPem, added_by: row.addedBy, revoked_at: null, revoked_by: null, revoke_reason: null })
        .onConflict((c) => c.column('fingerprint').doNothing())
        .returning('fingerprint')
        .executeTakeFirst();
      return inserted !== undefined;
    },
    async revoke(fingerprint: string, by: string, reason: string): Promise<boolean> {
      const result = await db
        .updateTable('licenses_key')
        .set({ revoked_at: sql<Date>`now()`, revoked_by: by, revoke_reason: reason })
        .where('fingerprint', '=', fingerprint)
        .where('scope', '=', 'trusted')
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
