import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { createFieldCipher, loadOrCreateFieldKey } from '../../../kernel/crypto/field-cipher.js';
import { writeSyntheticPersons } from '../demo/demo.js';

const main = path.resolve(import.meta.dirname, '../../../cli/main.ts');

/** The CLI's environment: an embedded database in `dataDir`, never the test run's DATABASE_URL. */
function childEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.YIWANG_FIELD_KEY;
  return env;
}

const args = (file: string) => ['--import', 'tsx', main, 'import', 'persons', file, '--batch-size', '500', '--progress-every', '0'];

/** Starts an import and SIGKILLs it once `rows` are committed; resolves with how it ended. */
function importUntilKilled(file: string, dataDir: string, rows: number): Promise<{ signal: NodeJS.Signals | null; committedSeen: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args(file), { env: childEnv(dataDir), stdio: ['ignore', 'ignore', 'pipe'] });
    let committedSeen = 0;
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
      for (const match of text.matchAll(/ (\d+) committed/g)) {
        committedSeen = Math.max(committedSeen, Number(match[1]));
      }
      if (committedSeen >= rows && child.exitCode === null && !child.killed) {
        child.kill('SIGKILL');
      }
    });
    child.once('error', reject);
    child.once('exit', (_code, signal) => (signal === null && committedSeen < rows ? reject(new Error(`import ended before it was killed:\n${stderr}`)) : resolve({ signal, committedSeen })));
  });
}

describe('yiwang import persons, killed and rerun', () => {
  it('ends with exactly the valid rows, each once, and reports every reject with its line', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-import-kill-'));
    const file = path.join(dataDir, 'persons.csv');
    const spoiled = writeSyntheticPersons(file, { count: 20_000, seed: 'kill-test', spoilEvery: 97 });
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const spoiledLines = new Set(spoiled.map((s) => s.line));
    const validIds = lines.slice(1).flatMap((line, i) => (spoiledLines.has(i + 2) ? [] : [line.split(',')[0] as string]));
    expect(validIds.length).toBe(20_000 - spoiled.length);

    const killed = await importUntilKilled(file, dataDir, 2_000);
    expect(killed.signal).toBe('SIGKILL');

    const rerun = spawnSync(process.execPath, args(file), { env: childEnv(dataDir), encoding: 'utf8', timeout: 180_000 });
    expect(rerun.status, rerun.stderr).toBe(0);
    const resumedAfter = Number(/resumed after line (\d+)/.exec(rerun.stdout)?.[1]);
    expect(resumedAfter).toBeGreaterThan(1);
    const [, written, skipped, rejected] = /(\d+) written, (\d+) skipped \(committed earlier\), (\d+) rejected/.exec(rerun.stdout) ?? [];
    expect(Number(written) + Number(skipped)).toBe(validIds.length);
    expect(Number(skipped)).toBeGreaterThanOrEqual(2_000);
    expect(Number(rejected)).toBe(spoiled.length);

    const rejects = fs.readFileSync(`${file}.rejects.csv`, 'utf8').trimEnd().split('\n').slice(1);
    expect(rejects.map((line) => line.split(',').slice(0, 2))).toEqual(spoiled.map((s) => [String(s.line), s.code]));

    const cipher = createFieldCipher(loadOrCreateFieldKey({ dir: path.join(dataDir, 'keys') }));
    const pglite = await PGlite.create(path.join(dataDir, 'pglite'));
    try {
      const { rows } = await pglite.query<{ bidx: string }>(`select encode(id_number_bidx, 'hex') as bidx from registry_person`);
      expect(rows.length).toBe(validIds.length);
      expect(new Set(rows.map((r) => r.bidx))).toEqual(new Set(validIds.map((id) => cipher.blindIndex(id).toString('hex'))));
      const run = await pglite.query<{ status: string; rows_committed: number }>(`select status, rows_committed from registry_import_run`);
      expect(run.rows).toEqual([{ status: 'completed', rows_committed: validIds.length }]);
    } finally {
      await pglite.close();
    }
  }, 180_000);
});
