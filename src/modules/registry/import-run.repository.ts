import { sql, type RawBuilder } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { ImportKind, RegistryTables } from './registry.tables.js';

export interface ImportRun {
  id: string;
  kind: ImportKind;
  fileSha256: string;
  fileName: string;
  source: string;
  /** Every CSV line up to this one is in the database (valid rows written, the rest rejected). */
  linesCommitted: number;
  rowsCommitted: number;
  status: 'running' | 'completed';
  startedAt: Date;
  completedAt: Date | null;
}

const columns = [
  'id',
  'kind',
  'file_sha256 as fileSha256',
  'file_name as fileName',
  'source',
  'lines_committed as linesCommitted',
  'rows_committed as rowsCommitted',
  'status',
  'started_at as startedAt',
  'completed_at as completedAt',
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function createImportRunRepository(executor: Executor) {
  const db = tablesOf<RegistryTables>(executor);
  return {
    /** The run of this file's content, created when there is none; `restart` starts it over. */
    async open(input: { kind: ImportKind; fileSha256: string; fileName: string; source: string; restart: boolean }): Promise<ImportRun> {
      const reset = input.restart ? { lines_committed: 0, rows_committed: 0, status: 'running' as const, completed_at: null, started_at: sql<Date>`now()` } : {};
      return db
        .insertInto('registry_import_run')
        .values({ kind: input.kind, file_sha256: input.fileSha256, file_name: input.fileName, source: input.source })
        .onConflict((oc) => oc.columns(['kind', 'file_sha256']).doUpdateSet({ file_name: input.fileName, updated_at: sql<Date>`now()`, ...reset }))
        .returning(columns)
        .executeTakeFirstOrThrow();
    },

    /** Records a committed batch; call inside the batch's transaction. */
    async advance(id: string, linesCommitted: number, rows: number): Promise<void> {
      await db
        .updateTable('registry_import_run')
        .set({ lines_committed: linesCommitted, rows_committed: sql<number>`rows_committed + ${rows}`, updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .execute();
    },

    /**
     * {@link advance} as SQL text, its values written in, for a script of several
     * statements (which takes no parameters), e.g. one that goes on to a COPY.
     */
    advanceScript(id: string, linesCommitted: number, rows: number): string {
      if (!UUID.test(id) || !Number.isSafeInteger(linesCommitted) || !Number.isSafeInteger(rows)) {
        throw new Error(`not an import run's progress: ${id}, ${linesCommitted}, ${rows}`);
      }
      return `update registry_import_run set lines_committed = ${linesCommitted}, rows_committed = rows_committed + ${rows}, updated_at = now() where id = '${id}'`;
    },

    /**
     * Runs `write` (a statement returning one row per row written) and records the
     * progress in one statement: atomic without a transaction, and one round trip, so the
     * database never waits for this process between the rows and the progress.
     */
    async writeAndAdvance(write: RawBuilder<unknown>, id: string, linesCommitted: number): Promise<void> {
      await sql`
        with written as (${write})
        update registry_import_run
        set lines_committed = ${linesCommitted}, rows_committed = rows_committed + (select count(*) from written), updated_at = now()
        where id = ${id}`.execute(db);
    },

    async complete(id: string, linesCommitted: number): Promise<void> {
      await db
        .updateTable('registry_import_run')
        .set({ lines_committed: linesCommitted, status: 'completed', completed_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .execute();
    },

    async list(limit: number): Promise<ImportRun[]> {
      return db.selectFrom('registry_import_run').select(columns).orderBy('started_at', 'desc').limit(limit).execute();
    },
  };
}

/**
 * Records the field key's fingerprint on first use and refuses another key afterwards:
 * data written under one key cannot be read or matched under another.
 */
export async function checkFieldKeyFingerprint(executor: Executor, fingerprint: string): Promise<{ ok: boolean; recorded: string }> {
  const db = tablesOf<RegistryTables>(executor);
  const first = async () => (await db.selectFrom('registry_field_key').select('fingerprint').orderBy('created_at').executeTakeFirst())?.fingerprint;
  let recorded = await first();
  if (recorded === undefined) {
    await db.insertInto('registry_field_key').values({ fingerprint }).onConflict((oc) => oc.doNothing()).execute();
    recorded = (await first()) ?? fingerprint;
  }
  return { ok: recorded === fingerprint, recorded };
}
