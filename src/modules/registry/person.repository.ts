import { sql, type RawBuilder, type Selectable } from 'kysely';
import { BLIND_INDEX_BYTES, SEAL_HEADER_BYTES, SEAL_TAG_BYTES, type FieldCipher, type SealLayout } from '../../kernel/crypto/field-cipher.js';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import { BinaryCopyWriter, FIELD_OVERHEAD, TUPLE_OVERHEAD } from './import/copy-binary.js';
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

/** The stored columns a {@link Person} is read from. */
export type PersonRowColumns = Omit<Selectable<RegistryTables['registry_person']>, 'id_number_bidx' | 'phone_bidx'>;

/** A stored person row as a {@link Person}, the ID number and phone decrypted. */
export function personFromRow(cipher: Pick<FieldCipher, 'decrypt'>, row: PersonRowColumns): Person {
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

const UPDATE_ALL = `id_number_enc = excluded.id_number_enc, name = excluded.name, sex = excluded.sex, birth_date = excluded.birth_date,
  ethnicity = excluded.ethnicity, household_division = excluded.household_division, address = excluded.address,
  phone_enc = excluded.phone_enc, phone_bidx = excluded.phone_bidx, status = excluded.status,
  source = excluded.source, updated_at = excluded.updated_at`;

/** The upsert of {@link PersonRepository.upsertMany} as one statement returning a row per person, to compose (the import adds its progress). */
export function upsertPersonsSql(p: EncodedPersons, source: string): RawBuilder<unknown> {
  return sql`
    insert into registry_person (id_number_bidx, id_number_enc, name, sex, birth_date, ethnicity, household_division, address, phone_enc, phone_bidx, status, source, updated_at)
    select b, e, n, s, d::date, et, hd, a, pe, pb, st, ${source}, now()
    from unnest(${p.bidx}::bytea[], ${p.enc}::bytea[], ${p.name}::text[], ${p.sex}::text[], ${p.birthDate}::text[], ${p.ethnicity}::text[],
      ${p.division}::text[], ${p.address}::text[], ${p.phoneEnc}::bytea[], ${p.phoneBidx}::bytea[], ${p.status}::text[])
      as u(b, e, n, s, d, et, hd, a, pe, pb, st)
    on conflict (id_number_bidx) do update set ${sql.raw(UPDATE_ALL)}
    returning 1`;
}

const COPY_COLUMNS = 'id_number_bidx, id_number_enc, name, sex, birth_date, ethnicity, household_division, address, phone_enc, phone_bidx, status, source';
const COPY_FIELDS = 12;
const SEALED_EXTRA = SEAL_HEADER_BYTES + SEAL_TAG_BYTES;
const constant = (text: string) => Buffer.from(text, 'utf8');
const SEX_BYTES: Record<Sex, Buffer> = { male: constant('male'), female: constant('female') };
const STATUS_BYTES: Record<PersonStatus, Buffer> = { 正常: constant('正常'), 迁出: constant('迁出'), 死亡: constant('死亡') };

/** Loads binary COPY data of {@link layOutPersonsCopy} into the table; fails on a person already there. */
export const COPY_PERSONS = `copy registry_person (${COPY_COLUMNS}) from stdin (format binary)`;
/** A staging table for persons some of whom may be there already; see {@link upsertStagedPersonsSql}. */
export const CREATE_PERSONS_STAGE = 'create temporary table registry_person_stage (like registry_person including defaults) on commit drop';
export const COPY_PERSONS_TO_STAGE = `copy registry_person_stage (${COPY_COLUMNS}) from stdin (format binary)`;

/**
 * Persons as binary COPY data for {@link COPY_PERSONS}, `updated_at` left to its default,
 * with ID numbers and phones in clear where their ciphertexts go and room for their blind
 * indexes: `cipher.sealLaidOut(data, layouts)` (or a seal worker) completes it. Rows must
 * have distinct ID numbers.
 */
export function layOutPersonsCopy(rows: readonly PersonInput[], source: string): { data: Buffer; layouts: SealLayout[] } {
  const sourceBytes = constant(source);
  let capacity = 0;
  for (const r of rows) {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; 8 covers the date and the longest constant.
    const text = r.idNumber.length + r.name.length + (r.ethnicity?.length ?? 0) + r.householdDivision.length + (r.address?.length ?? 0) + (r.phone?.length ?? 0);
    capacity += TUPLE_OVERHEAD + COPY_FIELDS * FIELD_OVERHEAD + 2 * (BLIND_INDEX_BYTES + SEALED_EXTRA) + 3 * text + 3 * 8 + sourceBytes.length;
  }
  const out = new BinaryCopyWriter(capacity);
  const ids = sealLayout(PERSON_AAD.idNumber, rows.length);
  const phones = sealLayout(PERSON_AAD.phone, rows.length);
  const sealed = (layout: SealLayout, value: string) => {
    layout.at[layout.count] = out.offset + FIELD_OVERHEAD;
    layout.lengths[layout.count] = out.textWithRoom(SEAL_HEADER_BYTES, value, SEAL_TAG_BYTES);
  };
  for (const r of rows) {
    out.tuple(COPY_FIELDS);
    ids.indexAt[ids.count] = out.room(BLIND_INDEX_BYTES);
    sealed(ids, r.idNumber);
    ids.count++;
    out.text(r.name);
    out.bytes(SEX_BYTES[r.sex]);
    out.date(r.birthDate);
    out.text(r.ethnicity);
    out.text(r.householdDivision);
    out.text(r.address);
    if (r.phone === null) {
      out.null();
      out.null();
    } else {
      sealed(phones, r.phone);
      phones.indexAt[phones.count++] = out.room(BLIND_INDEX_BYTES);
    }
    out.bytes(STATUS_BYTES[r.status]);
    out.bytes(sourceBytes);
  }
  return { data: out.finish(), layouts: [ids, phones] };
}

const sealLayout = (aad: string, capacity: number): SealLayout => ({ aad, count: 0, at: new Int32Array(capacity), lengths: new Int32Array(capacity), indexAt: new Int32Array(capacity) });

/** Upserts the staged persons (see {@link CREATE_PERSONS_STAGE}), returning a row per person, like {@link upsertPersonsSql}. */
export function upsertStagedPersonsSql(): RawBuilder<unknown> {
  return sql`
    insert into registry_person (${sql.raw(COPY_COLUMNS)}, updated_at)
    select ${sql.raw(COPY_COLUMNS)}, updated_at from registry_person_stage
    on conflict (id_number_bidx) do update set ${sql.raw(UPDATE_ALL)}
    returning 1`;
}

export function createPersonRepository(executor: Executor, cipher: FieldCipher) {
  const db = tablesOf<RegistryTables>(executor);
  const persons = () =>
    db
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
      ]);
  type PersonRow = Awaited<ReturnType<ReturnType<typeof persons>['executeTakeFirstOrThrow']>>;
  const personOf = (row: PersonRow): Person => personFromRow(cipher, row);
  async function getOne(idNumber: string): Promise<Person | undefined> {
    const row = await persons().where('id_number_bidx', '=', cipher.blindIndex(idNumber)).executeTakeFirst();
    return row ? personOf(row) : undefined;
  }

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

    getByIdNumber: getOne,

    /** Persons by normalised ID numbers, in one query; undefined where not registered. */
    async getByIdNumbers(idNumbers: readonly string[]): Promise<Array<Person | undefined>> {
      if (idNumbers.length === 1) {
        return [await getOne(idNumbers[0]!)];
      }
      const indexes = idNumbers.map((id) => cipher.blindIndex(id));
      const rows = idNumbers.length === 0 ? [] : await persons().select('id_number_bidx').where('id_number_bidx', 'in', indexes).execute();
      // PGlite hands bytea back as a Uint8Array, pg as a Buffer.
      const found = new Map(rows.map((row) => [Buffer.from(row.id_number_bidx).toString('hex'), row]));
      return indexes.map((index) => {
        const row = found.get(index.toString('hex'));
        return row ? personOf(row) : undefined;
      });
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
