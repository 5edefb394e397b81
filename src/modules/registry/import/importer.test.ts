import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFieldCipher } from '../../../kernel/crypto/field-cipher.js';
import type { Database } from '../../../kernel/db/index.js';
import { createTestDatabase } from '../../../kernel/testing/test-database.js';
import { writeSyntheticPersons } from '../demo/demo.js';
import { createEntityRepository } from '../entity.repository.js';
import { createImportRunRepository } from '../import-run.repository.js';
import { createPersonRepository } from '../person.repository.js';
import { importFile, sha256File, type ImportOptions } from './importer.js';

let database: Database;
const cipher = createFieldCipher(randomBytes(32));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-importer-'));

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const run = (options: Omit<ImportOptions, 'kind'> & { kind?: ImportOptions['kind'] }) => importFile({ db: database.db, cipher, dataDir }, { kind: 'persons', ...options });

function csv(name: string, text: string): string {
  const file = path.join(dataDir, name);
  fs.writeFileSync(file, text);
  return file;
}

const PERSONS = [
  '\uFEFFID Number,Name,Sex,Birth_Date,Ethnicity,Household_Division,Address,Phone,Status,Remark',
  '11010519491231002X,张三丰,女,1949-12-31,汉,420704001,"鄂城区凤凰街道滨湖北路12号,3栋",138 1234 5678,正常,x',
  '11010519491231002x,张三丰,女,1949/12/31,汉族,420704001,,+86 13812345678,,',
  '34052419800101001X,李四,男,19800101,01,420702100,,0711-3201234,迁出,',
  '34052419800101001Y,王五,男,,,420704001,,,,',
  '42070419900101001X,赵六,女,,,420704001,,,,',
  '420704199001010028,钱七,,,,420704,,,,',
  '420704199001010036,孙八,,,,420704002,,12345,死了,',
  '420704199001010044,周九,,,,420704003,,,',
  '"420704199001010052",吴十,,,,420704003,"unclosed,,,,',
].join('\r\n');

describe('importFile (persons)', () => {
  it('imports valid rows, rejects the rest with line numbers and reasons, and reads English headers, a BOM and quotes', async () => {
    const file = csv('persons.csv', PERSONS);
    const report = await run({ file, batchSize: 2 });
    expect(report).toMatchObject({ records: 9, written: 3, skipped: 0, rejected: 6, alreadyCompleted: false, resumedAfterLine: 0, ignoredColumns: ['Remark'] });
    expect(report.rejects.map((r) => [r.line, r.problems.map((p) => p.code)])).toEqual([
      [5, ['ID_CHARSET']],
      [6, ['SEX_MISMATCH']],
      [7, ['DIVISION_UNKNOWN']],
      [8, ['PHONE_INVALID', 'STATUS_INVALID']],
      [9, ['CSV_FIELD_COUNT']],
      [10, ['CSV_MALFORMED']],
    ]);
    const rejects = fs.readFileSync(report.rejectsFile!, 'utf8').split('\n');
    expect(rejects[0]).toBe('行号,问题代码,问题说明,ID Number,Name,Sex,Birth_Date,Ethnicity,Household_Division,Address,Phone,Status,Remark');
    expect(rejects[1]).toMatch(/^5,ID_CHARSET,公民身份号码前17位应为数字/);
    expect(fs.statSync(report.rejectsFile!).mode & 0o777).toBe(0o600);

    const persons = createPersonRepository(database.db, cipher);
    // Lines 2 and 3 hold the same person: the later one wins.
    expect(await persons.getByIdNumber('11010519491231002X')).toMatchObject({ name: '张三丰', ethnicity: '汉族', address: null, phone: '13812345678', source: 'import:persons.csv' });
    expect(await persons.getByIdNumber('34052419800101001X')).toMatchObject({ sex: 'male', birthDate: '1980-01-01', ethnicity: '汉族', phone: '07113201234', status: '迁出' });
  });

  it('skips a completed file on a rerun, and imports it again on restart', async () => {
    const file = path.join(dataDir, 'persons.csv');
    const again = await run({ file });
    expect(again).toMatchObject({ alreadyCompleted: true, written: 0, skipped: 3, rejected: 6 });
    expect(again.rejectsFile).not.toBeNull();
    expect(await run({ file, restart: true })).toMatchObject({ alreadyCompleted: false, written: 3, skipped: 0 });
  });

  it('resumes after the last committed line of an interrupted run', async () => {
    const lines = ['公民身份号码,姓名,户籍地区划代码'];
    for (let i = 1; i <= 9; i++) {
      const first17 = `42070419900101${String(100 + 2 * i).padStart(3, '0')}`;
      lines.push(`${first17}${checkChar(first17)},人${'一二三四五六七八九'[i - 1]},420704001`);
    }
    const file = csv('resume.csv', `${lines.join('\n')}\n`);
    // As if a run had committed lines 2-5 and then died.
    const runs = createImportRunRepository(database.db);
    const open = await runs.open({ kind: 'persons', fileSha256: await sha256File(file), fileName: 'resume.csv', source: 'import:resume.csv', restart: false });
    await runs.advance(open.id, 5, 4);
    const report = await run({ file, batchSize: 2 });
    expect(report).toMatchObject({ resumedAfterLine: 5, written: 5, skipped: 4, rejected: 0, rejectsFile: null });
    expect(await createPersonRepository(database.db, cipher).getByIdNumber(lines[2]!.split(',')[0]!)).toBeUndefined();
    expect((await createPersonRepository(database.db, cipher).getByIdNumber(lines[9]!.split(',')[0]!))?.name).toBe('人九');
    expect((await runs.list(10)).find((r) => r.id === open.id)).toMatchObject({ status: 'completed', linesCommitted: 10, rowsCommitted: 9 });
  });

  it('refuses a file without the required columns and one that does not exist, writing nothing', async () => {
    await expect(run({ file: csv('bad-header.csv', '姓名,住址\n张三,x\n') })).rejects.toMatchObject({ code: 'REGISTRY_IMPORT_HEADER_INVALID' });
    await expect(run({ file: csv('dup-header.csv', '姓名,name,公民身份号码,户籍地\n') })).rejects.toMatchObject({ code: 'REGISTRY_IMPORT_HEADER_INVALID' });
    await expect(run({ file: csv('empty.csv', '') })).rejects.toMatchObject({ code: 'REGISTRY_IMPORT_HEADER_INVALID' });
    await expect(run({ file: path.join(dataDir, 'missing.csv') })).rejects.toMatchObject({ code: 'REGISTRY_IMPORT_FILE_UNREADABLE' });
  });

  it('removes a stale rejects file when a corrected file has no rejects', async () => {
    const file = csv('fixed.csv', '公民身份号码,姓名,户籍地\n11010519491231002X,张三丰,420704001\n');
    fs.writeFileSync(`${file}.rejects.csv`, 'old');
    expect((await run({ file })).rejectsFile).toBeNull();
    expect(fs.existsSync(`${file}.rejects.csv`)).toBe(false);
  });
});

