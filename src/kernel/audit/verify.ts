import type { Db } from '../db/index.js';
import { sm2Verify } from '../crypto/index.js';
import { checkpointMessage } from './audit-hash.js';
import { auditKeyFingerprint } from './audit-keys.js';
import * as repo from './audit.repository.js';
import { ChainExaminer, span, type AuditProblem } from './chain-examiner.js';

export interface VerifyOptions {
  /** Called after each batch with records examined so far and the total to examine. */
  onProgress?: (done: number, total: number) => void;
  /** Records read per query; default 2,000. */
  batchSize?: number;
  /** Problems listed in full; beyond this they are only counted. Default 1,000. */
  maxProblems?: number;
}

export interface VerifyReport {
  /** True when no problem was found. */
  ok: boolean;
  /** Records examined. */
  records: number;
  /** Checkpoints examined. */
  checkpoints: number;
  /** Seq of the last record (0 for an empty log). */
  lastSeq: number;
  /** In seq order. */
  problems: AuditProblem[];
  /** Problems found beyond `maxProblems`, not listed. */
  moreProblems: number;
}

const CHECKPOINT_BATCH = 500;

/**
 * Checks the whole audit log against its hashes and its signed checkpoints, reading it in
 * seq order one batch at a time (memory does not grow with the log). Every record's hash
 * and link is recomputed; every checkpoint's SM2 signature is checked with `publicKeyPem`
 * and the record it signed must still be in the log with that hash.
 *
 * What it can and cannot see: changes inside the chain (an altered, deleted, moved or
 * inserted record) break hashes or links and are named by seq; a record altered and the
 * whole chain after it re-hashed is caught by the next checkpoint; records deleted from
 * the end are caught when a checkpoint covers them. Records after the last checkpoint can
 * be removed from the end, or appended by someone who can write to the database, without
 * trace; checkpoint often, and keep the checkpoints somewhere the database's writers
 * cannot reach if that matters.
 *
 * Records appended while it runs are left for the next run.
 */
export async function verifyAuditLog(db: Db, publicKeyPem: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 2_000));
  const givenFingerprint = auditKeyFingerprint(publicKeyPem);
  const bounds = await repo.verificationBounds(db);
  const examiner = new ChainExaminer((hash) => repo.recordByHash(db, hash), options.maxProblems ?? 1_000);

  let checkpointCursor = { seq: 0, id: 0 };
  let queued: repo.StoredCheckpoint[] = [];
  let checkpointsDone = false;
  let checkpoints = 0;
  let lastGoodCheckpointSeq = 0;

  /** Checkpoints in (seq, id) order whose seq is at most `upto`. */
  async function* checkpointsUpTo(upto: number): AsyncGenerator<repo.StoredCheckpoint> {
    for (;;) {
      if (queued.length === 0 && !checkpointsDone) {
        queued = await repo.checkpointsAfter(db, checkpointCursor, bounds.maxCheckpointId, CHECKPOINT_BATCH);
        checkpointsDone = queued.length < CHECKPOINT_BATCH;
      }
      const next = queued[0];
      if (!next || next.seq > upto) {
        return;
      }
      queued.shift();
      checkpointCursor = { seq: next.seq, id: next.id };
      checkpoints += 1;
      yield next;
    }
  }

  function signatureHolds(checkpoint: repo.StoredCheckpoint): boolean {
    const valid = sm2Verify(publicKeyPem, checkpointMessage(checkpoint.seq, checkpoint.hash), Buffer.from(checkpoint.signature, 'base64'));
    if (!valid) {
      const otherKey =
        checkpoint.key_fingerprint !== givenFingerprint
          ? ` (it names key ${checkpoint.key_fingerprint.slice(0, 16)}…, not the key given, ${givenFingerprint.slice(0, 16)}…)`
          : '';
      examiner.report(
        checkpoint.seq,
        'checkpoint-signature',
        `checkpoint #${checkpoint.id} for record ${checkpoint.seq} has an invalid signature${otherKey}: the checkpoint was forged or altered`,
      );
    }
    return valid;
  }

  let after = 0;
  for (;;) {
    const rows = await repo.recordsBetween(db, after, bounds.maxSeq, batchSize);
    if (rows.length === 0) {
      break;
    }
    const bySeq = await examiner.addBatch(rows);
    const batchEnd = (rows[rows.length - 1] as repo.StoredRecord).seq;
    for await (const checkpoint of checkpointsUpTo(batchEnd)) {
      if (!signatureHolds(checkpoint)) {
        continue;
      }
      const atSeq = bySeq.get(checkpoint.seq);
      if (atSeq?.row.hash === checkpoint.hash) {
        lastGoodCheckpointSeq = checkpoint.seq;
        continue;
      }
      // The signed record may have been moved rather than changed; that is reported as such.
      const signed = await examiner.locate(checkpoint.hash);
      if (signed && signed.origin === checkpoint.seq) {
        continue;
      }
      if (!atSeq) {
        continue; // its seq is missing from the log, which is reported as a deletion
      }
      examiner.report(
        checkpoint.seq,
        'checkpoint-mismatch',
        `checkpoint #${checkpoint.id} signed record ${checkpoint.seq} with hash ${checkpoint.hash.slice(0, 16)}…, ` +
          `but record ${checkpoint.seq} now has hash ${atSeq.row.hash.slice(0, 16)}…: ` +
          `${lastGoodCheckpointSeq > 0 ? `a record after ${lastGoodCheckpointSeq} and up to` : 'a record up to'} ${checkpoint.seq} ` +
          'was altered and the chain re-hashed',
      );
    }
    after = batchEnd;
    options.onProgress?.(examiner.records, bounds.records);
    if (rows.length < batchSize) {
      break;
    }
  }
  await examiner.finish();

  // Checkpoints beyond the last record: records were removed from the end.
  let furthest: repo.StoredCheckpoint | null = null;
  for await (const checkpoint of checkpointsUpTo(Number.POSITIVE_INFINITY)) {
    if (signatureHolds(checkpoint) && !(await examiner.locate(checkpoint.hash))) {
      furthest = checkpoint;
    }
  }
  if (furthest) {
    const first = examiner.lastSeq + 1;
    examiner.report(
      first,
      'deleted',
      `${span(first, furthest.seq)} missing: checkpoint #${furthest.id} signed the log up to record ${furthest.seq}, ` +
        `but it now ends at record ${examiner.lastSeq}`,
    );
  }

  const problems = [...examiner.problems].sort((a, b) => a.seq - b.seq);
  return {
    ok: problems.length === 0 && examiner.moreProblems === 0,
    records: examiner.records,
    checkpoints,
    lastSeq: examiner.lastSeq,
    problems,
    moreProblems: examiner.moreProblems,
  };
}
