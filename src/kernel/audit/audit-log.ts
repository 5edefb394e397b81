import type { RawBuilder } from 'kysely';
import { executeTogether, inTransaction, type Db, type Executor, type WriteQuery } from '../db/index.js';
import { sm2Sign, sm3Hex } from '../crypto/index.js';
import { ValidationFailed } from '../errors/index.js';
import { canonicalJson, chainedText, checkpointMessage, normaliseJson, recordBody, storableText, type HashedRecord } from './audit-hash.js';
import { assertAuditKeyPair, auditKeyFingerprint, type AuditKeys } from './audit-keys.js';
import * as repo from './audit.repository.js';
import { verifyAuditLog, type VerifyOptions, type VerifyReport } from './verify.js';

/** What happened, as the caller describes it. */
export interface AuditEntry {
  /** Who did it: `user:<id>`, `apikey:<id>`, `system`; null when unknown. */
  actor: string | null;
  /** Dotted verb, e.g. `org.user.create`. */
  action: string;
  /** What it was done to, e.g. `org.user:42`. */
  target?: string | null;
  /** Any JSON data; stored as jsonb and covered by the hash. */
  details?: Record<string, unknown>;
  ip?: string | null;
}

/** One record as read back: the hashed fields (`at` from the database clock) and the hash. */
export interface AuditRecord extends HashedRecord {
  hash: string;
}

export interface AuditListQuery {
  /** 1-based. */
  page: number;
  /** 1 to 500. */
  pageSize: number;
  /** Exact action, e.g. `org.user.create`. */
  action?: string;
  /** Exact actor, e.g. `user:42`. */
  actor?: string;
}

