/**
 * bench/registry-import: persons imported per second through yiwang's real import path
 * (stream parse, validation of every row, SM4 encryption and blind indexes of ID numbers
 * and phones on a worker thread, batches loaded by binary COPY over two connections, each
 * in a transaction with the resumable run record) into a fresh PostgreSQL schema, against
 * `psql \copy` of the same CSV into an unindexed plain table of the same columns, in the
 * same run. The PGlite rate is measured on the first 100,000 rows (an embedded
 * single-threaded engine; a million rows would only take longer).
 * Goal: ≥ 0.35 of the copy rate and ≥ 50,000 rows/s on PostgreSQL.
 *
 *   npm run bench -- registry-import [rows=1000000] [pgliteRows=100000]
 *
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) names the server; the
 * CSV files are generated once (deterministically) and cached in /tmp/yiwang-bench.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createFieldCipher } from '../src/kernel/crypto/field-cipher.js';
import { migrate, openDatabase, type Database } from '../src/kernel/db/index.js';
import { createRegistryModule, writeSyntheticPersons, type RegistryModule } from '../src/modules/registry/index.js';

const GOAL = 0.35;
const CACHE = path.join(os.tmpdir(), 'yiwang-bench');
const COLUMNS = 'id_number text, name text, sex text, birth_date date, ethnicity text, household_division text, address text, phone text, status text';

/** The cached CSV of `rows` synthetic persons (one row in a thousand spoiled, as real files have some). */
function personsCsv(rows: number): string {
  const file = path.join(CACHE, `registry-persons-${rows}.csv`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(CACHE, { recursive: true });
    const started = performance.now();
    writeSyntheticPersons(file, { count: rows, seed: 'bench-registry-import', spoilEvery: 1000 });
    console.log(`generated ${file} (${rows} rows) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return file;
}

function registryOn(database: Database, dataDir: string): RegistryModule {
  return createRegistryModule({ db: database.db, audit: { append: async () => undefined }, cipher: createFieldCipher(randomBytes(32)), dataDir });
}

async function importRate(database: Database, file: string, label: string): Promise<{ rate: number; seconds: number; rows: number }> {
  await migrate(database.db);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-data-'));
  const report = await registryOn(database, dataDir).service.importFile({ kind: 'persons', file, restart: true });
  const rate = report.written / report.seconds;
  console.log(`${label}: ${report.written} rows written, ${report.rejected} rejected in ${report.seconds.toFixed(2)} s → ${rate.toFixed(0)} rows/s`);
  return { rate, seconds: report.seconds, rows: report.written };
}

function copyRate(url: URL, schema: string, file: string, rows: number): number {
  const table = `${schema}.copy_persons_${randomBytes(3).toString('hex')}`;
  const psql = (command: string) =>
    spawnSync('psql', ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username) || 'postgres', '-d', url.pathname.slice(1) || 'postgres', '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], {
      encoding: 'utf8',
      env: { ...process.env, ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}) },
    });
  const created = psql(`create table ${table} (${COLUMNS})`);
  if (created.status !== 0) {
    throw new Error(`psql failed: ${created.stderr}`);
  }
  const started = performance.now();
  const copied = psql(`\\copy ${table} from '${file}' csv header`);
  const seconds = (performance.now() - started) / 1000;
  if (copied.status !== 0) {
    throw new Error(`psql \\copy failed: ${copied.stderr}`);
  }
  const rate = rows / seconds;
  console.log(`psql \\copy into an unindexed table: ${rows} rows in ${seconds.toFixed(2)} s → ${rate.toFixed(0)} rows/s`);
  psql(`drop table ${table}`);
  return rate;
}

export async function run(args: string[]): Promise<void> {
  const rows = Number(args[0] ?? 1_000_000);
  const pgliteRows = Number(args[1] ?? 100_000);
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  const file = personsCsv(rows);
  const smallFile = personsCsv(pgliteRows);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);

  const schema = `bench_registry_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    // Copy before and after the import; the faster of the two is the baseline.
    const copyBefore = copyRate(url, schema, file, rows);
    const database = await openDatabase({ url: url.toString(), schema, poolSize: 4 });
    let postgres: Awaited<ReturnType<typeof importRate>>;
    try {
      postgres = await importRate(database, file, 'yiwang import (PostgreSQL)');
    } finally {
      await database.close();
    }
    const copyAfter = copyRate(url, schema, file, rows);
    const baseline = Math.max(copyBefore, copyAfter);

    const pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-pglite-'));
    const embedded = await openDatabase({ dataDir: path.join(pgliteDir, 'pglite') });
    try {
      await importRate(embedded, smallFile, `yiwang import (PGlite, ${pgliteRows} rows)`);
    } finally {
      await embedded.close();
      fs.rmSync(pgliteDir, { recursive: true, force: true });
    }

    const ratio = postgres.rate / baseline;
    console.log(`PostgreSQL: yiwang ${postgres.rate.toFixed(0)} rows/s against \\copy ${baseline.toFixed(0)} rows/s (ratio ${ratio.toFixed(3)}, goal ${GOAL}; and ≥ 50,000 rows/s)`);
    console.log(`RESULT registry-import value=${postgres.rate.toFixed(0)} unit=rows/s baseline=${baseline.toFixed(0)} ratio=${ratio.toFixed(3)} goal=${GOAL}`);
  } finally {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
}
