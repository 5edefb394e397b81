import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.js';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { EntityInput } from './import/rows.js';
import type { CountRow } from './person.repository.js';
import type { EntityStatus, RegistryTables } from './registry.tables.js';

export const ENTITY_AAD = { legalRepIdNumber: 'registry_entity.legal_rep_id_number' } as const;

/** A legal entity with clear values. */
export interface LegalEntity {
  creditCode: string;
  name: string;
  /** The organisation type of the credit code (GB 32100), e.g. 企业, 个体工商户. */
  type: string;
  legalRepName: string | null;
  legalRepIdNumber: string | null;
  /** 万元. */
  registeredCapital: number | null;
  establishedOn: string | null;
  divisionCode: string;
  address: string | null;
  status: EntityStatus;
  source: string;
  updatedAt: Date;
}

/** A batch encrypted and laid out by column, ready for {@link EntityRepository.upsertMany}. */
export interface EncodedEntities {
  count: number;
  creditCode: string[];
  name: string[];
  type: string[];
  repName: Array<string | null>;
  repEnc: Array<Buffer | null>;
  repBidx: Array<Buffer | null>;
  capital: Array<string | null>;
  established: Array<string | null>;
  division: string[];
  address: Array<string | null>;
  status: string[];
}

export function encodeEntities(rows: readonly EntityInput[], cipher: FieldCipher): EncodedEntities {
  const repIds = rows.flatMap((r) => (r.legalRepIdNumber === null ? [] : [r.legalRepIdNumber]));
  const repEnc = cipher.encryptMany(repIds, ENTITY_AAD.legalRepIdNumber);
  let next = 0;
  return {
    count: rows.length,
    creditCode: rows.map((r) => r.creditCode),
    name: rows.map((r) => r.name),
    type: rows.map((r) => r.type),
    repName: rows.map((r) => r.legalRepName),
    repEnc: rows.map((r) => (r.legalRepIdNumber === null ? null : (repEnc[next++] as Buffer))),
    repBidx: rows.map((r) => (r.legalRepIdNumber === null ? null : cipher.blindIndex(r.legalRepIdNumber))),
    capital: rows.map((r) => r.registeredCapital),
    established: rows.map((r) => r.establishedOn),
    division: rows.map((r) => r.divisionCode),
    address: rows.map((r) => r.address),
    status: rows.map((r) => r.status),
  };
}

/** The upsert of {@link EntityRepository.upsertMany} as one statement returning a row per entity. */
export function upsertEntitiesSql(e: EncodedEntities, source: string): RawBuilder<unknown> {
  return sql`
    insert into registry_entity (credit_code, name, type, legal_rep_name, legal_rep_id_enc, legal_rep_id_bidx, registered_capital,
      established_on, division_code, address, status, source, updated_at)
    select c, n, t, rn, re, rb, cap::numeric, est::date, dc, a, st, ${source}, now()
    from unnest(${e.creditCode}::text[], ${e.name}::text[], ${e.type}::text[], ${e.repName}::text[], ${e.repEnc}::bytea[], ${e.repBidx}::bytea[],
      ${e.capital}::text[], ${e.established}::text[], ${e.division}::text[], ${e.address}::text[], ${e.status}::text[])
      as u(c, n, t, rn, re, rb, cap, est, dc, a, st)
    on conflict (credit_code) do update set
      name = excluded.name, type = excluded.type, legal_rep_name = excluded.legal_rep_name, legal_rep_id_enc = excluded.legal_rep_id_enc,
      legal_rep_id_bidx = excluded.legal_rep_id_bidx, registered_capital = excluded.registered_capital, established_on = excluded.established_on,
      division_code = excluded.division_code, address = excluded.address, status = excluded.status, source = excluded.source,
      updated_at = excluded.updated_at
    returning 1`;
}

/** The columns a {@link LegalEntity} is read from, as {@link entityFromRow} takes them. */
export function entityColumns() {
  return [
    'credit_code',
    'name',
    'type',
    'legal_rep_name',
    'legal_rep_id_enc',
    sql<string | null>`registered_capital::text`.as('registered_capital'),
    sql<string | null>`established_on::text`.as('established_on'),
    'division_code',
    'address',
    'status',
    'source',
    'updated_at',
  ] as const;
}

/** A row of {@link entityColumns} as a {@link LegalEntity}, the legal representative's ID number decrypted. */
export function entityFromRow(
  cipher: Pick<FieldCipher, 'decrypt'>,
  row: Omit<Selectable<RegistryTables['registry_entity']>, 'legal_rep_id_bidx'>,
): LegalEntity {
  return {
    creditCode: row.credit_code,
    name: row.name,
    type: row.type,
    legalRepName: row.legal_rep_name,
    legalRepIdNumber: row.legal_rep_id_enc ? cipher.decrypt(row.legal_rep_id_enc, ENTITY_AAD.legalRepIdNumber) : null,
    registeredCapital: row.registered_capital === null ? null : Number(row.registered_capital),
    establishedOn: row.established_on,
    divisionCode: row.division_code,
    address: row.address,
    status: row.status,
    source: row.source,
    updatedAt: new Date(row.updated_at),
  };
}

export function createEntityRepository(executor: Executor, cipher: FieldCipher) {
  const db = tablesOf<RegistryTables>(executor);

  return {
    /** Inserts or replaces entities by credit code; codes must be distinct within the call. */
    async upsertMany(rows: readonly EntityInput[] | EncodedEntities, source: string): Promise<void> {
      const encoded = 'length' in rows ? encodeEntities(rows, cipher) : rows;
      if (encoded.count > 0) {
        await upsertEntitiesSql(encoded, source).execute(db);
      }
    },

    async getByCreditCode(creditCode: string): Promise<LegalEntity | undefined> {
      const row = await db
        .selectFrom('registry_entity')
        .select(entityColumns())
        .where('credit_code', '=', creditCode)
        .executeTakeFirst();
      return row ? entityFromRow(cipher, row) : undefined;
    },

    /** Credit codes of the entities whose legal representative holds this ID number. */
    async creditCodesByLegalRep(idNumber: string): Promise<string[]> {
      const rows = await db
        .selectFrom('registry_entity')
        .select('credit_code')
        .where('legal_rep_id_bidx', '=', cipher.blindIndex(idNumber))
        .orderBy('credit_code')
        .execute();
      return rows.map((r) => r.credit_code);
    },

    async countBy(column: 'county' | 'type' | 'status', prefix: string): Promise<CountRow[]> {
      const key = column === 'county' ? sql`substr(division_code, 1, 6)` : sql.ref(column);
      const rows = await sql<{ code: string; n: number }>`
        select ${key} as code, count(*)::int as n from registry_entity
        where division_code like ${`${prefix}%`} group by 1 order by 1`.execute(db);
      return rows.rows.map((r) => ({ code: r.code, count: Number(r.n) }));
    },
  };
}

export type EntityRepository = ReturnType<typeof createEntityRepository>;
