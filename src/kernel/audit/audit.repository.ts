import { sql, type Generated, type Kysely, type RawBuilder } from 'kysely';
import { tablesOf, type Executor, type WriteQuery } from '../db/index.js';

/** A record as stored, `at` already in the ISO form that the hash covers. */
export interface StoredRecord {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  details: unknown;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

interface AuditTables {
  kernel_audit_log: StoredRecord;
  kernel_audit_head: { id: number; seq: number; hash: string };
  kernel_audit_checkpoint: {
    id: Generated<number>;
    seq: number;
    hash: string;
    signed_at: Generated<string>;
    signature: string;
    key_fingerprint: string;
  };
}


export interface StoredCheckpoint {
  id: number;
  seq: number;
  hash: string;
  signed_at: string;
  signature: string;
  key_fingerprint: string;
}

// A fixed key that every node agrees on; the migrator uses 727001.
const CHECKPOINT_LOCK = 727_102;

const t = (executor: Executor): Kysely<AuditTables> => tablesOf<AuditTables>(executor);

/**
 * A timestamptz as ISO 8601 UTC text with microseconds; {@link isoFromPg} shortens it to
 * milliseconds. Formatting in SQL keeps sub-millisecond edits visible to the verifier.
 */
function isoText(column: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
}

/** `…:02.769000` → `…:02.769Z`; a value with microseconds keeps them (and fails its hash). */
export function isoFromPg(text: string): string {
  return /\.\d{3}000$/.test(text) ? `${text.slice(0, -3)}Z` : `${text}Z`;
}

const recordColumns = [
  'seq',
  'actor',
  'action',
  'target',
  'details',
  'ip',
  'prev_hash',
  'hash',
] as const;

function withIsoAt<T extends { at: string }>(row: T): T {
  return { ...row, at: isoFromPg(row.at) };
}

/** The head of the chain as a claim found it: the seq and hash before the claimed seqs. */
export interface ClaimedHead {
  /** The database clock at the claim (ms precision, ISO): every claimed record's `at`. */
  at: string;
  seq: number;
  hash: string;
  /** The transaction's isolation level. */
  isolation: string;
  /** How many seqs were claimed after `seq`. */
  count: number;
}

/**
 * Reserves `count` seqs at the head of the chain: an `update … returning` whose one row's
 * `audit_head` column {@link parseClaimedHead} reads. The head row stays locked until the
 * transaction ends, which orders appenders on every node. A caller may run it as a CTE of
 * its own statement.
 */
export function claimHeadQuery(count: number): RawBuilder<{ audit_head: unknown }> {
  return sql<{ audit_head: unknown }>`
    update kernel_audit_head set seq = seq + ${count}
    where id = 1
    returning json_build_object(
      'count', ${count}::int, 'seq', seq - ${count}, 'hash', hash,
      'at', ${isoText(sql`date_trunc('milliseconds', clock_timestamp())`)},
      'isolation', current_setting('transaction_isolation')) as audit_head`;
}

/** @throws Error when the claim found no head row (the audit migration did not run). */
export function parseClaimedHead(value: unknown): ClaimedHead {
  const row = (typeof value === 'string' ? JSON.parse(value) : value) as { at: string; seq: number | string; hash: string; isolation: string; count: number | string } | null | undefined;
  if (!row) {
    throw new Error('kernel_audit_head has no row: the audit migration did not run');
  }
  return { at: isoFromPg(row.at), seq: Number(row.seq), hash: row.hash, isolation: row.isolation, count: Number(row.count) };
}

/** A record to insert: its details also as the JSON text to store (the canonical JSON that was hashed). */
export type NewRecord = StoredRecord & { detailsJson: string };

/** The statements that insert the records claimed by {@link claimHeadQuery} and move the head's hash to the last. */
export function insertRecordsQueries(executor: Executor, records: readonly NewRecord[]): WriteQuery[] {
  const last = records.at(-1);
  if (!last) {
    return [];
  }
  return [
    t(executor).updateTable('kernel_audit_head').set({ hash: last.hash }).where('id', '=', 1),
    t(executor)
      .insertInto('kernel_audit_log')
      .values(
        records.map(({ detailsJson, ...record }) => ({
          ...record,
          at: sql<string>`${record.at}::timestamptz`,
          details: detailsJson,
        })),
      ),
  ];
}

export async function lastRecord(executor: Executor): Promise<{ seq: number; hash: string } | undefined> {
  return t(executor).selectFrom('kernel_audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export async function lockForCheckpoint(trx: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${CHECKPOINT_LOCK}::bigint)`.execute(trx);
}

export async function lastCheckpointSeq(executor: Executor): Promise<number | null> {
  const row = await t(executor)
    .selectFrom('kernel_audit_checkpoint')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return row?.seq ?? null;
}

export async function insertCheckpoint(
  trx: Executor,
  checkpoint: { seq: number; hash: string; signature: string; key_fingerprint: string },
): Promise<void> {
  await t(trx).insertInto('kernel_audit_checkpoint').values(checkpoint).execute();
}

export interface RecordFilter {
  action?: string | undefined;
  actor?: string | undefined;
}

export async function listRecords(
  executor: Executor,
  filter: RecordFilter,
  limit: number,
  offset: number,
): Promise<StoredRecord[]> {
  const rows = await t(executor)
    .selectFrom('kernel_audit_log')
    .select([...recordColumns, isoText(sql`at`).as('at')])
    .$if(filter.action !== undefined, (q) => q.where('action', '=', filter.action as string))
    .$if(filter.actor !== undefined, (q) => q.where('actor', '=', filter.actor as string))
    .orderBy('seq', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(withIsoAt);
}

export async function countRecords(executor: Executor, filter: RecordFilter = {}): Promise<number> {
  const row = await t(executor)
    .selectFrom('kernel_audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$if(filter.action !== undefined, (q) => q.where('action', '=', filter.action as string))
    .$if(filter.actor !== undefined, (q) => q.where('actor', '=', filter.actor as string))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Records with afterSeq < seq <= uptoSeq, in seq order: one batch of a verification pass. */
export async function recordsBetween(
  executor: Executor,
  afterSeq: number,
  uptoSeq: number,
  limit: number,
): Promise<StoredRecord[]> {
  const rows = await t(executor)
    .selectFrom('kernel_audit_log')
    .select([...recordColumns, isoText(sql`at`).as('at')])
    .where('seq', '>', afterSeq)
    .where('seq', '<=', uptoSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(withIsoAt);
}

/** The first record (by seq) whose stored hash is `hash`. */
export async function recordByHash(executor: Executor, hash: string): Promise<StoredRecord | undefined> {
  const row = await t(executor)
    .selectFrom('kernel_audit_log')
    .select([...recordColumns, isoText(sql`at`).as('at')])
    .where('hash', '=', hash)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  return row ? withIsoAt(row) : undefined;
}

/** What a verification pass covers, read checkpoints first so none can outrun the records. */
export async function verificationBounds(
  executor: Executor,
): Promise<{ maxCheckpointId: number; maxSeq: number; records: number; checkpoints: number }> {
  const checkpoints = await t(executor)
    .selectFrom('kernel_audit_checkpoint')
    .select((eb) => [eb.fn.max('id').as('id'), eb.fn.countAll<number>().as('n')])
    .executeTakeFirstOrThrow();
  const records = await t(executor)
    .selectFrom('kernel_audit_log')
    .select((eb) => [eb.fn.max('seq').as('seq'), eb.fn.countAll<number>().as('n')])
    .executeTakeFirstOrThrow();
  return {
    maxCheckpointId: Number(checkpoints.id ?? 0),
    maxSeq: Number(records.seq ?? 0),
    records: Number(records.n),
    checkpoints: Number(checkpoints.n),
  };
}

/** Checkpoints after the cursor (seq, id), ordered by seq then id. */
export async function checkpointsAfter(
  executor: Executor,
  cursor: { seq: number; id: number },
  maxId: number,
  limit: number,
): Promise<StoredCheckpoint[]> {
  return t(executor)
    .selectFrom('kernel_audit_checkpoint')
    .select(['id', 'seq', 'hash', 'signature', 'key_fingerprint', isoText(sql`signed_at`).as('signed_at')])
    .where('id', '<=', maxId)
    .where((eb) =>
      eb.or([eb('seq', '>', cursor.seq), eb.and([eb('seq', '=', cursor.seq), eb('id', '>', cursor.id)])]),
    )
    .orderBy('seq')
    .orderBy('id')
    .limit(limit)
    .execute()
    .then((rows) => rows.map((row) => ({ ...row, signed_at: isoFromPg(row.signed_at) })));
}
