import { sql, type RawBuilder } from 'kysely';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.js';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { PersonInput } from './import/rows.js';
import type { PersonStatus, RegistryTables, Sex } from './registry.tables.js';

/** Associated data of the encrypted columns: a ciphertext decrypts only in its own column. */
export const PERSON_AAD = { idNumber: 'registry_person.id_number', phone: 'registry_person.phone' } as const;

/** A person with clear values, as the registry's service hands it out. */
export interface Person {
  idNumber: string;
  name: string;
  sex: Sex;
  birthDate: string;
  ethnicity: string | null;
  householdDivision: string;
  address: string | null;
  phone: string | null;
  status: PersonStatus;
  source: string;
  updatedAt: Date;
}

export interface CountRow {
  code: string;
  count: number;
}

/** A batch encrypted and laid out by column, ready for {@link PersonRepository.upsertMany}. */
export interface EncodedPersons {
  count: number;
  bidx: Buffer[];
  enc: Buffer[];
  name: string[];
  sex: string[];
  birthDate: string[];
  ethnicity: Array<string | null>;
  division: string[];
  address: Array<string | null>;
  phoneEnc: Array<Buffer | null>;
  phoneBidx: Array<Buffer | null>;
  status: string[];
}

/** The CPU half of an upsert (SM4 and blind indexes), so it can run while the database writes the previous batch. */
export function encodePersons(rows: readonly PersonInput[], cipher: FieldCipher): EncodedPersons {
  const ids = rows.map((r) => r.idNumber);
  const withPhone = rows.filter((r) => r.phone !== null);
  const phoneEnc = cipher.encryptMany(withPhone.map((r) => r.phone as string), PERSON_AAD.phone);
  let next = 0;
  return {
    count: rows.length,
    bidx: ids.map((id) => cipher.blindIndex(id)),
    enc: cipher.encryptMany(ids, PERSON_AAD.idNumber),
    name: rows.map((r) => r.name),
    sex: rows.map((r) => r.sex),
    birthDate: rows.map((r) => r.birthDate),
    ethnicity: rows.map((r) => r.ethnicity),
    division: rows.map((r) => r.householdDivision),
    address: rows.map((r) => r.address),
    phoneEnc: rows.map((r) => (r.phone === null ? null : (phoneEnc[next++] as Buffer))),
    phoneBidx: rows.map((r) => (r.phone === null ? null : cipher.blindIndex(r.phone))),
    status: rows.map((r) => r.status),
  };
}

/** The upsert of {@link PersonRepository.upsertMany} as one statement returning a row per person, to compose (the import adds its progress). */
export function upsertPersonsSql(p: EncodedPersons, source: string): RawBuilder<unknown> {
  return sql`
    insert into registry_person (id_number_bidx, id_number_enc, name, sex, birth_date, ethnicity, household_division, address, phone_enc, phone_bidx, status, source, updated_at)
    select b, e, n, s, d::date, et, hd, a, pe, pb, st, ${source}, now()
    from unnest(${p.bidx}::bytea[], ${p.enc}::bytea[], ${p.name}::text[], ${p.sex}::text[], ${p.birthDate}::text[], ${p.ethnicity}::text[],
      ${p.division}::text[], ${p.address}::text[], ${p.phoneEnc}::bytea[], ${p.phoneBidx}::bytea[], ${p.status}::text[])
      as u(b, e, n, s, d, et, hd, a, pe, pb, st)
    on conflict (id_number_bidx) do update set
      id_number_enc = excluded.id_number_enc, name = excluded.name, sex = excluded.sex, birth_date = excluded.birth_date,
      ethnicity = excluded.ethnicity, household_division = excluded.household_division, address = excluded.address,
      phone_enc = excluded.phone_enc, phone_bidx = excluded.phone_bidx, status = excluded.status,
      source = excluded.source, updated_at = excluded.updated_at
    returning 1`;
}

export function createPersonRepository(executor: Executor, cipher: FieldCipher) {
  const db = tablesOf<RegistryTables>(executor);

  return {
    /**
     * Inserts or replaces persons by their ID number's blind index, in one statement.
     * Rows must have distinct ID numbers (a statement may not touch a row twice).
     */
    async upsertMany(rows: readonly PersonInput[] | EncodedPersons, source: string): Promise<void> {
      const encoded = 'length' in rows ? encodePersons(rows, cipher) : rows;
      if (encoded.count > 0) {
        await upsertPersonsSql(encoded, source).execute(db);
      }
    },

    async getByIdNumber(idNumber: string): Promise<Person | undefined> {
      const row = await db
        .selectFrom('registry_person')
        .select([
          'id_number_enc',
          'name',
          'sex',
          sql<string>`birth_date::text`.as('birth_date'),
          'ethnicity',
          'household_division',
          'address',
          'phone_enc',
          'status',
          'source',
          'updated_at',
        ])
        .where('id_number_bidx', '=', cipher.blindIndex(idNumber))
        .executeTakeFirst();
      if (!row) {
        return undefined;
      }
      return {
        idNumber: cipher.decrypt(row.id_number_enc, PERSON_AAD.idNumber),
        name: row.name,
        sex: row.sex,
        birthDate: row.birth_date,
        ethnicity: row.ethnicity,
        householdDivision: row.household_division,
        address: row.address,
        phone: row.phone_enc ? cipher.decrypt(row.phone_enc, PERSON_AAD.phone) : null,
        status: row.status,
        source: row.source,
        updatedAt: new Date(row.updated_at),
      };
    },

    /** Persons by the 6-digit county code of their household division, under `prefix`. */
    async countByCounty(prefix: string): Promise<CountRow[]> {
      const rows = await sql<{ code: string; n: number }>`
        select substr(household_division, 1, 6) as code, count(*)::int as n from registry_person
        where household_division like ${`${prefix}%`} group by 1 order by 1`.execute(db);
      return rows.rows.map((r) => ({ code: r.code, count: Number(r.n) }));
    },

    async countByStatus(prefix: string): Promise<CountRow[]> {
      const rows = await sql<{ code: string; n: number }>`
        select status as code, count(*)::int as n from registry_person
        where household_division like ${`${prefix}%`} group by 1 order by 1`.execute(db);
      return rows.rows.map((r) => ({ code: r.code, count: Number(r.n) }));
    },
  };
}

export type PersonRepository = ReturnType<typeof createPersonRepository>;
