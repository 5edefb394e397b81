import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSm2KeyPair } from '../crypto/index.js';
import { hashRecord } from './audit-hash.js';
import { recordsBetween } from './audit.repository.js';
import { appendMany, auditFixture, rehashFrom, resetAudit, tamper, type AuditFixture } from './audit.testkit.js';
import { verifyAuditLog, type VerifyReport } from './verify.js';

let fixture: AuditFixture;
beforeAll(async () => {
  fixture = await auditFixture();
});
afterAll(async () => {
  await fixture.close();
});
beforeEach(async () => {
  await resetAudit(fixture.db);
});

function found(report: VerifyReport): Array<[string, number]> {
  return report.problems.map((problem) => [problem.kind, problem.seq]);
}

// Small batches so that every scenario also crosses batch boundaries.
const small = { batchSize: 7 };

describe('verifyAuditLog', () => {
  it('passes an untouched chain with its checkpoints, and reports progress', async () => {
    await appendMany(fixture, 30);
    await fixture.log.checkpoint();
    await appendMany(fixture, 5);
    await fixture.log.checkpoint();
    const progress: Array<[number, number]> = [];
    const report = await verifyAuditLog(fixture.db, fixture.keys.publicKeyPem, {
      ...small,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(report).toEqual({ ok: true, records: 35, checkpoints: 2, lastSeq: 35, problems: [], moreProblems: 0 });
    expect(progress.at(-1)).toEqual([35, 35]);
    expect(progress.length).toBe(5);
  });

  it('passes an empty log', async () => {
        expect(await fixture.log.verify()).toMatchObject({ ok: true, records: 0, lastSeq: 0, problems: [] });
  });

  it('names a record whose details were edited', async () => {
    await appendMany(fixture, 30);
    await fixture.log.checkpoint();
    await tamper(fixture.db, `update kernel_audit_log set details = '{"n": 999}' where seq = 12`);
    const report = await fixture.log.verify(small);
    expect(report.ok).toBe(false);
    expect(found(report)).toEqual([['edited', 12]]);
    expect(report.problems[0]?.message).toMatch(/record 12 was altered/);
  });

  it('sees an edit to any hashed field, including sub-millisecond time', async () => {
    await appendMany(fixture, 10);
    await tamper(
      fixture.db,
      `update kernel_audit_log set actor = 'user:evil' where seq = 2;
       update kernel_audit_log set target = null where seq = 4;
       update kernel_audit_log set at = at + interval '1 microsecond' where seq = 7;
       update kernel_audit_log set ip = '' where seq = 9`,
    );
    expect(found(await fixture.log.verify(small))).toEqual([
      ['edited', 2],
      ['edited', 4],
      ['edited', 7],
      ['edited', 9],
    ]);
  });

  it('names deleted records in the middle', async () => {
    await appendMany(fixture, 30);
    await fixture.log.checkpoint();
    await tamper(fixture.db, 'delete from kernel_audit_log where seq = 15; delete from kernel_audit_log where seq between 21 and 23');
    const report = await fixture.log.verify(small);
    expect(found(report)).toEqual([
      ['deleted', 15],
      ['deleted', 21],
    ]);
    expect(report.problems[1]?.message).toMatch(/records 21 to 23 are missing/);
  });

  it('names the first record when it is deleted', async () => {
    await appendMany(fixture, 5);
    await tamper(fixture.db, 'delete from kernel_audit_log where seq = 1');
    expect(found(await fixture.log.verify())).toEqual([['deleted', 1]]);
  });

  it('names both records when two swap places (contents swapped)', async () => {
    await appendMany(fixture, 30);
    await fixture.log.checkpoint();
    await tamper(
      fixture.db,
      `update kernel_audit_log a
         set at = b.at, actor = b.actor, action = b.action, target = b.target, details = b.details,
             ip = b.ip, prev_hash = b.prev_hash, hash = b.hash
         from (select * from kernel_audit_log where seq in (10, 20)) b
         where a.seq in (10, 20) and b.seq = 30 - a.seq`,
    );
    const report = await fixture.log.verify(small);
    expect(found(report)).toEqual([
      ['reordered', 10],
      ['reordered', 20],
    ]);
    expect(report.problems[0]?.message).toMatch(/seq 10 is the record written as seq 20/);
  });

  it('names both records when neighbours swap seqs', async () => {
    await appendMany(fixture, 20);
    await tamper(
      fixture.db,
      `update kernel_audit_log set seq = 1000 where seq = 7;
       update kernel_audit_log set seq = 7 where seq = 8;
       update kernel_audit_log set seq = 8 where seq = 1000`,
    );
    expect(found(await fixture.log.verify(small))).toEqual([
      ['reordered', 7],
      ['reordered', 8],
    ]);
  });

  it('catches records deleted from the end through the checkpoint', async () => {
    await appendMany(fixture, 30);
    await fixture.log.checkpoint();
    await tamper(fixture.db, 'delete from kernel_audit_log where seq > 27');
    const report = await fixture.log.verify(small);
    expect(found(report)).toEqual([['deleted', 28]]);
    expect(report.problems[0]?.message).toMatch(/records 28 to 30 are missing: checkpoint #\d+ signed the log up to record 30, but it now ends at record 27/);
  });

  it('cannot see records cut after the last checkpoint (documented limit)', async () => {
    await appendMany(fixture, 30);
    await fixture.log.checkpoint();
    await appendMany(fixture, 3);
    await tamper(fixture.db, 'delete from kernel_audit_log where seq > 30');
    expect((await fixture.log.verify()).ok).toBe(true);
  });

  it('reports a checkpoint whose signature was tampered with', async () => {
    await appendMany(fixture, 10);
    await fixture.log.checkpoint();
    await tamper(
      fixture.db,
      `update kernel_audit_checkpoint set signature = translate(signature, 'ABCDEFGHabcdefgh', 'BCDEFGHAbcdefgha')`,
    );
    const report = await fixture.log.verify();
    expect(found(report)).toEqual([['checkpoint-signature', 10]]);
  });

  it('reports a checkpoint moved to another record, and one signed by another key', async () => {
    await appendMany(fixture, 10);
    await fixture.log.checkpoint();
    await tamper(fixture.db, `update kernel_audit_checkpoint set seq = 9`);
    expect(found(await fixture.log.verify())).toEqual([['checkpoint-signature', 9]]);

    const stranger = generateSm2KeyPair();
    const report = await verifyAuditLog(fixture.db, stranger.publicKeyPem);
    expect(found(report)).toEqual([['checkpoint-signature', 9]]);
    expect(report.problems[0]?.message).toMatch(/not the key given/);
  });

  it('catches a forged record re-hashed to the end at the next checkpoint', async () => {
    await appendMany(fixture, 30);
    await fixture.log.checkpoint(); // covers 30
    await appendMany(fixture, 10);
    await fixture.log.checkpoint(); // covers 40
    await tamper(fixture.db, `update kernel_audit_log set details = '{"n": 0}' where seq = 33`);
    await rehashFrom(fixture.db, 33);
    const report = await fixture.log.verify(small);
    expect(found(report)).toEqual([['checkpoint-mismatch', 40]]);
    expect(report.problems[0]?.message).toMatch(/a record after 30 and up to 40 was altered and the chain re-hashed/);
  });

  it('names a record altered and re-hashed alone, through its successor', async () => {
    await appendMany(fixture, 20);
    await tamper(fixture.db, `update kernel_audit_log set action = 'org.user.delete' where seq = 6`);
    const [six] = await recordsBetween(fixture.db, 5, 6, 1);
    const hash = hashRecord({ ...six!, prevHash: six!.prev_hash });
    await tamper(fixture.db, `update kernel_audit_log set hash = '${hash}' where seq = 6`);
    const report = await fixture.log.verify(small);
    expect(found(report)).toEqual([['edited', 6]]);
    expect(report.problems[0]?.message).toMatch(/record 6 was altered and its hash recomputed/);
  });

  it('names a deletion hidden by renumbering the records after it', async () => {
    await appendMany(fixture, 30);
    await tamper(
      fixture.db,
      `delete from kernel_audit_log where seq between 11 and 12;
       update kernel_audit_log set seq = seq + 1000 where seq > 12;
       update kernel_audit_log set seq = seq - 1002 where seq > 1000`,
    );
    const report = await fixture.log.verify(small);
    expect(found(report)).toEqual([['deleted', 11]]);
    expect(report.problems[0]?.message).toMatch(/records 11 to 12 are missing, and the 18 records after them were renumbered/);
  });

  it('names a record inserted into the chain, the later ones renumbered', async () => {
    await appendMany(fixture, 20);
    await tamper(
      fixture.db,
      `update kernel_audit_log set seq = seq + 1000 where seq >= 8;
       update kernel_audit_log set seq = seq - 999 where seq > 1000`,
    );
    // The forger writes a record at seq 8 whose hash is right for its place.
    const [seven] = await recordsBetween(fixture.db, 6, 7, 1);
    const forged = { seq: 8, at: seven!.at, actor: 'user:1', action: 'org.user.create', target: null, details: {}, ip: null, prevHash: seven!.hash };
    const hash = hashRecord(forged);
    await tamper(
      fixture.db,
      `insert into kernel_audit_log (seq, at, actor, action, target, details, ip, prev_hash, hash)
       values (8, '${forged.at}', 'user:1', 'org.user.create', null, '{}', null, '${forged.prevHash}', '${hash}')`,
    );
    const report = await fixture.log.verify(small);
    expect(found(report)).toEqual([['inserted', 8]]);
    expect(report.problems[0]?.message).toMatch(/record 8 was inserted into the chain: record 9 \(written as seq 8\) follows directly from record 7/);
  });

  it('names a copy of a record appended as a new one', async () => {
    await appendMany(fixture, 12);
    await tamper(
      fixture.db,
      `insert into kernel_audit_log select 13, at, actor, action, target, details, ip, prev_hash, hash from kernel_audit_log where seq = 5`,
    );
    expect(found(await fixture.log.verify(small))).toEqual([['inserted', 13]]);
  });

  it('lists a bounded number of problems and counts the rest', async () => {
    await appendMany(fixture, 25);
    await tamper(fixture.db, `update kernel_audit_log set details = '{}'`);
    const report = await fixture.log.verify({ ...small, maxProblems: 10 });
    expect(report.problems).toHaveLength(10);
    expect(report.moreProblems).toBe(15);
    expect(report.ok).toBe(false);
  });
});
