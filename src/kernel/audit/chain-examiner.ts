import { GENESIS_HASH, hashRecord } from './audit-hash.js';
import type { StoredRecord } from './audit.repository.js';

export type AuditProblemKind =
  | 'edited'
  | 'deleted'
  | 'reordered'
  | 'inserted'
  | 'chain-broken'
  | 'checkpoint-signature'
  | 'checkpoint-mismatch';

/** One finding: the seq it concerns, a machine-readable kind, and a sentence for people. */
export interface AuditProblem {
  seq: number;
  kind: AuditProblemKind;
  message: string;
}

/** A record read back, with the seq its hash proves it was written as (null: none). */
interface Examined {
  row: StoredRecord;
  origin: number | null;
}

/** A stretch of records all displaced by the same amount, reported once. */
interface Run {
  shift: number;
  length: number;
  problem: AuditProblem | null;
  describe: (length: number) => string;
}

// When a record fails its hash, the seqs this far either side are tried before calling it
// edited: it finds records renumbered after a deletion or insertion of up to that many.
const SEARCH_WINDOW = 16;
// Looking up a predecessor by hash recurses when the predecessor was moved too.
const MAX_LOOKUP_DEPTH = 4;
const CACHE_LIMIT = 50_000;

/**
 * Walks the records in seq order and says what is wrong with the chain, naming records.
 *
 * Each record's stored hash covers its seq, so a record whose hash still matches when
 * recomputed with some seq o is an authentic record *written as* seq o (its origin).
 * Candidates for o are its own seq, the previous record's origin + 1, its predecessor's
 * origin + 1 (found by prev_hash) and a small window around its seq. Then:
 * - no origin: the record was altered (`edited`);
 * - origin = seq but prev_hash does not name the record before it: that record is missing
 *   (`deleted`, when seqs are missing too) or was altered and re-hashed (`edited`);
 * - origin ≠ seq: one moved record (`reordered`), or a stretch of renumbered records whose
 *   first one follows a missing record (`deleted`), follows a record several places back
 *   (the ones between were `inserted`), or still links (`reordered`, renumbered only).
 * Each problem is reported once; its consequences further down the chain are not.
 */
export class ChainExaminer {
  readonly problems: AuditProblem[] = [];
  moreProblems = 0;
  lastSeq = 0;
  records = 0;

  private previous: Examined | null = null;
  private pending: Examined | null = null;
  private run: Run | null = null;
  private current = new Map<string, StoredRecord>();
  private older = new Map<string, StoredRecord>();
  private readonly origins = new Map<number, number | null>();
  private readonly found = new Map<string, StoredRecord | null>();

  constructor(
    private readonly findByHash: (hash: string) => Promise<StoredRecord | undefined>,
    private readonly maxProblems: number,
  ) {}

  /** Records are passed in seq order, one batch at a time. */
  async addBatch(rows: StoredRecord[]): Promise<Map<number, Examined>> {
    this.older = this.current;
    this.current = new Map(rows.map((row) => [row.hash, row]));
    const bySeq = new Map<number, Examined>();
    for (const row of rows) {
      const examined: Examined = { row, origin: await this.resolve(row, this.pending, 0) };
      this.remember(row.seq, examined.origin);
      bySeq.set(row.seq, examined);
      if (this.pending) {
        await this.classify(this.previous, this.pending, examined);
        this.previous = this.pending;
      }
      this.pending = examined;
      this.records += 1;
      this.lastSeq = row.seq;
    }
    return bySeq;
  }

  /** Classifies the last record; call once after the last batch. */
  async finish(): Promise<void> {
    if (this.pending) {
      await this.classify(this.previous, this.pending, null);
      this.previous = this.pending;
      this.pending = null;
    }
    this.endRun();
  }

  /** The record stored with this hash and the seq it was written as, if any. */
  async locate(hash: string): Promise<Examined | undefined> {
    const row = await this.lookup(hash);
    return row ? { row, origin: await this.originOf(row, 0) } : undefined;
  }

  report(seq: number, kind: AuditProblemKind, message: string): AuditProblem {
    const problem = { seq, kind, message };
    if (this.problems.length < this.maxProblems) {
      this.problems.push(problem);
    } else {
      this.moreProblems += 1;
    }
    return problem;
  }

  private get exhausted(): boolean {
    return this.problems.length >= this.maxProblems;
  }

