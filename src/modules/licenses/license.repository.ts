import { sql, type Insertable, type Selectable } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { LicensesTables, LicenseStatus, TypeField } from './licenses.tables.js';

type LicenseTable = LicensesTables['licenses_license'];
export type LicenseRow = Omit<Selectable<LicenseTable>, 'content_enc' | 'signature' | 'holder_index'> & {
  content_enc: Uint8Array;
  signature: Uint8Array;
};
export type LicenseSummaryRow = Omit<LicenseRow, 'content_enc' | 'signature'>;
export type TypeRow = Selectable<LicensesTables['licenses_type']>;
export type TypeInput = Omit<Insertable<LicensesTables['licenses_type']>, 'fields' | 'created_at' | 'updated_at'> & { fields: TypeField[] };

export interface LicenseFilter {
  /** LIKE prefix of the jurisdiction: the caller's region (licenses of other cities recorded here are visible to all). */
  regionPrefix: string;
  /** Matches identifier, number or holder name (substring), case-insensitive. */
  q?: string | undefined;
  typeCode?: string | undefined;
  status?: LicenseStatus | undefined;
  origin?: 'local' | 'foreign' | undefined;
  /** Blind index of a holder code: that holder's licenses only. */
  holderIndex?: Buffer | undefined;
  limit: number;
  offset: number;
}

const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Kysely queries over license types and licenses; plain rows out. */
export function createLicenseRepository(executor: Executor) {
  const db = tablesOf<LicensesTables>(executor);
  const summaryColumns = [
    'id', 'identifier', 'origin', 'type_code', 'type_name', 'number', 'name', 'holder_name', 'holder_code_type', 'holder_code_masked',
    'issuer_name', 'issuer_code', 'related_item_code', 'related_item_name', 'jurisdiction', 'key_fingerprint', 'status', 'revoked_at',
    'revoked_by', 'revoke_reason', 'recorded_by', 'created_at',
  ] as const;
  const summaries = () =>
    db
      .selectFrom('licenses_license')
      .select(summaryColumns)
      .select([day('issued_on').as('issued_on'), day('valid_from').as('valid_from'), sql<string | null>`to_char(valid_to, 'YYYY-MM-DD')`.as('valid_to')]);
  const full = () => summaries().select(['content_enc', 'signature']);

  return {
    nextSerial: async (): Promise<number> => Number((await sql<{ n: string | number }>`select nextval('licenses_serial_seq') as n`.execute(executor)).rows[0]!.n),
    async insert(row: Insertable<LicenseTable>): Promise<string> {
      const { id } = await db.insertInto('licenses_license').values(row).returning('id').executeTakeFirstOrThrow();
      return id;
    },
    /** Inserts a license unless its identifier is already recorded; the id either way, and whether it was new. */
    async insertIfAbsent(row: Insertable<LicenseTable>): Promise<{ id: string; created: boolean }> {
      const inserted = await db.insertInto('licenses_license').values(row).onConflict((c) => c.column('identifier').doNothing()).returning('id').executeTakeFirst();
      if (inserted) {
        return { id: inserted.id, created: true };
      }
      const existing = await db.selectFrom('licenses_license').select('id').where('identifier', '=', row.identifier).executeTakeFirstOrThrow();
      return { id: existing.id, created: false };
    },
    get: (id: string): Promise<LicenseRow | undefined> => full().where('id', '=', id).executeTakeFirst() as Promise<LicenseRow | undefined>,
    getByIdentifier: (identifier: string): Promise<LicenseRow | undefined> =>
      full().where('identifier', '=', identifier).executeTakeFirst() as Promise<LicenseRow | undefined>,
    /** Newest first; only of `typeCodes` when given. */
    listByHolder(holderIndex: Buffer, typeCodes?: readonly string[]): Promise<LicenseRow[]> {
      let query = full().where('holder_index', '=', holderIndex);
      if (typeCodes) {
        if (typeCodes.length === 0) {
          return Promise.resolve([]);
        }
        query = query.where('type_code', 'in', typeCodes);
      }
      return query.orderBy('issued_on', 'desc').orderBy('created_at', 'desc').execute() as Promise<LicenseRow[]>;
    },
    existsForHolder: async (holderIndex: Buffer, typeCode: string): Promise<boolean> =>
      (await db.selectFrom('licenses_license').select('id').where('holder_index', '=', holderIndex).where('type_code', '=', typeCode).executeTakeFirst()) !== undefined,
    async search(filter: LicenseFilter): Promise<{ items: LicenseSummaryRow[]; total: number }> {
      let query = db
        .selectFrom('licenses_license')
        .where((eb) => eb.or([eb('jurisdiction', 'like', `${likeEscape(filter.regionPrefix)}%`), eb('origin', '=', 'foreign')]));
      if (filter.q) {
        const pattern = `%${likeEscape(filter.q)}%`;
        query = query.where((eb) => eb.or([eb('identifier', 'ilike', pattern), eb('number', 'ilike', pattern), eb('holder_name', 'ilike', pattern)]));
      }
      if (filter.typeCode) {
        query = query.where('type_code', '=', filter.typeCode);
      }
      if (filter.status) {
        query = query.where('status', '=', filter.status);
      }
      if (filter.holderIndex) {
        query = query.where('holder_index', '=', filter.holderIndex);
      }
      if (filter.origin) {
        query = query.where('origin', '=', filter.origin);
      }
      const [{ total }, items] = await Promise.all([
        query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
        query
          .select(summaryColumns)
          .select([day('issued_on').as('issued_on'), day('valid_from').as('valid_from'), sql<string | null>`to_char(valid_to, 'YYYY-MM-DD')`.as('valid_to')])
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
      ]);
      return { items: items as LicenseSummaryRow[], total: Number(total) };
    },
    /** Marks a valid license revoked; false when it was not valid (already revoked, or gone). */
    async revoke(id: string, change: { by: string; reason: string }): Promise<boolean> {
      const result = await db
        .updateTable('licenses_license')
        .set({ status: 'revoked', revoked_at: sql<Date>`now()`, revoked_by: change.by, revoke_reason: change.reason })
        .where('id', '=', id)
        .where('status', '=', 'valid')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async upsertType(input: TypeInput): Promise<void> {
      const values = { ...input, fields: JSON.stringify(input.fields) };
      const { code: _code, ...changes } = values;
      await db
        .insertInto('licenses_type')
        .values(values)
        .onConflict((c) => c.column('code').doUpdateSet({ ...changes, updated_at: sql<Date>`now()` }))
        .execute();
    },
    getType: (code: string): Promise<TypeRow | undefined> => db.selectFrom('licenses_type').selectAll().where('code', '=', code).executeTakeFirst(),
    listTypes: (): Promise<TypeRow[]> => db.selectFrom('licenses_type').selectAll().orderBy('name').orderBy('code').execute(),
  };
}

export type LicenseRepository = ReturnType<typeof createLicenseRepository>;
