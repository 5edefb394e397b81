import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type RawBuilder, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';

/**
 * The shared handle. Each module narrows it to its own tables with `tablesOf<T>()`;
 * no module names another module's tables.
 */
export type Db = Kysely<any>;
/** Either the database or an open transaction: what repositories accept. */
export type Executor = Kysely<any> | Transaction<any>;

export function tablesOf<T>(executor: Executor): Kysely<T> {
  return executor as Kysely<T>;
}

/** Runs `work` in the caller's transaction, or in a new one when given a plain connection pool. */
export function inTransaction<T>(executor: Executor, work: (trx: Executor) => Promise<T>): Promise<T> {
  return executor.isTransaction ? work(executor) : (executor as Kysely<any>).transaction().execute(work);
}

export interface Database {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

// int8 (bigint, count(*)) and numeric come back as strings from pg; yiwang's counts fit a number.
pg.types.setTypeParser(20, (value) => Number(value));

export interface OpenDatabaseOptions {
  /** postgres://… ; when absent an embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; when absent (and no url) the database lives in memory. */
  dataDir?: string | undefined;
  /** PostgreSQL search_path, used by tests to isolate a schema. */
  schema?: string | undefined;
  poolSize?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  if (options.dataDir) {
    fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
  }
  const client = options.dataDir ? await PGlite.create(options.dataDir) : await PGlite.create();
  // PGlite's query() uses the extended protocol, which takes one statement; scripts (migrations)
  // go through exec(). On pg a parameterless query already uses the simple protocol.
  const connection = {
    query: (text: string, params: unknown[]) =>
      text.startsWith(SCRIPT_MARKER) && params.length === 0
        ? client.exec(text).then(() => ({ rows: [], affectedRows: 0 }))
        : client.query(text, params),
    close: () => client.close(),
  };
  const db = new Kysely<any>({ dialect: new PGliteDialect(connection as unknown as PGlite) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

const SCRIPT_MARKER = '/* yiwang:script */\n';

/** Several SQL statements run as one script (e.g. a migration file), on PGlite and pg alike. */
export function sqlScript(text: string): RawBuilder<unknown> {
  return sql.raw(SCRIPT_MARKER + text);
}

/** Cheap round trip used by /readyz. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
