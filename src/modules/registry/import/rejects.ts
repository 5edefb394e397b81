import fs from 'node:fs';
import path from 'node:path';
import type { RowProblem } from './rows.js';

export interface Reject {
  line: number;
  problems: RowProblem[];
}

const SAMPLE_SIZE = 20;

/** One CSV cell, quoted when it needs to be (RFC 4180). */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Writes rejected rows to `FILE.rejects.csv` (line, codes, reasons, then the row as it
 * was), or to DATA_DIR/imports/ when the file's directory is not writable. The file holds
 * the same personal data as the import file, so it is created 0600; it appears only when
 * there are rejects, and a stale one from an earlier import of the file is removed.
 */
export function createRejectsWriter(options: { file: string; dataDir: string; fileSha256: string }) {
  const beside = `${options.file}.rejects.csv`;
  const fallback = path.join(options.dataDir, 'imports', `${path.basename(options.file)}.${options.fileSha256.slice(0, 8)}.rejects.csv`);
  let header: string[] = [];
  let target: string | null = null;
  let temporary: string | null = null;
  let fd: number | null = null;
  let pending = '';
  const sample: Reject[] = [];

  function open(): void {
    for (const candidate of [beside, fallback]) {
      const tmp = `${candidate}.${process.pid}.tmp`;
      try {
        fs.mkdirSync(path.dirname(candidate), { recursive: true });
        fd = fs.openSync(tmp, 'w', 0o600);
        target = candidate;
        temporary = tmp;
        pending = `${['行号', '问题代码', '问题说明', ...header].map(csvCell).join(',')}\n`;
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EACCES' && code !== 'EROFS' && code !== 'EPERM') {
          throw error;
        }
      }
    }
    throw new Error(`cannot write the rejects file beside ${options.file} nor under ${path.dirname(fallback)}`);
  }

  const drain = () => {
    if (fd !== null && pending.length > 0) {
      fs.writeSync(fd, pending);
      pending = '';
    }
  };

  return {
    sample,
    start(headerFields: string[]): void {
      header = headerFields;
    },
    add(reject: Reject, fields: readonly string[]): void {
      if (sample.length < SAMPLE_SIZE) {
        sample.push(reject);
      }
      if (fd === null) {
        open();
      }
      const codes = reject.problems.map((p) => p.code).join(';');
      const reasons = reject.problems.map((p) => p.message).join('；');
      pending += `${[String(reject.line), codes, reasons, ...fields].map(csvCell).join(',')}\n`;
      if (pending.length > 1 << 16) {
        drain();
      }
    },
    /** Moves the finished file into place; returns its path, or null when nothing was rejected. */
    finish(): string | null {
      if (fd === null || target === null || temporary === null) {
        for (const stale of [beside, fallback]) {
          fs.rmSync(stale, { force: true });
        }
        return null;
      }
      drain();
      fs.closeSync(fd);
      fd = null;
      fs.renameSync(temporary, target);
      return target;
    },
    /** Drops an unfinished file (after a failure). */
    abandon(): void {
      if (fd !== null) {
        fs.closeSync(fd);
        fd = null;
      }
      if (temporary !== null && fs.existsSync(temporary)) {
        fs.rmSync(temporary, { force: true });
      }
    },
  };
}
