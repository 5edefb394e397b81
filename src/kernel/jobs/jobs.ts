import type { Db, Executor } from '../db/index.js';
import { JobDefinedTwice, JobTimedOut, JobUnknown } from '../bus/bus.errors.js';
import { defaultRetry, describeError, newWorkerId, retryDelayMs, silentLogger, type Logger, type RetryPolicy } from '../bus/claim.js';
import { claimJobs, countJobs, finishDone, finishFailed, insertJob, updateRepeat, type ClaimedJob, type JobStats } from './job.repository.js';

/**
 * The catalogue of job payloads, filled by each module through module augmentation:
 *
 * ```ts
 * declare module '../../kernel/jobs/index.js' {
 *   interface JobPayloads { 'licenses.expire': { licenseId: string } }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by augmentation
export interface JobPayloads {}

export type JobName = keyof JobPayloads | (string & {});
export type JobPayload<N extends string> = N extends keyof JobPayloads ? JobPayloads[N] : unknown;

export interface JobContext {
  readonly id: number;
  readonly name: string;
  /** 1 on the first run; higher on retries. */
  readonly attempt: number;
  /** Aborted when the job exceeds its `timeoutMs`; pass it on to fetch and the like. */
  readonly signal: AbortSignal;
  readonly db: Db;
}

/**
 * Runs one job, outside any transaction (open one on `ctx.db` when needed). Delivery is at
 * least once: a job may run again after a crash or a lost lease, so make it idempotent.
 */
export type JobHandler<N extends string = string> = (payload: JobPayload<N>, ctx: JobContext) => Promise<void>;

export interface JobOptions {
  /** Runs before the job is dead (default 5). */
  maxAttempts?: number;
  /** A run taking longer fails and its signal is aborted (default 60 s). */
  timeoutMs?: number;
}

export interface EnqueueOptions {
  /** Not before this time (default now). */
  runAt?: Date;
  /** While a job with this key exists (in any state), enqueueing it again does nothing. */
  dedupeKey?: string;
}

export interface Jobs {
  /** Declares a job this process can run; every name is defined once, at start-up. */
  define<N extends JobName>(name: N, handler: JobHandler<N>, options?: JobOptions): void;
  /**
   * Adds a job through `executor`, so it exists exactly when the caller's transaction
   * commits. Returns its id, or null when `dedupeKey` was already taken.
   */
  enqueue<N extends JobName>(executor: Executor, name: N, payload: JobPayload<N>, options?: EnqueueOptions): Promise<number | null>;
  /**
   * Runs job `name` every `intervalMs`: one row in the database (dedupe key `every:<name>`),
   * first due now, due again `intervalMs` after each run ends, kept across restarts and
   * shared by all nodes. Failed runs retry as usual; when attempts run out the schedule
   * still continues with the next interval.
   */
  every<N extends JobName>(name: N, intervalMs: number, payload?: JobPayload<N>): Promise<void>;
  /** Claims the due jobs this process has defined (one batch), runs them concurrently. */
  runOnce(): Promise<number>;
  stats(): Promise<JobStats>;
}

export interface JobsOptions {
  db: Db;
  logger?: Logger;
  /** Jobs claimed and run together per `runOnce` (default 10). */
  batchSize?: number;
  /** Added to a job's timeout to make its lease (default 30 s). */
  leaseGraceMs?: number;
  retry?: RetryPolicy;
}

interface Definition {
  handler: JobHandler;
  maxAttempts: number;
  timeoutMs: number;
}

/** Creates the job queue over the `kernel_job` table. */
export function createJobs(options: JobsOptions): Jobs {
  const { db } = options;
  const logger = options.logger ?? silentLogger;
  const batchSize = options.batchSize ?? 10;
  const leaseGraceMs = options.leaseGraceMs ?? 30_000;
  const retry = options.retry ?? defaultRetry;
  const workerId = newWorkerId('jobs');
  const definitions = new Map<string, Definition>();

  function definition(name: string): Definition {
    const found = definitions.get(name);
    if (!found) {
      throw JobUnknown({ name });
    }
    return found;
  }

  async function execute(row: ClaimedJob, def: Definition): Promise<void> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Reject first: a handler that settles on abort must not win the race.
        reject(JobTimedOut({ name: row.name, timeoutMs: def.timeoutMs }));
        controller.abort();
      }, def.timeoutMs);
    });
    const context: JobContext = { id: row.id, name: row.name, attempt: row.attempts, signal: controller.signal, db };
    try {
      await Promise.race([def.handler(row.payload, context), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function run(row: ClaimedJob): Promise<void> {
    const claim = { id: row.id, attempts: row.attempts, workerId };
    const log = { jobId: row.id, name: row.name, attempt: row.attempts };
    let error: string;
    if (row.attempts > row.max_attempts) {
      // The previous claimer took the last attempt and vanished before finishing it.
      error = 'lease expired during the last attempt';
    } else {
      try {
        await execute(row, definition(row.name));
        if (!(await finishDone(db, claim))) {
          logger.warn(log, 'job lease lost before finishing');
        }
        return;
      } catch (caught) {
        error = describeError(caught);
        logger.warn({ ...log, err: caught }, 'job failed');
      }
    }
    const outcome = await finishFailed(db, claim, error, retryDelayMs(row.attempts, retry));
    if (outcome === 'dead' || outcome === 'next') {
      logger.error({ ...log, error }, outcome === 'dead' ? 'job dead after its last attempt' : 'recurring job failed its last attempt');
    }
  }

  return {
    define(name, handler, jobOptions = {}) {
      if (definitions.has(name)) {
        throw JobDefinedTwice({ name });
      }
      definitions.set(name, {
        handler: handler as JobHandler,
        maxAttempts: jobOptions.maxAttempts ?? 5,
        timeoutMs: jobOptions.timeoutMs ?? 60_000,
      });
    },

    async enqueue(executor, name, payload, enqueueOptions = {}) {
      const { maxAttempts } = definition(name);
      return insertJob(executor, { name, payload, maxAttempts, runAt: enqueueOptions.runAt, dedupeKey: enqueueOptions.dedupeKey });
    },

    async every(name, intervalMs, payload) {
      const { maxAttempts } = definition(name);
      const dedupeKey = `every:${name}`;
      const repeatMs = Math.max(1, Math.round(intervalMs));
      const id = await insertJob(db, { name, payload: payload ?? null, maxAttempts, dedupeKey, repeatMs });
      if (id === null) {
        await updateRepeat(db, dedupeKey, repeatMs);
      }
    },

    async runOnce() {
      const names = [...definitions.keys()];
      if (names.length === 0) {
        return 0;
      }
      const leases = names.map((name) => definition(name).timeoutMs + leaseGraceMs);
      const rows = await claimJobs(db, workerId, names, leases, batchSize);
      await Promise.all(
        rows.map((row) =>
          run(row).catch((error: unknown) => {
            // The database failed while finishing; the lease will expire and the job retry.
            logger.error({ jobId: row.id, name: row.name, err: error }, 'job outcome could not be recorded');
          }),
        ),
      );
      return rows.length;
    },

    stats: () => countJobs(db),
  };
}