export interface AuditPage {
  items: AuditRecord[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AuditLog {
  /**
   * Appends a record inside the caller's transaction, so that it commits or rolls back
   * with the change it describes; a bare `Db` gets a transaction of its own. The record
   * takes the next seq from the chain's head row, whose lock orders appenders on every
   * node into one chain; the lock is held until the transaction ends, so append as the
   * last step before commit. The transaction must be read committed (PostgreSQL's
   * default): under repeatable read its snapshot could predate the previous record.
   */
  append(executor: Executor, entry: AuditEntry): Promise<{ seq: number; hash: string }>;
  /**
   * Appends several records, in order, under one lock, one head read and one insert: the
   * way for a busy path (the exchange gateway) to commit many calls' records at once.
   * Same transaction rules as {@link append}; the records share the database clock reading.
   */
  appendMany(executor: Executor, entries: readonly AuditEntry[]): Promise<Array<{ seq: number; hash: string }>>;
  /**
   * {@link appendMany} split for a caller that folds it into its own statements, two round
   * trips fewer: run `claimQuery(count)` as a CTE of one of its statements in the
   * transaction — the claim takes the chain's lock, so late in the transaction — then hand
   * that CTE's `audit_head` to {@link sealQueries}.
   */
  claimQuery(count: number): RawBuilder<{ audit_head: unknown }>;
  /**
   * The inserts of `entries` (exactly as many as claimed) after the claim `claimed`, to run
   * in the same transaction before commit (with `executeTogether`, alongside the caller's
   * own writes), and each record's seq and hash.
   * @throws Error when the count differs from the claim's or the transaction is not read committed.
   */
  sealQueries(executor: Executor, claimed: unknown, entries: readonly AuditEntry[]): { queries: WriteQuery[]; appended: Array<{ seq: number; hash: string }> };
  /**
   * Signs the latest record's seq and hash with the audit key (standard SM2); returns
   * what it signed, or null when nothing was appended since the last checkpoint.
   */
  checkpoint(): Promise<{ seq: number; hash: string } | null>;
  /** Newest first. */
  list(query: AuditListQuery): Promise<AuditPage>;
  count(): Promise<number>;
  /** {@link verifyAuditLog} with this log's public key. */
  verify(options?: VerifyOptions): Promise<VerifyReport>;
}

export interface CreateAuditLogOptions {
  db: Db;
  keys: AuditKeys;
}

const MAX_PAGE_SIZE = 500;

/**
 * The kernel's audit log.
 * @throws Error if the keys are not a matching SM2 pair.
 */
export function createAuditLog({ db, keys }: CreateAuditLogOptions): AuditLog {
  assertAuditKeyPair(keys);
  const fingerprint = auditKeyFingerprint(keys.publicKeyPem);

  /** The records of `entries` after the head `claimed`, their hashes chained from it. */
  function chain(claimed: repo.ClaimedHead, fields: ReadonlyArray<NormalisedEntry & { body: string; detailsJson: string }>): repo.NewRecord[] {
    if (claimed.isolation !== 'read committed') {
      throw new Error(`audit append needs a read committed transaction, not ${claimed.isolation}`);
    }
    if (claimed.count !== fields.length) {
      throw new Error(`audit append claimed ${claimed.count} records but has ${fields.length}`);
    }
    let seq = claimed.seq;
    let prevHash = claimed.hash;
    return fields.map(({ body, ...entry }) => {
      seq += 1;
      const hash = sm3Hex(chainedText(seq, claimed.at, body, prevHash));
      const record = { seq, at: claimed.at, ...entry, prev_hash: prevHash, hash };
      prevHash = hash;
      return record;
    });
  }

  async function appendIn(trx: Executor, entries: readonly AuditEntry[]): Promise<Array<{ seq: number; hash: string }>> {
    // Everything that does not depend on the chain is worked out before its lock is taken.
    const fields = entries.map(withBody);
    if (fields.length === 0) {
      return [];
    }
    const { rows } = await repo.claimHeadQuery(fields.length).execute(trx);
    const records = chain(repo.parseClaimedHead(rows[0]?.audit_head), fields);
    await executeTogether(trx, repo.insertRecordsQueries(trx, records));
    return records.map(({ seq, hash }) => ({ seq, hash }));
  }

  return {
    async append(executor, entry) {
      const [appended] = await inTransaction(executor, (trx) => appendIn(trx, [entry]));
      return appended!;
    },

    appendMany: (executor, entries) => inTransaction(executor, (trx) => appendIn(trx, entries)),

    claimQuery: (count) => repo.claimHeadQuery(count),

    sealQueries(executor, claimed, entries) {
      const records = chain(repo.parseClaimedHead(claimed), entries.map(withBody));
      return { queries: repo.insertRecordsQueries(executor, records), appended: records.map(({ seq, hash }) => ({ seq, hash })) };
    },

    async checkpoint() {
      return db.transaction().execute(async (trx) => {
        // One checkpointer at a time, so two nodes do not sign the same record twice.
        await repo.lockForCheckpoint(trx);
        const last = await repo.lastRecord(trx);
        const signedSeq = await repo.lastCheckpointSeq(trx);
        if (!last || (signedSeq !== null && signedSeq >= last.seq)) {
          return null;
        }
        const signature = sm2Sign(keys.privateKeyPem, checkpointMessage(last.seq, last.hash));
        await repo.insertCheckpoint(trx, {
          seq: last.seq,
          hash: last.hash,
          signature: signature.toString('base64'),
          key_fingerprint: fingerprint,
        });
        return { seq: last.seq, hash: last.hash };
      });
    },

    async list(query) {
      const { page, pageSize } = query;
      if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
        throw ValidationFailed({ page, pageSize, rule: `page >= 1, 1 <= pageSize <= ${MAX_PAGE_SIZE}` });
      }
      const filter = { action: query.action, actor: query.actor };
      const [rows, total] = await Promise.all([
        repo.listRecords(db, filter, pageSize, (page - 1) * pageSize),
        repo.countRecords(db, filter),
      ]);
      return { items: rows.map(toRecord), total, page, pageSize };
    },

    async count() {
      return repo.countRecords(db);
    },

    async verify(options) {
      return verifyAuditLog(db, keys.publicKeyPem, options);
    },
  };
}

interface NormalisedEntry {
  actor: string | null;
  action: string;
  target: string | null;
  details: unknown;
  ip: string | null;
}

/** An entry normalised, with its canonical details (also what is stored) and its {@link recordBody}. */
function withBody(entry: AuditEntry): NormalisedEntry & { body: string; detailsJson: string } {
  const fields = normaliseEntry(entry);
  const detailsJson = canonicalJson(fields.details);
  return { ...fields, detailsJson, body: recordBody(fields, detailsJson) };
}

function normaliseEntry(entry: AuditEntry): NormalisedEntry {
  if (typeof entry.action !== 'string' || entry.action.trim() === '') {
    throw new TypeError('an audit entry needs an action');
  }
  const details = normaliseJson(entry.details ?? {});
  return {
    actor: optionalText(entry.actor),
    action: storableText(entry.action),
    target: optionalText(entry.target),
    details: details ?? {},
    ip: optionalText(entry.ip),
  };
}

function optionalText(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : storableText(String(value));
}

function toRecord(row: repo.StoredRecord): AuditRecord {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: row.details,
    ip: row.ip,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
