import { sql } from 'kysely';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.js';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import { entityColumns, entityFromRow, type LegalEntity } from './entity.repository.js';
import { personFromRow, type Person } from './person.repository.js';
import type { EntityStatus, PersonStatus, RegistryTables } from './registry.tables.js';

/** What a scan of persons narrows to in SQL (every part optional). */
export interface PersonScanFilter {
  divisionPrefix?: string | undefined;
  status?: PersonStatus[] | undefined;
  /** Born on or before this day (YYYY-MM-DD): at least an age. */
  bornOnOrBefore?: string | undefined;
  /** Born on or after this day: at most an age. */
  bornOnOrAfter?: string | undefined;
}

export interface EntityScanFilter {
  divisionPrefix?: string | undefined;
  status?: EntityStatus[] | undefined;
  types?: string[] | undefined;
}

const like = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Pages through the registers in key order (the ID number's blind index, the credit code),
 * for rules that run over the whole register (免申即享). `after` is the `cursor` of the
 * previous page; values in clear, as the other lookups of the registry service.
 */
export function createRegistryScan(executor: Executor, cipher: FieldCipher) {
  const db = tablesOf<RegistryTables>(executor);
  return {
    async persons(filter: PersonScanFilter, page: { after?: string | null | undefined; limit: number }): Promise<{ items: Person[]; cursor: string | null }> {
      let query = db
        .selectFrom('registry_person')
        .select(['id_number_bidx', 'id_number_enc', 'name', 'sex', sql<string>`birth_date::text`.as('birth_date'), 'ethnicity', 'household_division', 'address', 'phone_enc', 'status', 'source', 'updated_at']);
      if (filter.divisionPrefix) {
        query = query.where('household_division', 'like', like(filter.divisionPrefix));
      }
      if (filter.status?.length) {
        query = query.where('status', 'in', filter.status);
      }
      if (filter.bornOnOrBefore) {
        query = query.where(sql<boolean>`birth_date <= ${filter.bornOnOrBefore}::date`);
      }
      if (filter.bornOnOrAfter) {
        query = query.where(sql<boolean>`birth_date >= ${filter.bornOnOrAfter}::date`);
      }
      if (page.after) {
        query = query.where('id_number_bidx', '>', Buffer.from(page.after, 'hex'));
      }
      const rows = await query.orderBy('id_number_bidx').limit(page.limit).execute();
      const items = rows.map((row) => personFromRow(cipher, row));
      return { items, cursor: rows.length < page.limit ? null : Buffer.from(rows.at(-1)!.id_number_bidx).toString('hex') };
    },

    async entities(filter: EntityScanFilter, page: { after?: string | null | undefined; limit: number }): Promise<{ items: LegalEntity[]; cursor: string | null }> {
      let query = db.selectFrom('registry_entity').select(entityColumns());
      if (filter.divisionPrefix) {
        query = query.where('division_code', 'like', like(filter.divisionPrefix));
      }
      if (filter.status?.length) {
        query = query.where('status', 'in', filter.status);
      }
      if (filter.types?.length) {
        query = query.where('type', 'in', filter.types);
      }
      if (page.after) {
        query = query.where('credit_code', '>', page.after);
      }
      const rows = await query.orderBy('credit_code').limit(page.limit).execute();
      const items = rows.map((row) => entityFromRow(cipher, row));
      return { items, cursor: rows.length < page.limit ? null : rows.at(-1)!.credit_code };
    },
  };
}
