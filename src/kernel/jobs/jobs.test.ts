import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.js';
import { createTestDatabase } from '../testing/test-database.js';
import { claimJobs } from './job.repository.js';
import { createJobs, type JobsOptions } from './index.js';

declare module './index.js' {
  interface JobPayloads {
    'kernel.test.greet': { who: string };
  }
}

const fast = { baseMs: 0, maxMs: 0 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await sql`delete from kernel_job`.execute(database.db);
});

function jobs(options: Partial<JobsOptions> = {}) {
  return createJobs({ db: database.db, retry: fast, ...options });
}

async function rows() {
  const result = await sql<{ id: number; name: string; status: string; attempts: number; last_error: string | null; run_at: Date; dedupe_key: string | null }>`
    select id, name, status, attempts, last_error, run_at, dedupe_key from kernel_job order by id`.execute(database.db);
  return result.rows;
}

describe('jobs', () => {
  it('runs an enqueued job once with its payload and counts it done', async () => {
    const queue = jobs();
    const seen: Array<{ who: string; attempt: number }> = [];
    queue.define('kernel.test.greet', async (payload, ctx) => {
      seen.push({ who: payload.who, attempt: ctx.attempt });
    });
    const id = await queue.enqueue(database.db, 'kernel.test.greet', { who: '鄂州' });
    expect(id).toBeTypeOf('number');
    expect(await queue.stats()).toEqual({ pending: 1, running: 0, done: 0, dead: 0 });
    expect(await queue.runOnce()).toBe(1);
    expect(await queue.runOnce()).toBe(0);
    expect(seen).toEqual([{ who: '鄂州', attempt: 1 }]);
    expect(await queue.stats()).toEqual({ pending: 0, running: 0, done: 1, dead: 0 });
  });

  it('does not keep a job enqueued in a transaction that rolled back', async () => {
    const queue = jobs();
    queue.define('kernel.test.greet', async () => {});
    await expect(
      database.db.transaction().execute(async (trx) => {
        await queue.enqueue(trx, 'kernel.test.greet', { who: 'nobody' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rows()).toEqual([]);
  });

  it('waits for runAt before running a job', async () => {
    const queue = jobs();
    queue.define('kernel.test.later', async () => {});
    await queue.enqueue(database.db, 'kernel.test.later', null, { runAt: new Date(Date.now() + 600) });
    expect(await queue.runOnce()).toBe(0);
    await sleep(700);
    expect(await queue.runOnce()).toBe(1);
  });

  it('enqueues a job with a dedupe key only once, even after it ran', async () => {
    const queue = jobs();
    let runs = 0;
    queue.define('kernel.test.once', async () => {
      runs += 1;
    });
    const first = await queue.enqueue(database.db, 'kernel.test.once', { n: 1 }, { dedupeKey: 'once:42' });
    expect(first).toBeTypeOf('number');
    expect(await queue.enqueue(database.db, 'kernel.test.once', { n: 2 }, { dedupeKey: 'once:42' })).toBeNull();
    await queue.runOnce();
    expect(await queue.enqueue(database.db, 'kernel.test.once', { n: 3 }, { dedupeKey: 'once:42' })).toBeNull();
    expect(await queue.runOnce()).toBe(0);
    expect(runs).toBe(1);
    expect(await rows()).toHaveLength(1);
  });

  it('refuses to enqueue a job nobody defined, and a name defined twice', async () => {
    const queue = jobs();
    await expect(queue.enqueue(database.db, 'kernel.test.nobody', {})).rejects.toMatchObject({ code: 'JOB_UNKNOWN' });
    await expect(queue.every('kernel.test.nobody', 1_000)).rejects.toMatchObject({ code: 'JOB_UNKNOWN' });
    queue.define('kernel.test.twice', async () => {});
    expect(() => queue.define('kernel.test.twice', async () => {})).toThrow(expect.objectContaining({ code: 'JOB_DEFINED_TWICE' }));
  });

  it('retries a failing job and leaves it dead with the last error after max attempts', async () => {
    const queue = jobs();
    let calls = 0;
    queue.define(
      'kernel.test.fails',
      async () => {
        calls += 1;
        throw new Error(`refused #${calls}`);
      },
      { maxAttempts: 3 },
    );
    await queue.enqueue(database.db, 'kernel.test.fails', {});
    for (let i = 0; i < 3; i += 1) {
      expect(await queue.runOnce()).toBe(1);
    }
    expect(await queue.runOnce()).toBe(0);
    expect(calls).toBe(3);
    expect(await rows()).toMatchObject([{ status: 'dead', attempts: 3, last_error: 'Error: refused #3' }]);
    expect(await queue.stats()).toEqual({ pending: 0, running: 0, done: 0, dead: 1 });
  });

  it('ends done when a job fails once then succeeds, after backing off', async () => {
    const queue = jobs({ retry: { baseMs: 500, maxMs: 10_000 } });
    let calls = 0;
    queue.define('kernel.test.flaky', async () => {
      calls += 1;
      if (calls === 1) {
        throw new Error('first try fails');
      }
    });
    await queue.enqueue(database.db, 'kernel.test.flaky', {});
    await queue.runOnce();
    expect(await queue.runOnce()).toBe(0);
    await sleep(600);
    expect(await queue.runOnce()).toBe(1);
    expect(await rows()).toMatchObject([{ status: 'done', attempts: 2, last_error: null }]);
  });

  it('fails a job that outlives its timeout and aborts its signal', async () => {
    const queue = jobs();
    let aborted = false;
    queue.define(
      'kernel.test.slow',
      (_payload, ctx) =>
        new Promise<void>((resolve) => {
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          });
        }),
      { timeoutMs: 50, maxAttempts: 1 },
    );
    await queue.enqueue(database.db, 'kernel.test.slow', {});
    await queue.runOnce();
    expect(aborted).toBe(true);
    expect(await rows()).toMatchObject([{ status: 'dead', last_error: expect.stringContaining('JOB_TIMED_OUT') }]);
  });

  it('runs again a job whose worker vanished, once the lease has run out', async () => {
    const queue = jobs();
    const attempts: number[] = [];
    queue.define('kernel.test.greet', async (_payload, ctx) => {
      attempts.push(ctx.attempt);
    });
    await queue.enqueue(database.db, 'kernel.test.greet', { who: 'again' });
    // Another worker claims the job and dies without finishing it.
    expect(await claimJobs(database.db, 'ghost', ['kernel.test.greet'], [300], 10)).toHaveLength(1);
    expect(await queue.stats()).toMatchObject({ pending: 0, running: 1 });
    expect(await queue.runOnce()).toBe(0);
    await sleep(400);
    expect(await queue.runOnce()).toBe(1);
    expect(attempts).toEqual([2]);
    expect(await rows()).toMatchObject([{ status: 'done' }]);
  });

  it('leaves dead a job whose worker vanished during the last attempt', async () => {
    const queue = jobs();
    let runs = 0;
    queue.define('kernel.test.last', async () => {
      runs += 1;
    }, { maxAttempts: 1 });
    await queue.enqueue(database.db, 'kernel.test.last', {});
    await claimJobs(database.db, 'ghost', ['kernel.test.last'], [100], 10);
    await sleep(200);
    expect(await queue.runOnce()).toBe(1);
    expect(runs).toBe(0);
    expect(await rows()).toMatchObject([{ status: 'dead', last_error: 'lease expired during the last attempt' }]);
  });

  it('claims only the jobs this process has defined', async () => {
    const here = jobs();
    here.define('kernel.test.here', async () => {});
    const elsewhere = jobs();
    elsewhere.define('kernel.test.elsewhere', async () => {});
    await elsewhere.enqueue(database.db, 'kernel.test.elsewhere', {});
    expect(await here.runOnce()).toBe(0);
    expect(await elsewhere.runOnce()).toBe(1);
  });

  it('keeps exactly one pending occurrence of a recurring job, across restarts', async () => {
    let runs = 0;
    const start = () => {
      const queue = jobs();
      queue.define('kernel.test.tick', async () => {
        runs += 1;
      });
      return queue;
    };
    const first = start();
    await first.every('kernel.test.tick', 600);
    await first.every('kernel.test.tick', 600);
    const restarted = start();
    await restarted.every('kernel.test.tick', 600);
    expect(await rows()).toMatchObject([{ status: 'pending', dedupe_key: 'every:kernel.test.tick' }]);

    const before = Date.now();
    expect(await restarted.runOnce()).toBe(1);
    expect(await restarted.runOnce()).toBe(0);
    const [next] = await rows();
    expect(await rows()).toHaveLength(1);
    expect(next?.status).toBe('pending');
    expect((next?.run_at.getTime() ?? 0) - before).toBeGreaterThan(500);

    await restarted.every('kernel.test.tick', 600);
    await sleep(700);
    expect(await first.runOnce()).toBe(1);
    expect(runs).toBe(2);
    expect(await rows()).toHaveLength(1);
    expect(await first.stats()).toEqual({ pending: 1, running: 0, done: 0, dead: 0 });
  });

  it('keeps a recurring job scheduled after it spends its attempts', async () => {
    const queue = jobs();
    queue.define('kernel.test.broken-tick', async () => {
      throw new Error('still broken');
    }, { maxAttempts: 2 });
    await queue.every('kernel.test.broken-tick', 60_000);
    await queue.runOnce();
    await queue.runOnce();
    expect(await queue.runOnce()).toBe(0);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'pending', attempts: 0, last_error: 'Error: still broken' });
    expect((row?.run_at.getTime() ?? 0) - Date.now()).toBeGreaterThan(50_000);
  });
});
