import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../kernel/config/index.js';
import { AppError } from '../kernel/errors/index.js';
import { IMPORT_COLUMNS, type ImportKind, type ImportProgress, type ImportReport } from '../modules/registry/index.js';
import { createPlatform } from '../platform.js';
import { CliError } from './cli-error.js';

/**
 * Progress of an import on stderr: a bar on a terminal, else a plain line every
 * `everySeconds` (0: at every chunk read and batch committed), so logs and tests can follow it.
 */
export function createImportProgress(label: string, everySeconds = 5) {
  const bar = process.stderr.isTTY
    ? new SingleBar(
        { format: `${label} {bar} {percentage}% | {records} rows read, {committed} committed, {rejected} rejected | {eta_formatted}`, stream: process.stderr, etaBuffer: 50 },
        Presets.shades_classic,
      )
    : null;
  let started = false;
  let lastLine = 0;
  return {
    update(p: ImportProgress): void {
      const payload = { records: p.records, committed: p.committed, rejected: p.rejected };
      if (bar) {
        if (!started) {
          bar.start(Math.max(p.totalBytes, 1), 0, payload);
          started = true;
        }
        bar.update(p.bytesRead, payload);
        return;
      }
      const now = Date.now();
      if (everySeconds === 0 || now - lastLine >= everySeconds * 1000) {
        lastLine = now;
        const percent = p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 100;
        process.stderr.write(`${label}: ${percent}% read, ${p.records} rows, ${p.committed} committed, ${p.rejected} rejected\n`);
      }
    },
    stop(): void {
      bar?.stop();
    },
  };
}

/** The summary an operator reads after an import. */
export function printImportReport(report: ImportReport): void {
  const rate = report.written > 0 ? `, ${Math.round(report.written / report.seconds)} rows/s` : '';
  console.log(`${report.kind} from ${report.file} (sha256 ${report.fileSha256.slice(0, 16)}…)`);
  if (report.alreadyCompleted) {
    console.log('  already imported completely by an earlier run; nothing written (use --restart to import it again)');
  } else if (report.resumedAfterLine > 0) {
    console.log(`  resumed after line ${report.resumedAfterLine}, which an earlier run had committed`);
  }
  console.log(`  ${report.records} rows: ${report.written} written, ${report.skipped} skipped (committed earlier), ${report.rejected} rejected; ${report.seconds.toFixed(1)} s${rate}`);
  if (report.ignoredColumns.length > 0) {
    console.log(`  ignored columns: ${report.ignoredColumns.join(', ')}`);
  }
  for (const reject of report.rejects) {
    console.log(`  line ${reject.line}: ${reject.problems.map((p) => `${p.code} ${p.message}`).join('; ')}`);
  }
  if (report.rejectsFile) {
    const more = report.rejected - report.rejects.length;
    console.log(`  ${more > 0 ? `… ${more} more; ` : ''}all rejected rows with their reasons: ${report.rejectsFile}`);
  }
}

const columnHelp = (kind: ImportKind) =>
  Object.entries(IMPORT_COLUMNS[kind])
    .map(([, spec]) => `${spec.names.join(' / ')}${'required' in spec && spec.required ? ' (required)' : ''}`)
    .join('\n  ');

export function registerImportCommand(program: Command): void {
  const command = program.command('import').description('bulk import into the base registries from CSV (UTF-8, header row); idempotent and resumable');
  for (const kind of ['persons', 'entities'] as const) {
    command
      .command(`${kind} <file>`)
      .description(`import ${kind === 'persons' ? 'persons (人口)' : 'legal entities (法人)'}; rejected rows go to FILE.rejects.csv with line and reason.\nColumns:\n  ${columnHelp(kind)}`)
      .option('--batch-size <rows>', 'rows per transaction', '5000')
      .option('--restart', 'import the whole file again although an earlier run committed it')
      .option('--source <name>', 'source recorded on every row (default import:<file name>)')
      .option('--progress-every <seconds>', 'without a terminal: seconds between progress lines (0: every batch)', '5')
      .action(async (file: string, options: { batchSize: string; restart?: boolean; source?: string; progressEvery: string }) => {
        const batchSize = Number(options.batchSize);
        const every = Number(options.progressEvery);
        if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000) {
          throw new CliError('--batch-size must be an integer from 1 to 50000');
        }
        if (!Number.isFinite(every) || every < 0) {
          throw new CliError('--progress-every must be a number of seconds ≥ 0');
        }
        const platform = await createPlatform(loadConfig());
        const progress = createImportProgress(`import ${kind}`, every);
        try {
          const report = await platform.registry.service.importFile({
            kind,
            file: path.resolve(file),
            batchSize,
            restart: options.restart === true,
            ...(options.source ? { source: options.source } : {}),
            onProgress: (p) => progress.update(p),
          });
          progress.stop();
          printImportReport(report);
        } catch (error) {
          progress.stop();
          if (error instanceof AppError) {
            throw new CliError(`${error.code}: ${error.message}${error.details ? ` ${JSON.stringify(error.details)}` : ''}`);
          }
          throw error;
        } finally {
          await platform.close();
        }
      });
  }
}
