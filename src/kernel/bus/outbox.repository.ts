import { sql, type Generated } from 'kysely';
import { tablesOf, type Executor } from '../db/index.js';
import { jsonText } from './claim.js';

interface OutboxTable {
  id: Generated<number>;
  type: string;
  payload: unknown;
  occurred_at: Generated<Date>;
  available_at: Generated<Date>;
  status: Generated<'pending' | 'done' | 'dead'>;
  attempts: Generated<number>;
  max_attempts: number;
  delivered: Generated<string[]>;
  last_error: string | null;
  locked_by: string | null;
  locked_until: Date | null;
  done_at: Date | null;
}

interface Tables {
  kernel_outbox: OutboxTable;
}

export interface ClaimedEvent {
  id: number;
  type: string;
  payload: unknown;
  occurred_at: Date;
  attempts: number;
  max_attempts: number;
  delivered: string[];
}

/** A claim is ours while `locked_by` and `attempts` still match what the claim set. */
export interface Claim {
  id: number;
  attempts: number;
  workerId: string;
}

/** Inserts events in the order given (their ids, and so their delivery, follow it), in one statement. */
export async function insertEvents(executor: Executor, events: ReadonlyArray<{ type: string; payload: unknown }>, maxAttempts: number): Promise<void> {
  const query = insertEventsQuery(executor, events, maxAttempts);
  if (query) {
    await query.execute();
  }
}

/** {@link insertEvents} as a query, to run as part of a larger statement; null when there are none. */
export function insertEventsQuery(executor: Executor, events: ReadonlyArray<{ type: string; payload: unknown }>, maxAttempts: number) {
  if (events.length === 0) {
    return null;
  }
  return tablesOf<Tables>(executor)
    .insertInto('kernel_outbox')
    .values(events.map(({ type, payload }) => ({ type, payload: sql`${jsonText(payload)}::text::jsonb`, max_attempts: maxAttempts })));
}

/**
 * Leases up to `limit` due events to `workerId` in one statement. Rows another worker is
 * claiming are skipped, not waited for; rows whose lease has run out are taken again.
 */
export async function claimEvents(executor: Executor, workerId: string, limit: number, leaseMs: number): Promise<ClaimedEvent[]> {
  const db = tablesOf<Tables>(executor);
  const rows = await db
    .updateTable('kernel_outbox')
    .set({
      locked_by: workerId,
      locked_until: sql`now() + ${leaseMs}::int * interval '1 millisecond'`,
      attempts: sql`attempts + 1`,
    })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('kernel_outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('available_at', '<=', sql<Date>`now()`)
        .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<', sql<Date>`now()`)]))
        .orderBy('available_at')
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'type', 'payload', 'occurred_at', 'attempts', 'max_attempts', 'delivered'])
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

/** Gives back claimed events untouched (the attempt is not counted), for another round. */
export async function releaseEvents(executor: Executor, claims: Claim[]): Promise<void> {
  for (const claim of claims) {
    await tablesOf<Tables>(executor)
      .updateTable('kernel_outbox')
      .set({ locked_by: null, locked_until: null, attempts: sql`attempts - 1` })
      .where('id', '=', claim.id)
      .where('locked_by', '=', claim.workerId)
      .where('attempts', '=', claim.attempts)
      .execute();
  }
}

/** Records, inside the handler's transaction, that subscriber `name` has handled the event. */
export async function markDelivered(executor: Executor, id: number, name: string): Promise<void> {
  await tablesOf<Tables>(executor)
    .updateTable('kernel_outbox')
    .set({ delivered: sql`array_append(delivered, ${name}::text)` })
    .where('id', '=', id)
    .where(sql<boolean>`not (${name}::text = any(delivered))`)
    .execute();
}

/** Finishes a claim as done; false when the lease was lost to another worker meanwhile. */
export async function finishDone(executor: Executor, claim: Claim): Promise<boolean> {
  const result = await tablesOf<Tables>(executor)
    .updateTable('kernel_outbox')
    .set({ status: 'done', done_at: sql`now()`, locked_by: null, locked_until: null, last_error: null })
    .where('id', '=', claim.id)
    .where('locked_by', '=', claim.workerId)
    .where('attempts', '=', claim.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Finishes a failed claim: back to pending after `delayMs`, or dead once attempts are spent. */
export async function finishFailed(executor: Executor, claim: Claim, error: string, delayMs: number): Promise<'retry' | 'dead' | 'lost'> {
  const row = await tablesOf<Tables>(executor)
    .updateTable('kernel_outbox')
    .set({
      status: sql`case when attempts >= max_attempts then 'dead' else 'pending' end`,
      available_at: sql`case when attempts >= max_attempts then available_at else now() + ${delayMs}::int * interval '1 millisecond' end`,
      last_error: error,
      locked_by: null,
      locked_until: null,
    })
    .where('id', '=', claim.id)
    .where('locked_by', '=', claim.workerId)
    .where('attempts', '=', claim.attempts)
    .returning('status')
    .executeTakeFirst();
  return row ? (row.status === 'dead' ? 'dead' : 'retry') : 'lost';
}
