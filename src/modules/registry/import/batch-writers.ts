import { sql, type RawBuilder } from 'kysely';
import type { FieldCipher } from '../../../kernel/crypto/field-cipher.js';
import type { Executor } from '../../../kernel/db/index.js';
import { createImportRunRepository } from '../import-run.repository.js';
import { COPY_PERSONS, COPY_PERSONS_TO_STAGE, CREATE_PERSONS_STAGE, layOutPersonsCopy, upsertStagedPersonsSql } from '../person.repository.js';
import type { CopyConnection } from './pg-copy.js';
import type { PersonInput } from './rows.js';

/**
 * Writes an import's batches, each together with the run's progress, so that a batch and
 * the progress after it commit or vanish together, and batches commit in order.
 */
export interface BatchWriter<P> {
  /** Batches that may be in flight at once. */
  readonly lanes: number;
  /** The CPU half (encoding, encryption), done while earlier batches are being written. */
  prepare(rows: unknown[]): P;
  /**
   * Writes a prepared batch of `rows` rows and records every line up to `linesCommitted`
   * as done; resolves once committed, which is after every batch written before it.
   */
  write(prepared: P, rows: number, linesCommitted: number): Promise<void>;
  close?(): Promise<void>;
}

/** Batches as one upsert statement each (`upsert` returns a row per row written), progress in the same statement. */
export function statementWriter(db: Executor, runId: string, upsert: (rows: unknown[]) => RawBuilder<unknown>): BatchWriter<RawBuilder<unknown>> {
  const runs = createImportRunRepository(db);
  return {
    lanes: 1,
    prepare: upsert,
    write: (statement, _rows, linesCommitted) => runs.writeAndAdvance(statement, runId, linesCommitted),
  };
}

/** In each batch's transaction: the progress it records survives a kill of this process, not a crash of the server; see below. */
const BEGIN = 'begin; set local synchronous_commit to off';
const UNIQUE_VIOLATION = '23505';

interface PreparedPersons {
  data: Promise<Buffer>;
  /** Whether a person of this batch is in the batch before, which may not have committed yet. */
  overlapsPrevious: boolean;
}

/**
 * Persons as binary COPY data (see `layOutPersonsCopy`) loaded straight into the table,
 * which is what a first import of a file does: the unique ID-number index stops a batch
 * holding a person already there (a rerun, or a person repeated across batches), and that
 * batch goes through a staging table and `INSERT … ON CONFLICT` instead, as do a growing
 * number of the batches after it.
 *
 * Each connection in `lanes` takes every n-th batch, so the server loads batches in
 * parallel; a batch records its progress and commits only after the batch before it has
 * committed, so progress never runs ahead of the rows before it. A batch sharing a person
 * with the batch before waits for that one's commit before loading (else each could wait
 * for the other's lock on that person).
 *
 * Commits do not wait for the WAL flush: a server crash may lose the last batches, and
 * the progress recorded with them, so a rerun writes them again. `complete` of the run
 * commits synchronously, which makes every batch before it durable.
 *
 * With `sealOnWorker`, the encryption of a batch runs on a worker thread, beside the
 * validation of the next batch on this one and the database writing the ones before.
 */
export function personsCopyWriter(
  lanes: readonly CopyConnection[],
  runId: string,
  options: { source: string; cipher: FieldCipher; sealOnWorker: boolean },
): BatchWriter<PreparedPersons> {
  const worker = options.sealOnWorker ? options.cipher.startSealWorker() : null;
  let previousKeys = new Set<string>();
  let previousCommit: Promise<void> = Promise.resolve();
  let next = 0;
  let stagedBatchesLeft = 0;
  let stagedAfterConflict = 1;

  /** Loads a batch on `lane`, then waits for `before` and commits it with the progress; rolls back on any failure. */
  const inTransaction = async (lane: CopyConnection, load: () => Promise<void>, before: Promise<void>, progress: string) => {
    try {
      await load();
      await before;
      await sql.raw(`${progress}; commit`).execute(lane.db);
    } catch (error) {
      await sql`rollback`.execute(lane.db).catch(() => undefined);
      throw error;
    }
  };

  const writeOn = async (lane: CopyConnection, prepared: PreparedPersons, before: Promise<void>, progress: string) => {
    const data = await prepared.data;
    if (prepared.overlapsPrevious) {
      await before;
    }
    if (stagedBatchesLeft === 0) {
      try {
        await inTransaction(lane, () => lane.copyFrom(`${BEGIN}; ${COPY_PERSONS}`, data), before, progress);
        stagedAfterConflict = 1;
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION) {
          throw error;
        }
        stagedBatchesLeft = stagedAfterConflict;
        stagedAfterConflict = Math.min(2 * stagedAfterConflict, 64);
      }
    } else {
      stagedBatchesLeft--;
    }
    const staged = async () => {
      await lane.copyFrom(`${BEGIN}; ${CREATE_PERSONS_STAGE}; ${COPY_PERSONS_TO_STAGE}`, data);
      await upsertStagedPersonsSql().execute(lane.db);
    };
    await inTransaction(lane, staged, before, progress);
  };

  return {
    lanes: lanes.length,
    prepare(rows) {
      const persons = rows as PersonInput[];
      const keys = new Set(persons.map((p) => p.idNumber));
      const overlapsPrevious = persons.some((p) => previousKeys.has(p.idNumber));
      previousKeys = keys;
      const { data, layouts } = layOutPersonsCopy(persons, options.source);
      if (!worker) {
        options.cipher.sealLaidOut(data, layouts);
        return { data: Promise.resolve(data), overlapsPrevious };
      }
      const sealed = worker.seal(data, layouts);
      // Awaited by `write`, unless an earlier batch failed first.
      sealed.catch(() => undefined);
      return { data: sealed, overlapsPrevious };
    },
    write(prepared, rows, linesCommitted) {
      const lane = lanes[next++ % lanes.length] as CopyConnection;
      const progress = createImportRunRepository(lane.db).advanceScript(runId, linesCommitted, rows);
      const committed = writeOn(lane, prepared, previousCommit, progress);
      previousCommit = committed;
      // The next batch learns of a failure through `before`; this keeps it from going unobserved meanwhile.
      committed.catch(() => undefined);
      return committed;
    },
    close: async () => worker?.close(),
  };
}
