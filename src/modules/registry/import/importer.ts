import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as turnOfEventLoop } from 'node:timers/promises';
import type { FieldCipher } from '../../../kernel/crypto/field-cipher.js';
import type { Db } from '../../../kernel/db/index.js';
import { divisionDirectory } from '../divisions.js';
import { encodeEntities, upsertEntitiesSql } from '../entity.repository.js';
import { shanghaiToday } from '../identity.js';
import { createImportRunRepository, type ImportRun } from '../import-run.repository.js';
import { encodePersons, upsertPersonsSql } from '../person.repository.js';
import { ImportFileUnreadable, ImportHeaderInvalid } from '../registry.errors.js';
import type { ImportKind } from '../registry.tables.js';
import { personsCopyWriter, statementWriter, type BatchWriter } from './batch-writers.js';
import { mapHeader } from './columns.js';
import { readCsv, type CsvRecord } from './csv-reader.js';
import { withCopyConnections, type CopyConnection } from './pg-copy.js';
import { createRejectsWriter, type Reject } from './rejects.js';
import { validateEntity, validatePerson, type EntityInput, type PersonInput, type RowContext, type RowResult } from './rows.js';

export interface ImportOptions {
  kind: ImportKind;
  file: string;
  /** Recorded on every row written; default `import:<file name>`. */
  source?: string;
  /** Rows per transaction (one COPY or one multi-row upsert each); default 5,000. */
  batchSize?: number;
  /** Import the whole file again although an earlier run committed (part of) it. */
  restart?: boolean;
  /** Called after every chunk read and every batch committed. */
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  records: number;
  /** Valid rows sent to the database by this run. */
  written: number;
  /** Of those, rows whose transaction has committed. */
  committed: number;
  rejected: number;
}

export interface ImportReport {
  kind: ImportKind;
  file: string;
  fileSha256: string;
  /** Data records in the file (header and blank lines not counted). */
  records: number;
  /** Valid rows written by this run (a row repeating an earlier row's key replaces it). */
  written: number;
  /** Valid rows an earlier run of the same file had committed, skipped now. */
  skipped: number;
  rejected: number;
  /** The first rejects (line, codes, messages); all of them are in `rejectsFile`. */
  rejects: Reject[];
  rejectsFile: string | null;
  /** The last line an earlier run had committed (0 for a fresh run). */
  resumedAfterLine: number;
  alreadyCompleted: boolean;
  ignoredColumns: string[];
  seconds: number;
}

interface KindHandler {
  validate(get: (column: string) => string, context: RowContext): RowResult<unknown>;
  key(row: unknown): string;
  /** The writer of this kind's batches for the run `runId`; `copy` when the database has COPY. */
  writer(runId: string, copy: CopyConnection[] | null): BatchWriter<unknown>;
}

function handlerFor(kind: ImportKind, deps: { db: Db; cipher: FieldCipher }, options: { source: string; large: boolean }): KindHandler {
  const { db, cipher } = deps;
  const { source } = options;
  switch (kind) {
    case 'persons':
      return {
        validate: (get, context) => validatePerson(get, context),
        key: (row) => (row as { idNumber: string }).idNumber,
        writer: (runId, copy) =>
          copy
            ? personsCopyWriter(copy, runId, { source, cipher, sealOnWorker: options.large })
            : statementWriter(db, runId, (rows) => upsertPersonsSql(encodePersons(rows as PersonInput[], cipher), source)),
      };
    case 'entities':
      return {
        validate: (get, context) => validateEntity(get, context),
        key: (row) => (row as { creditCode: string }).creditCode,
        writer: (runId) => statementWriter(db, runId, (rows) => upsertEntitiesSql(encodeEntities(rows as EntityInput[], cipher), source)),
      };
  }
}

/** Connections that load batches in parallel where the database has COPY. */
const COPY_LANES = 2;
/** From this size on, a file is worth a worker thread (which takes some 100 ms to start). */
const LARGE_FILE_BYTES = 4 << 20;

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/**
 * Imports a CSV file of persons or legal entities. Every row is validated; valid rows are
 * written in batches (persons on PostgreSQL by COPY, see batch-writers.ts; else one
 * upsert statement each), each batch in one transaction together with the run record's
 * progress, so a rerun of the same file (same SHA-256) after a crash or kill skips what
 * was committed and ends with every valid row exactly once. Rejected rows go to a CSV
 * beside the file (or under DATA_DIR/imports when that is not writable) with their line
 * numbers and reasons; the rejects of skipped lines are found again, so the file is
 * always complete.
 */