  private async classify(before: Examined | null, record: Examined, after: Examined | null): Promise<void> {
    const { row, origin } = record;
    const seq = row.seq;
    const linked = row.prev_hash === (before ? before.row.hash : GENESIS_HASH);
    const expectedSeq = before ? before.row.seq + 1 : 1;
    const lastOrigin = before ? (before.origin ?? before.row.seq) : 0;

    if (origin !== null && origin !== seq && before && before.origin !== null && linked) {
      const shift = origin - seq;
      if (origin === before.origin + 1 && before.origin - before.row.seq === shift && this.run?.shift === shift) {
        this.run.length += 1;
        return;
      }
    }
    this.endRun();

    if (origin === null) {
      if (seq > expectedSeq && !linked) {
        this.reportMissing(lastOrigin + 1, seq - 1);
      }
      this.report(seq, 'edited', `record ${seq} was altered: its content no longer matches its hash`);
      return;
    }

    if (origin === seq) {
      if (linked) {
        return;
      }
      if (seq > expectedSeq) {
        this.reportMissing(lastOrigin + 1, seq - 1);
        return;
      }
      if (before && (before.origin === null || before.origin !== before.row.seq)) {
        return; // the record before was reported; this broken link is its consequence
      }
      await this.unexpectedPredecessor(before, row);
      return;
    }

    await this.displaced(before, record, after, linked, lastOrigin);
  }

  /** A record in its place whose prev_hash names something other than the record before. */
  private async unexpectedPredecessor(before: Examined | null, row: StoredRecord): Promise<void> {
    const seq = row.seq;
    if (row.prev_hash === GENESIS_HASH) {
      this.report(seq, 'chain-broken', `record ${seq} claims to start the chain, but it is not record 1`);
      return;
    }
    const predecessor = await this.lookup(row.prev_hash);
    if (!before) {
      this.report(seq, 'chain-broken', `the first record, ${seq}, does not start the chain: its prev_hash is not all zeros`);
    } else if (!predecessor) {
      this.report(
        before.row.seq,
        'edited',
        `record ${before.row.seq} was altered and its hash recomputed: record ${seq} still refers to the original record ${before.row.seq}`,
      );
    } else {
      this.report(
        seq,
        'chain-broken',
        `record ${seq} does not follow record ${before.row.seq}: it names record ${predecessor.seq} as its predecessor`,
      );
    }
  }

  /** An authentic record at a seq other than the one it was written as. */
  private async displaced(
    before: Examined | null,
    record: Examined,
    after: Examined | null,
    linked: boolean,
    lastOrigin: number,
  ): Promise<void> {
    const { row } = record;
    const origin = record.origin as number;
    const seq = row.seq;
    const shift = origin - seq;
    const continues =
      after !== null &&
      after.origin === origin + 1 &&
      after.row.prev_hash === row.hash &&
      after.origin - after.row.seq === shift;

    if (!continues) {
      const original = await this.findByHash(row.hash);
      if (original && original.seq !== seq) {
        this.report(seq, 'inserted', `record ${seq} is a copy of record ${original.seq}`);
      } else {
        this.report(seq, 'reordered', `the record at seq ${seq} is the record written as seq ${origin}: records were moved or swapped`);
      }
      return;
    }

    const renumbered = (length: number): string =>
      `records from seq ${seq} on were renumbered: seq ${seq} holds the record written as seq ${origin} ` +
      `(${length} records shifted by ${-shift})`;
    if (!linked && shift > 0 && lastOrigin < origin - 1 && !(await this.lookup(row.prev_hash))) {
      const first = lastOrigin + 1;
      const last = origin - 1;
      this.startRun(shift, first, 'deleted', (length) =>
        `${span(first, last)} missing, and the ${length} records after ${first === last ? 'it' : 'them'} were renumbered to close the gap`,
      );
      return;
    }
    if (!linked && shift < 0) {
      const predecessor = row.prev_hash === GENESIS_HASH ? null : await this.locate(row.prev_hash);
      const predecessorSeq = predecessor ? predecessor.row.seq : 0;
      const predecessorOrigin = predecessor ? predecessor.origin : 0;
      if ((predecessor || row.prev_hash === GENESIS_HASH) && predecessorOrigin === origin - 1 && predecessorSeq < seq - 1) {
        const first = predecessorSeq + 1;
        const last = seq - 1;
        this.dropExplained(first, last);
        this.startRun(shift, first, 'inserted', () =>
          `${span(first, last, 'was', 'were')} inserted into the chain: record ${seq} (written as seq ${origin}) ` +
            `follows directly from ${predecessorSeq === 0 ? 'the start of the chain' : `record ${predecessorSeq}`}`,
        );
        return;
      }
    }
    this.startRun(shift, seq, 'reordered', renumbered);
  }

