/**
 * Test fixture for jobs.two-process.test.ts, run as a child process: a node that works the
 * queue in the given schema until it is empty. Not part of the platform.
 *
 * Env: DATABASE_URL, YIWANG_TEST_SCHEMA, YIWANG_TEST_PROCESS (recorded with every run).
 * Prints "ready" once it can work, starts on a line on stdin, exits 0 when the queue is empty.
 */
import { once } from 'node:events';
import { sql } from 'kysely';
import { openDatabase } from '../db/index.js';
import { createJobs } from './jobs.js';
import { createWorker } from './worker.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const { DATABASE_URL: url, YIWANG_TEST_SCHEMA: schema, YIWANG_TEST_PROCESS: processName } = process.env;
if (!url || !schema || !processName) {
  throw new Error('DATABASE_URL, YIWANG_TEST_SCHEMA and YIWANG_TEST_PROCESS are required');
}

const database = await openDatabase({ url, schema, poolSize: 4 });
const jobs = createJobs({ db: database.db, batchSize: 5 });
jobs.define('kernel.test.record-run', async (_payload, ctx) => {
  // A little work, so both processes are busy at once.
  await sleep(3);
  await sql`insert into job_run (job_id, process) values (${ctx.id}, ${processName})`.execute(ctx.db);
});
const worker = createWorker({ jobs, pollMs: 5 });

process.stdout.write('ready\n');
await once(process.stdin, 'data');
worker.start();
for (;;) {
  const stats = await jobs.stats();
  if (stats.pending === 0 && stats.running === 0) {
    break;
  }
  await sleep(20);
}
await worker.stop();
await database.close();
process.exit(0);
