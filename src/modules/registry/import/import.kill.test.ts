import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createFieldCipher, loadOrCreateFieldKey } from '../../../kernel/crypto/field-cipher.js';
import { writeSyntheticPersons } from '../demo/demo.js';

const main = path.resolve(import.meta.dirname, '../../../cli/main.ts');

/**
 * Where the CLI imports: with DATABASE_URL set (the PostgreSQL test run), a fresh schema
 * there, through COPY; else an embedded database in `dataDir`.
 */
async function openTarget(dataDir: string): Promise<{ env: NodeJS.ProcessEnv; query<R>(text: string): Promise<R[]>; close(): Promise<void> }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.YIWANG_FIELD_KEY;
  const url = process.env.DATABASE_URL;
  if (!url) {
    let pglite: PGlite | undefined;
    return {
      env,
      query: async <R>(text: string) => {
        pglite ??= await PGlite.create(path.join(dataDir, 'pglite'));
        return (await pglite.query<R>(text)).rows;
      },
      close: async () => pglite?.close(),
    };
  }
  const schema = `kill_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`create schema ${schema}; set search_path = ${schema}`);
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  return {
    env: { ...env, DATABASE_URL: scoped.toString() },
    query: async <R>(text: string) => (await client.query(text)).rows as R[],
    close: async () => {
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    },
  };
}

const args = (file: string) => ['--import', 'tsx', main, 'import', 'persons', file, '--batch-size', '500', '--progress-every', '0'];

/** Starts an import and SIGKILLs it once `rows` are committed; resolves with how it ended. */
function importUntilKilled(file: string, env: NodeJS.ProcessEnv, rows: number): Promise<{ signal: NodeJS.Signals | null; committedSeen: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args(file), { env, stdio: ['ignore', 'ignore', 'pipe'] });
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

    const target = await openTarget(dataDir);
    try {
      const killed = await importUntilKilled(file, target.env, 2_000);
      expect(killed.signal).toBe('SIGKILL');

      const rerun = spawnSync(process.execPath, args(file), { env: target.env, encoding: 'utf8', timeout: 180_000 });
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
      const rows = await target.query<{ bidx: string }>(`select encode(id_number_bidx, 'hex') as bidx from registry_person`);
      expect(rows.length).toBe(validIds.length);
      expect(new Set(rows.map((r) => r.bidx))).toEqual(new Set(validIds.map((id) => cipher.blindIndex(id).toString('hex'))));
      const run = await target.query<{ status: string; rows_committed: number }>(`select status, rows_committed from registry_import_run`);
      expect(run).toEqual([{ status: 'completed', rows_committed: validIds.length }]);
    } finally {
      await target.close();
    }
  }, 180_000);
});