  private startRun(shift: number, seq: number, kind: AuditProblemKind, describe: (length: number) => string): void {
    this.run = { shift, length: 1, describe, problem: this.report(seq, kind, describe(1)) };
  }

  private endRun(): void {
    if (this.run?.problem) {
      this.run.problem.message = this.run.describe(this.run.length);
    }
    this.run = null;
  }

  private reportMissing(first: number, last: number): void {
    if (first <= last) {
      this.report(first, 'deleted', `${span(first, last)} missing`);
    }
  }

  // Rows found to be inserted were first reported as altered or out of place.
  private dropExplained(first: number, last: number): void {
    for (let i = this.problems.length - 1; i >= 0; i -= 1) {
      const problem = this.problems[i] as AuditProblem;
      if (problem.seq >= first && problem.seq <= last && (problem.kind === 'edited' || problem.kind === 'chain-broken' || problem.kind === 'reordered')) {
        this.problems.splice(i, 1);
      }
    }
  }

  private async resolve(row: StoredRecord, before: Examined | null, depth: number): Promise<number | null> {
    if (verifiesAs(row, row.seq)) {
      return row.seq;
    }
    if (this.exhausted) {
      return null;
    }
    const tried = new Set([row.seq]);
    const attempt = (seq: number): boolean => {
      if (seq < 1 || tried.has(seq)) {
        return false;
      }
      tried.add(seq);
      return verifiesAs(row, seq);
    };
    if (before && before.origin !== null && attempt(before.origin + 1)) {
      return before.origin + 1;
    }
    if (row.prev_hash === GENESIS_HASH) {
      if (attempt(1)) {
        return 1;
      }
    } else if (depth < MAX_LOOKUP_DEPTH) {
      const predecessor = await this.lookup(row.prev_hash);
      if (predecessor && predecessor.seq !== row.seq) {
        const predecessorOrigin = await this.originOf(predecessor, depth + 1);
        if (predecessorOrigin !== null && attempt(predecessorOrigin + 1)) {
          return predecessorOrigin + 1;
        }
      }
    }
    for (let distance = 1; distance <= SEARCH_WINDOW; distance += 1) {
      if (attempt(row.seq + distance)) {
        return row.seq + distance;
      }
      if (attempt(row.seq - distance)) {
        return row.seq - distance;
      }
    }
    return null;
  }

  private async originOf(row: StoredRecord, depth: number): Promise<number | null> {
    if (this.origins.has(row.seq)) {
      return this.origins.get(row.seq) ?? null;
    }
    const origin = await this.resolve(row, null, depth);
    this.remember(row.seq, origin);
    return origin;
  }

  private async lookup(hash: string): Promise<StoredRecord | undefined> {
    const near = this.current.get(hash) ?? this.older.get(hash);
    if (near) {
      return near;
    }
    if (!this.found.has(hash)) {
      if (this.found.size >= CACHE_LIMIT) {
        this.found.clear();
      }
      this.found.set(hash, (await this.findByHash(hash)) ?? null);
    }
    return this.found.get(hash) ?? undefined;
  }

  private remember(seq: number, origin: number | null): void {
    if (this.origins.size >= CACHE_LIMIT) {
      const oldest = this.origins.keys().next();
      if (!oldest.done) {
        this.origins.delete(oldest.value);
      }
    }
    this.origins.set(seq, origin);
  }
}

function verifiesAs(row: StoredRecord, seq: number): boolean {
  return (
    hashRecord({
      seq,
      at: row.at,
      actor: row.actor,
      action: row.action,
      target: row.target,
      details: row.details,
      ip: row.ip,
      prevHash: row.prev_hash,
    }) === row.hash
  );
}

/** "record 7 is" / "records 7 to 9 are", with the verb given for one and for several. */
export function span(first: number, last: number, one = 'is', several = 'are'): string {
  return first === last ? `record ${first} ${one}` : `records ${first} to ${last} ${several}`;
}
