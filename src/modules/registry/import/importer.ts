import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FieldCipher } from '../../../kernel/crypto/field-cipher.js';
import type { RawBuilder } from 'kysely';
import type { Db } from '../../../kernel/db/index.js';
import { divisionDirectory } from '../divisions.js';
import { encodeEntities, upsertEntitiesSql } from '../entity.repository.js';
import { shanghaiToday } from '../identity.js';
import { createImportRunRepository, type ImportRun } from '../import-run.repository.js';
import { encodePersons, upsertPersonsSql } from '../person.repository.js';
import { ImportFileUnreadable, ImportHeaderInvalid } from '../registry.errors.js';
import type { ImportKind } from '../registry.tables.js';
import { mapHeader } from './columns.js';
import { readCsv, type CsvRecord } from './csv-reader.js';
import { createRejectsWriter, type Reject } from './rejects.js';
import { validateEntity, validatePerson, type EntityInput, type PersonInput, type RowContext, type RowResult } from './rows.js';

export interface ImportOptions {
  kind: ImportKind;
  file: string;
  /** Recorded on every row written; default `import:<file name>`. */
  source?: string;
  /** Rows per transaction (one multi-row upsert each); default 2,000. */
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
  /** The CPU work (encryption) as one statement, built while the previous batch is being written. */
  upsert(rows: unknown[], source: string): RawBuilder<unknown>;
}

function handlerFor(kind: ImportKind, cipher: FieldCipher): KindHandler {
  switch (kind) {
    case 'persons':
      return {
        validate: (get, context) => validatePerson(get, context),
        key: (row) => (row as { idNumber: string }).idNumber,
        upsert: (rows, source) => upsertPersonsSql(encodePersons(rows as PersonInput[], cipher), source),
      };
    case 'entities':
      return {
        validate: (get, context) => validateEntity(get, context),
        key: (row) => (row as { creditCode: string }).creditCode,
        upsert: (rows, source) => upsertEntitiesSql(encodeEntities(rows as EntityInput[], cipher), source),
      };
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/**
 * Imports a CSV file of persons or legal entities. Every row is validated; valid rows are
 * upserted in batches, each batch in one transaction together with the run record's
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
  const handler = handlerFor(options.kind, deps.cipher);
  const source = options.source ?? `import:${path.basename(file)}`;
  const batchSize = options.batchSize ?? 2000;
  const context: RowContext = { today: shanghaiToday(), divisions: divisionDirectory() };
  const runs = createImportRunRepository(deps.db);
  const rejects = createRejectsWriter({ file, dataDir: deps.dataDir, fileSha256 });
  const { kind } = options;

  let run: ImportRun | undefined;
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
  let inflight: Promise<void> = Promise.resolve();

  const flush = async () => {
    if (batch.size === 0 || !run) {
      return;
    }
    const rows = [...batch.values()];
    batch = new Map();
    const statement = handler.upsert(rows, source);
    const runId = run.id;
    const upTo = lastLine;
    // One batch in flight at a time: progress must never run ahead of the rows before it.
    await inflight;
    inflight = runs.writeAndAdvance(statement, runId, upTo).then(() => {
      committed += rows.length;
      progress();
    });
    // Let the statement go out now: until the event loop turns, the database would sit
    // idle while this loop validates the rest of the chunk.
    await new Promise((resolve) => setImmediate(resolve));
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
      const fields = record.fields;
      result = handler.validate((column) => {
        const i = index[column];
        return i === undefined ? '' : (fields[i] as string).trim();
      }, context);
    }
    if (!result.ok) {
      counts.rejected++;
      rejects.add({ line: record.line, problems: result.problems }, record.fields);
    } else if (record.line <= resumeAfter) {
      counts.skipped++;
    } else {
      const key = handler.key(result.value);
      // A later row with the same key replaces the earlier one (one statement may not touch a row twice).
      batch.delete(key);
      batch.set(key, result.value);
      counts.written++;
    }
  };

  try {
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
          run = await runs.open({ kind: options.kind, fileSha256, fileName: path.basename(file), source, restart: options.restart ?? false });
          resumeAfter = run.status === 'completed' ? Number.MAX_SAFE_INTEGER : run.linesCommitted;
          continue;
        }
        handleRecord(record);
        if (batch.size >= batchSize) {
          await flush();
        }
      }
      progress();
    }
    if (!run) {
      throw ImportHeaderInvalid({ problems: ['文件为空，没有表头'] });
    }
    await flush();
    await inflight;
    const alreadyCompleted = resumeAfter === Number.MAX_SAFE_INTEGER;
    if (!alreadyCompleted) {
      await runs.complete(run.id, lastLine);
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
    // Never leave a batch's failure unobserved; the error that stopped the loop wins.
    await inflight.catch(() => undefined);
    rejects.abandon();
  }
}
