import { sql, type Generated } from 'kysely';
import { tablesOf, type Executor } from '../db/index.js';
import { jsonText } from '../bus/claim.js';

interface JobTable {
  id: Generated<number>;
  name: string;
  payload: unknown;
  run_at: Generated<Date>;
  created_at: Generated<Date>;
  status: Generated<'pending' | 'done' | 'dead'>;
  attempts: Generated<number>;
  max_attempts: number;
  dedupe_key: string | null;
  repeat_ms: number | null;
  last_error: string | null;
  locked_by: string | null;
  locked_until: Date | null;
  done_at: Date | null;
}

interface Tables {
  kernel_job: JobTable;
}

export interface ClaimedJob {
  id: number;
  name: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  repeat_ms: number | null;
}

export interface Claim {
  id: number;
  attempts: number;
  workerId: string;
}

export interface NewJob {
  name: string;
  payload: unknown;
  maxAttempts: number;
  runAt?: Date | undefined;
  dedupeKey?: string | undefined;
  repeatMs?: number | undefined;
}

const ms = (value: number) => sql`${Math.round(value)}::int * interval '1 millisecond'`;

/** Inserts a job; with a dedupe key already present it does nothing and returns null. */
export async function insertJob(executor: Executor, job: NewJob): Promise<number | null> {
  const row = await tablesOf<Tables>(executor)
    .insertInto('kernel_job')
    .values({
      name: job.name,
      payload: sql`${jsonText(job.payload)}::text::jsonb`,
      max_attempts: job.maxAttempts,
      dedupe_key: job.dedupeKey ?? null,
      repeat_ms: job.repeatMs ?? null,
      ...(job.runAt ? { run_at: job.runAt } : {}),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Keeps a recurring schedule's interval current without touching its next run. */
export async function updateRepeat(executor: Executor, dedupeKey: string, repeatMs: number): Promise<void> {
  await tablesOf<Tables>(executor)
    .updateTable('kernel_job')
    .set({ repeat_ms: repeatMs })
    .where('dedupe_key', '=', dedupeKey)
    .where('repeat_ms', 'is distinct from', repeatMs)
    .execute();
}

/**
 * Leases up to `limit` due jobs among `names` to `workerId` in one statement; each lease
 * lasts `leases[i]` ms for `names[i]`. Locked rows are skipped, expired leases retaken.
 */
export async function claimJobs(executor: Executor, workerId: string, names: string[], leases: number[], limit: number): Promise<ClaimedJob[]> {
  const db = tablesOf<Tables>(executor);
  const rows = await db
    .updateTable('kernel_job')
    .set({
      locked_by: workerId,
      locked_until: sql`now() + (${leases}::int[])[array_position(${names}::text[], name)] * interval '1 millisecond'`,
      attempts: sql`attempts + 1`,
    })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('kernel_job')
        .select('id')
        .where('status', '=', 'pending')
        .where('run_at', '<=', sql<Date>`now()`)
        .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<', sql<Date>`now()`)]))
        .where(sql<boolean>`name = any(${names}::text[])`)
        .orderBy('run_at')
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'name', 'payload', 'attempts', 'max_attempts', 'repeat_ms'])
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

/**
 * Finishes a claim. A one-off job becomes done; a recurring one goes back to pending for its
 * next run. Returns false when the lease was lost to another worker meanwhile.
 */
export async function finishDone(executor: Executor, claim: Claim): Promise<boolean> {
  const result = await tablesOf<Tables>(executor)
    .updateTable('kernel_job')
    .set({
      status: sql`case when repeat_ms is null then 'done' else 'pending' end`,
      run_at: sql`case when repeat_ms is null then run_at else now() + repeat_ms * interval '1 millisecond' end`,
      attempts: sql`case when repeat_ms is null then attempts else 0 end`,
      done_at: sql`now()`,
      last_error: null,
      locked_by: null,
      locked_until: null,
    })
    .where('id', '=', claim.id)
    .where('locked_by', '=', claim.workerId)
    .where('attempts', '=', claim.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Finishes a failed claim: retried after `delayMs` while attempts remain; then a one-off job
 * is dead and a recurring one waits for its next run (keeping the error).
 */
export async function finishFailed(executor: Executor, claim: Claim, error: string, delayMs: number): Promise<'retry' | 'dead' | 'next' | 'lost'> {
  const spent = sql<boolean>`attempts >= max_attempts`;
  const row = await tablesOf<Tables>(executor)
    .updateTable('kernel_job')
    .set({
      status: sql`case when ${spent} and repeat_ms is null then 'dead' else 'pending' end`,
      run_at: sql`case
        when not ${spent} then now() + ${ms(delayMs)}
        when repeat_ms is not null then now() + repeat_ms * interval '1 millisecond'
        else run_at end`,
      attempts: sql`case when ${spent} and repeat_ms is not null then 0 else attempts end`,
      last_error: error,
      locked_by: null,
      locked_until: null,
    })
    .where('id', '=', claim.id)
    .where('locked_by', '=', claim.workerId)
    .where('attempts', '=', claim.attempts)
    .returning(['status', 'attempts'])
    .executeTakeFirst();
  if (!row) {
    return 'lost';
  }
  if (row.status === 'dead') {
    return 'dead';
  }
  return row.attempts === 0 ? 'next' : 'retry';
}

export interface JobStats {
  /** Waiting to run (including retries and future runs). */
  pending: number;
  /** Claimed by a worker whose lease has not run out. */
  running: number;
  done: number;
  dead: number;
}

export async function countJobs(executor: Executor): Promise<JobStats> {
  const result = await sql<JobStats>`
    select
      count(*) filter (where status = 'pending' and (locked_until is null or locked_until < now()))::int as pending,
      count(*) filter (where status = 'pending' and locked_until >= now())::int as running,
      count(*) filter (where status = 'done')::int as done,
      count(*) filter (where status = 'dead')::int as dead
    from kernel_job`.execute(executor);
  return result.rows[0] ?? { pending: 0, running: 0, done: 0, dead: 0 };
}
