import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/test-database.js';
import { createJobs } from './index.js';

const fixture = path.join(import.meta.dirname, 'jobs.fixture-worker.ts');
const JOBS = 300;

function startNode(name: string, url: string, schema: string): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, DATABASE_URL: url, YIWANG_TEST_SCHEMA: schema, YIWANG_TEST_PROCESS: name },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      if (code !== 0) {
        console.error(`${name} exited with ${String(code)}: ${stderr}`);
      }
      resolve(code);
    });
  });
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) {
        resolve();
      }
    });
    void exited.then(() => reject(new Error(`${name} exited before it was ready: ${stderr}`)));
  });
  return { child, ready, exited };
}

describe('jobs across processes', () => {
  it.skipIf(!process.env.DATABASE_URL)('two processes on one PostgreSQL never run the same job twice', async () => {
    const database = await createTestDatabase();
    const nodes: Array<ReturnType<typeof startNode>> = [];
    try {
      const { url, schema } = database;
      if (!url || !schema) {
        throw new Error('expected a PostgreSQL test schema');
      }
      await sql`create table job_run (job_id bigint not null, process text not null)`.execute(database.db);
      nodes.push(startNode('a', url, schema), startNode('b', url, schema));
      await Promise.all(nodes.map((node) => node.ready));

      const jobs = createJobs({ db: database.db });
      jobs.define('kernel.test.record-run', async () => {});
      await database.db.transaction().execute(async (trx) => {
        for (let i = 0; i < JOBS; i += 1) {
          await jobs.enqueue(trx, 'kernel.test.record-run', { i });
        }
      });
      for (const node of nodes) {
        node.child.stdin?.end('go\n');
      }
      expect(await Promise.all(nodes.map((node) => node.exited))).toEqual([0, 0]);

      const runs = await sql<{ job_id: number; times: number }>`
        select job_id, count(*)::int as times from job_run group by job_id`.execute(database.db);
      expect(runs.rows).toHaveLength(JOBS);
      expect(runs.rows.filter((row) => row.times !== 1)).toEqual([]);
      const perProcess = await sql<{ process: string; runs: number }>`
        select process, count(*)::int as runs from job_run group by process order by process`.execute(database.db);
      expect(perProcess.rows.map((row) => row.process)).toEqual(['a', 'b']);
      expect(perProcess.rows.every((row) => row.runs > 0)).toBe(true);
      expect(await jobs.stats()).toEqual({ pending: 0, running: 0, done: JOBS, dead: 0 });
    } finally {
      for (const node of nodes) {
        if (node.child.exitCode === null && node.child.signalCode === null) {
          node.child.kill('SIGKILL');
        }
      }
      await Promise.all(nodes.map((node) => node.exited));
      await database.close();
    }
  }, 120_000);
});
