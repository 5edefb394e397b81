import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFieldCipher } from '../../kernel/crypto/field-cipher.js';
import type { Database } from '../../kernel/db/index.js';
import { createTestDatabase } from '../../kernel/testing/test-database.js';
import { createEntityRepository } from './entity.repository.js';
import { checkFieldKeyFingerprint, createImportRunRepository } from './import-run.repository.js';
import type { PersonInput } from './import/rows.js';
import { createPersonRepository, PERSON_AAD } from './person.repository.js';

let database: Database;
const cipher = createFieldCipher(randomBytes(32));

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const person = (over: Partial<PersonInput> = {}): PersonInput => ({
  idNumber: '11010519491231002X',
  name: '张三丰',
  sex: 'female',
  birthDate: '1949-12-31',
  ethnicity: '汉族',
  householdDivision: '420704001',
  address: '鄂城区凤凰街道滨湖北路12号',
  phone: '13812345678',
  status: '正常',
  ...over,
});

describe('person repository', () => {
  it('stores ID numbers and phones only encrypted, finds a person by blind index and replaces on conflict', async () => {
    const persons = createPersonRepository(database.db, cipher);
    await persons.upsertMany([person(), person({ idNumber: '34052419800101001X', sex: 'male', birthDate: '1980-01-01', phone: null, ethnicity: null, address: null })], 'test');
    const found = await persons.getByIdNumber('11010519491231002X');
    expect(found).toMatchObject({ idNumber: '11010519491231002X', name: '张三丰', birthDate: '1949-12-31', phone: '13812345678', householdDivision: '420704001', source: 'test' });
    expect((await persons.getByIdNumber('34052419800101001X'))?.phone).toBeNull();
    expect(await persons.getByIdNumber('11010519491231003X')).toBeUndefined();

    const raw = await database.db.selectFrom('registry_person').selectAll().execute();
    const dump = JSON.stringify(raw.map((r) => Object.values(r).map((v) => (Buffer.isBuffer(v) || v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v))));
    expect(dump).not.toContain('11010519491231002X');
    expect(dump).not.toContain('13812345678');
    expect(cipher.decrypt(raw[0]!.id_number_enc as Uint8Array, PERSON_AAD.idNumber)).toMatch(/^[0-9]{17}[0-9X]$/);

    const many = await persons.getByIdNumbers(['34052419800101001X', '11010519491231003X', '11010519491231002X']);
    expect(many.map((p) => p?.idNumber)).toEqual(['34052419800101001X', undefined, '11010519491231002X']);
    expect(many[2]).toEqual(found);

    await persons.upsertMany([person({ name: '张三', status: '迁出' })], 'again');
    expect(await persons.getByIdNumber('11010519491231002X')).toMatchObject({ name: '张三', status: '迁出', source: 'again' });
    expect(await persons.countByCounty('4207')).toEqual([{ code: '420704', count: 2 }]);
    expect(await persons.countByStatus('4207')).toEqual([
      { code: '正常', count: 1 },
      { code: '迁出', count: 1 },
    ]);
  });
});

describe('entity repository', () => {
  it('round-trips an entity with its legal representative encrypted', async () => {
    const entities = createEntityRepository(database.db, cipher);
    await entities.upsertMany(
      [
        {
          creditCode: '91350100M000100Y43',
          name: '鄂州市华宇建材有限公司',
          type: '企业',
          legalRepName: '张三丰',
          legalRepIdNumber: '11010519491231002X',
          registeredCapital: '1200.5',
          establishedOn: '2015-06-01',
          divisionCode: '420704',
          address: '鄂城区凤凰街道',
          status: '存续',
        },
      ],
      'test',
    );
    expect(await entities.getByCreditCode('91350100M000100Y43')).toMatchObject({
      name: '鄂州市华宇建材有限公司',
      legalRepIdNumber: '11010519491231002X',
      registeredCapital: 1200.5,
      establishedOn: '2015-06-01',
    });
    expect(await entities.creditCodesByLegalRep('11010519491231002X')).toEqual(['91350100M000100Y43']);
    expect(await entities.countBy('type', '')).toEqual([{ code: '企业', count: 1 }]);
  });
});

describe('import runs and the field key', () => {
  it('opens one run per file content and resumes it; restart starts over', async () => {
    const runs = createImportRunRepository(database.db);
    const input = { kind: 'persons' as const, fileSha256: 'a'.repeat(64), fileName: 'p.csv', source: 'import:p.csv', restart: false };
    const run = await runs.open(input);
    await runs.advance(run.id, 5001, 4990);
    expect(await runs.open(input)).toMatchObject({ id: run.id, linesCommitted: 5001, rowsCommitted: 4990, status: 'running' });
    await runs.complete(run.id, 9000);
    expect(await runs.open(input)).toMatchObject({ status: 'completed', linesCommitted: 9000 });
    expect(await runs.open({ ...input, restart: true })).toMatchObject({ id: run.id, status: 'running', linesCommitted: 0, rowsCommitted: 0 });
  });

  it('records the first key fingerprint and refuses another', async () => {
    expect(await checkFieldKeyFingerprint(database.db, 'aaaa')).toEqual({ ok: true, recorded: 'aaaa' });
    expect(await checkFieldKeyFingerprint(database.db, 'aaaa')).toEqual({ ok: true, recorded: 'aaaa' });
    expect(await checkFieldKeyFingerprint(database.db, 'bbbb')).toEqual({ ok: false, recorded: 'aaaa' });
  });
});
