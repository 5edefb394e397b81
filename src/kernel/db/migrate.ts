import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { sqlScript, type Db } from './database.js';

export interface Migration {
  /** File name, `YYYYMMDDHHmm-slug.sql`; the timestamp orders migrations across modules. */
  readonly name: string;
  /** `kernel` or the module's name. */
  readonly owner: string;
  readonly file: string;
  readonly sql: string;
  readonly checksum: string;
}

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NAME = /^(\d{12})-[a-z0-9-]+\.sql$/;

/** Collects the kernel's and every module's migrations, ordered by timestamp then owner. */
export function collectMigrations(root: string = srcDir): Migration[] {
  const folders: Array<{ owner: string; dir: string }> = [{ owner: 'kernel', dir: path.join(root, 'kernel/migrations') }];
  const modulesDir = path.join(root, 'modules');
  if (fs.existsSync(modulesDir)) {
    for (const name of fs.readdirSync(modulesDir).sort()) {
      folders.push({ owner: name, dir: path.join(modulesDir, name, 'migrations') });
    }
  }
  const migrations: Migration[] = [];
  for (const { owner, dir } of folders) {
    if (!fs.existsSync(dir)) {
      continue;
    }
    for (const name of fs.readdirSync(dir)) {
      if (!name.endsWith('.sql')) {
        continue;
      }
      if (!NAME.test(name)) {
        throw new Error(`migration ${owner}/${name} is not named YYYYMMDDHHmm-slug.sql`);
      }
      const file = path.join(dir, name);
      const text = fs.readFileSync(file, 'utf8');
      migrations.push({ name, owner, file, sql: text, checksum: createHash('sha256').update(text).digest('hex') });
    }
  }
  return migrations.sort((a, b) => a.name.localeCompare(b.name) || a.owner.localeCompare(b.owner));
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

// Any fixed number: all nodes agree on it, so only one migrates at a time.
const MIGRATION_LOCK = 727_001;

/**
 * Applies pending migrations in one transaction under an advisory lock, so that several
 * nodes starting together migrate once. A recorded migration whose file has changed stops
 * everything: merged migrations are never edited.
 */
export async function migrate(db: Db, migrations: Migration[] = collectMigrations()): Promise<MigrationReport> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql`create table if not exists kernel_migration (
      name text primary key,
      owner text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`.execute(trx);
    const done = await trx.selectFrom('kernel_migration').select(['name', 'owner', 'checksum']).execute();
    const byKey = new Map(done.map((row) => [`${row.owner}/${row.name}`, row.checksum as string]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const key = `${migration.owner}/${migration.name}`;
      const recorded = byKey.get(key);
      if (recorded !== undefined) {
        if (recorded !== migration.checksum) {
          throw new Error(`migration ${key} was edited after it was applied; add a new migration instead`);
        }
        continue;
      }
      await sqlScript(migration.sql).execute(trx);
      await trx
        .insertInto('kernel_migration')
        .values({ name: migration.name, owner: migration.owner, checksum: migration.checksum })
        .execute();
      applied.push(key);
    }
    return { applied, alreadyApplied: done.length };
  });
}

/** Names of migrations present in the code but not yet applied; used by /readyz. */
export async function pendingMigrations(db: Db, migrations: Migration[] = collectMigrations()): Promise<string[]> {
  const exists = await sql<{ t: string | null }>`select to_regclass('kernel_migration')::text as t`.execute(db);
  if (!exists.rows[0]?.t) {
    return migrations.map((m) => `${m.owner}/${m.name}`);
  }
  const done = await db.selectFrom('kernel_migration').select(['name', 'owner']).execute();
  const keys = new Set(done.map((row) => `${row.owner}/${row.name}`));
  return migrations.map((m) => `${m.owner}/${m.name}`).filter((key) => !keys.has(key));
}
