import { sql, type Compilable, type OperationNodeSource } from 'kysely';
import type { Executor } from './database.js';

/** A data-modifying query (insert, update, delete) that can run as one part of a larger statement. */
export type WriteQuery = Compilable<unknown> & OperationNodeSource;

/**
 * Runs several data-modifying queries as one statement — each a CTE of `with … select 1` —
 * so that a busy transaction pays one round trip for them instead of one each (on a busy
 * node a round trip costs more waiting in the event loop than in the database). The parts
 * run on one snapshot: none sees another's rows, and no row may be changed by two of them.
 * Absent parts are skipped.
 */
export async function executeTogether(executor: Executor, queries: ReadonlyArray<WriteQuery | null | undefined>): Promise<void> {
  const parts = queries.filter((q): q is WriteQuery => q !== null && q !== undefined);
  if (parts.length === 0) {
    return;
  }
  if (parts.length === 1) {
    await executor.executeQuery(parts[0]!.compile());
    return;
  }
  const ctes = sql.join(
    parts.map((query, i) => sql`${sql.id(`part_${i}`)} as (${query})`),
    sql`, `,
  );
  await sql`with ${ctes} select 1`.execute(executor);
}