describe('importFile (a file large enough for bulk loading)', () => {
  it('writes every valid row once, lets a person repeated in a later batch replace the earlier row, and reads each back', async () => {
    const file = path.join(dataDir, 'large.csv');
    const spoiled = writeSyntheticPersons(file, { count: 40_000, seed: 'large-import', spoilEvery: 1000 });
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    // Persons of the first batch again at the end, moved to another address.
    const again = [2, 3, 4].map((line) => lines[line - 1]!.split(','));
    fs.appendFileSync(file, again.map((cells) => `${cells.slice(0, 6).join(',')},鄂城区新地址${cells[0]!.slice(-4)}号,${cells.slice(7).join(',')}\n`).join(''));
    expect(fs.statSync(file).size).toBeGreaterThan(4 << 20);

    const report = await run({ file, batchSize: 5000 });
    const valid = 40_000 - spoiled.length;
    expect(report).toMatchObject({ records: 40_003, written: valid + 3, rejected: spoiled.length, skipped: 0 });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from registry_person where source = 'import:large.csv'`.execute(database.db);
    expect(rows[0]?.n).toBe(valid);
    const run_ = (await createImportRunRepository(database.db).list(20)).find((r) => r.fileName === 'large.csv');
    expect(run_).toMatchObject({ status: 'completed', linesCommitted: 40_004, rowsCommitted: valid + 3 });

    const persons = createPersonRepository(database.db, cipher);
    for (const cells of again) {
      expect(await persons.getByIdNumber(cells[0]!)).toMatchObject({ name: cells[1], address: `鄂城区新地址${cells[0]!.slice(-4)}号`, phone: cells[7] || null });
    }
    const last = lines.at(-2)!.split(',');
    expect(await persons.getByIdNumber(last[0]!)).toMatchObject({ name: last[1], birthDate: last[3], householdDivision: last[5], phone: last[7] || null });
  }, 60_000);
});

describe('importFile (entities)', () => {
  it('validates credit codes, types, representatives, capital, dates and divisions', async () => {
    const file = csv(
      'entities.csv',
      [
        '统一社会信用代码,名称,类型,法定代表人,法定代表人身份证号码,注册资本（万元）,成立日期,所在区划,住所,登记状态',
        '91350100M000100Y43,鄂州市华宇建材有限公司,有限责任公司,张三丰,11010519491231002X,"1,200.5",2015-06-01,420704001,鄂城区,存续',
        '11100000000013338W,鄂州市某某局,机关,李四,,,1990-01-01,420700,,',
        '91350100M000100Y44,坏代码,,,,,,420704,,',
        '11220000013544541J,错类型,企业,,,,,420704,,',
        '11420503087246977F,缺名字代表,,,11010519491231002X,-5,2099-01-01,429999,,歇业',
      ].join('\n'),
    );
    const report = await run({ kind: 'entities', file });
    expect(report).toMatchObject({ records: 5, written: 2, rejected: 3 });
    expect(report.rejects.map((r) => [r.line, r.problems.map((p) => p.code)])).toEqual([
      [4, ['USCC_CHECK_DIGIT']],
      [5, ['TYPE_MISMATCH']],
      [6, ['LEGAL_REP_NAME_MISSING', 'CAPITAL_INVALID', 'ESTABLISHED_ON_INVALID', 'DIVISION_UNKNOWN', 'STATUS_INVALID']],
    ]);
    const entities = createEntityRepository(database.db, cipher);
    expect(await entities.getByCreditCode('91350100M000100Y43')).toMatchObject({ type: '企业', registeredCapital: 1200.5, legalRepIdNumber: '11010519491231002X', status: '存续' });
    expect(await entities.getByCreditCode('11100000000013338W')).toMatchObject({ type: '机关', legalRepIdNumber: null, registeredCapital: null });
  });
});

function checkChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return '10X98765432'[sum % 11]!;
}