export async function importFile(deps: { db: Db; cipher: FieldCipher; dataDir: string }, options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const file = path.resolve(options.file);
  let totalBytes: number;
  try {
    totalBytes = fs.statSync(file).size;
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    throw ImportFileUnreadable({ file, reason: (error as Error).message });
  }
  const fileSha256 = await sha256File(file);
  const source = options.source ?? `import:${path.basename(file)}`;
  const handler = handlerFor(options.kind, deps, { source, large: totalBytes >= LARGE_FILE_BYTES });
  const batchSize = options.batchSize ?? 5000;
  const context: RowContext = { today: shanghaiToday(), divisions: divisionDirectory() };
  const rejects = createRejectsWriter({ file, dataDir: deps.dataDir, fileSha256 });
  const { kind } = options;

  let run: ImportRun | undefined;
  let writer: BatchWriter<unknown> | undefined;
  let resumeAfter = 0;
  let width = 0;
  let index: Record<string, number> = {};
  let ignoredColumns: string[] = [];
  const counts = { records: 0, written: 0, skipped: 0, rejected: 0 };
  let committed = 0;
  let bytesRead = 0;
  const progress = () => options.onProgress?.({ bytesRead, totalBytes, records: counts.records, written: counts.written, committed, rejected: counts.rejected });
  let batch = new Map<string, unknown>();
  let lastLine = 0;
  /** Batches being written, oldest first. */
  const inflight: Array<Promise<void>> = [];
  const settled = () => Promise.allSettled(inflight);

  const flush = async () => {
    if (batch.size === 0 || !writer) {
      return;
    }
    const rows = [...batch.values()];
    batch = new Map();
    const prepared = writer.prepare(rows);
    const upTo = lastLine;
    // The writer commits batches in order, so progress never runs ahead of the rows before it.
    while (inflight.length >= writer.lanes) {
      await inflight.shift();
    }
    const written = writer.write(prepared, rows.length, upTo).then(() => {
      committed += rows.length;
      progress();
    });
    // Observed when its turn comes (or by `settled`), not left unhandled meanwhile.
    written.catch(() => undefined);
    inflight.push(written);
  };

  // One getter for every row (not a closure per row): it reads the current row's fields.
  let fields: string[] = [];
  const cell = (column: string) => {
    const i = index[column];
    return i === undefined ? '' : (fields[i] as string).trim();
  };
  const handleRecord = (record: CsvRecord) => {
    counts.records++;
    lastLine = record.line;
    let result: RowResult<unknown>;
    if (record.malformed) {
      result = { ok: false, problems: [{ code: 'CSV_MALFORMED', message: `CSV 格式错误：${record.malformed}` }] };
    } else if (record.fields.length !== width) {
      result = { ok: false, problems: [{ code: 'CSV_FIELD_COUNT', message: `应有 ${width} 列，实有 ${record.fields.length} 列` }] };
    } else {
      fields = record.fields;
      result = handler.validate(cell, context);
    }
    if (!result.ok) {
      counts.rejected++;
      rejects.add({ line: record.line, problems: result.problems }, record.fields);
    } else if (record.line <= resumeAfter) {
      counts.skipped++;
    } else {
      const key = handler.key(result.value);
      // A later row with the same key replaces the earlier one (one statement may not touch
      // a row twice), and takes its place at the end.
      const size = batch.size;
      batch.set(key, result.value);
      if (batch.size === size) {
        batch.delete(key);
        batch.set(key, result.value);
      }
      counts.written++;
    }
  };

  const readAndWrite = async (copy: CopyConnection[] | null) => {
    try {
      return await readAndWriteOn(copy);
    } finally {
      // The connections go back to the pool: no batch may still be writing on them.
      await settled();
      await writer?.close?.();
    }
  };
  const readAndWriteOn = async (copy: CopyConnection[] | null) => {
    let sinceTurn = 0;
    for await (const chunk of readCsv(fs.createReadStream(file, { highWaterMark: 1 << 20 }))) {
      bytesRead = chunk.bytes;
      for (const record of chunk.records) {
        if (!run) {
          const { mapping, problems } = mapHeader(options.kind, record.fields);
          if (problems.length > 0) {
            throw ImportHeaderInvalid({ problems, header: record.fields });
          }
          ({ width, ignored: ignoredColumns } = mapping);
          index = mapping.index as Record<string, number>;
          rejects.start(record.fields);
          // On the held connection, if any: a pool of one would have no other.
          run = await createImportRunRepository(copy?.[0]?.db ?? deps.db).open({ kind: options.kind, fileSha256, fileName: path.basename(file), source, restart: options.restart ?? false });
          resumeAfter = run.status === 'completed' ? Number.MAX_SAFE_INTEGER : run.linesCommitted;
          writer = handler.writer(run.id, copy);
          continue;
        }
        handleRecord(record);
        if (batch.size >= batchSize) {
          await flush();
        }
        // Let the database's replies in now and then: each step of a batch's write waits
        // for the event loop, and would otherwise wait for the rest of the chunk.
        if (++sinceTurn === TURN_EVERY) {
          sinceTurn = 0;
          await turnOfEventLoop();
        }
      }
      progress();
    }
    if (!run) {
      throw ImportHeaderInvalid({ problems: ['文件为空，没有表头'] });
    }
    await flush();
    while (inflight.length > 0) {
      await inflight.shift();
    }
    return run;
  };

  try {
    const completed = await withCopyConnections(deps.db, COPY_LANES, readAndWrite);
    const alreadyCompleted = resumeAfter === Number.MAX_SAFE_INTEGER;
    if (!alreadyCompleted) {
      // A synchronous commit: it makes the batches before it durable too (see personsCopyWriter).
      await createImportRunRepository(deps.db).complete(completed.id, lastLine);
    }
    const rejectsFile = rejects.finish();
    return {
      kind,
      file,
      fileSha256,
      ...counts,
      rejects: rejects.sample,
      rejectsFile,
      resumedAfterLine: alreadyCompleted ? lastLine : resumeAfter,
      alreadyCompleted,
      ignoredColumns,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    // The error that stopped the loop wins over later batches' failures.
    await settled();
    rejects.abandon();
  }
}

/** Records between two turns of the event loop while importing. */
const TURN_EVERY = 64;
