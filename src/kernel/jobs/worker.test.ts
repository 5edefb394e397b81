import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../db/index.js';
import { createBus, type Bus } from '../bus/index.js';
import { createTestDatabase } from '../testing/test-database.js';
import { createJobs, createWorker, type Jobs } from './index.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function until(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await sleep(10);
  }
}

describe('worker', () => {
  it('delivers events and runs jobs in the background, and a failing handler does not stop it', async () => {
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const bus = createBus({ db: database.db, retry: { baseMs: 0, maxMs: 0 }, maxAttempts: 2, logger });
    const jobs = createJobs({ db: database.db, retry: { baseMs: 0, maxMs: 0 }, logger });
    const seen: string[] = [];
    bus.subscribe('kernel.test.worker-event', 'broken', async () => {
      throw new Error('broken subscriber');
    });
    bus.subscribe('kernel.test.worker-event', 'recorder', async (event) => {
      seen.push(`event:${String((event.payload as { n: number }).n)}`);
    });
    jobs.define('kernel.test.worker-job', async (payload) => {
      seen.push(`job:${String((payload as { n: number }).n)}`);
    });
    jobs.define('kernel.test.worker-broken-job', async () => {
      throw new Error('broken job');
    }, { maxAttempts: 2 });
    const worker = createWorker({ bus, jobs, pollMs: 20, logger });
    worker.start();
    worker.start();
    await database.db.transaction().execute(async (trx) => {
      await bus.publish(trx, { type: 'kernel.test.worker-event', payload: { n: 1 } });
      await jobs.enqueue(trx, 'kernel.test.worker-broken-job', {});
      await jobs.enqueue(trx, 'kernel.test.worker-job', { n: 2 });
    });
    await until(async () => (await jobs.stats()).dead === 1 && seen.length === 2);
    await until(async () => {
      const result = await sql<{ status: string }>`select status from kernel_outbox`.execute(database.db);
      return result.rows[0]?.status === 'dead';
    });
    await worker.stop();
    expect(seen.sort()).toEqual(['event:1', 'job:2']);
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ name: 'kernel.test.worker-broken-job' }), 'job dead after its last attempt');
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ type: 'kernel.test.worker-event' }), 'event dead after its last attempt');
  });

  it('finishes the work in flight before stop resolves', async () => {
    const jobs = createJobs({ db: database.db });
    let finished = false;
    jobs.define('kernel.test.worker-slow', async () => {
      await sleep(200);
      finished = true;
    });
    await jobs.enqueue(database.db, 'kernel.test.worker-slow', {});
    const worker = createWorker({ jobs, pollMs: 10 });
    worker.start();
    await until(async () => (await jobs.stats()).running === 1);
    await worker.stop();
    expect(finished).toBe(true);
    expect(await jobs.stats()).toMatchObject({ running: 0 });
  });

  it('keeps polling after a step throws, and stops promptly while idle', async () => {
    let calls = 0;
    const failingBus = {
      dispatchOnce: async () => {
        calls += 1;
        throw new Error('database unreachable');
      },
    } as unknown as Bus;
    const idleJobs = { runOnce: async () => 0 } as unknown as Jobs;
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const worker = createWorker({ bus: failingBus, jobs: idleJobs, pollMs: 10, logger });
    worker.start();
    await until(async () => calls >= 3);
    const worker2 = createWorker({ jobs: idleJobs, pollMs: 60_000 });
    worker2.start();
    const started = Date.now();
    await Promise.all([worker.stop(), worker2.stop()]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ loop: 'bus' }), 'worker step failed');
  });
});
