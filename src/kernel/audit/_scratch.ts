import { appendMany, auditFixture, rehashFrom, resetAudit, tamper } from './audit.testkit.js';
const f = await auditFixture();
async function scenario(name: string, n: number, setup: () => Promise<void>, checkpointAt?: number[]) {
  await resetAudit(f.db);
  let done = 0;
  for (const c of checkpointAt ?? []) { await appendMany(f, c - done); done = c; await f.log.checkpoint(); }
  await appendMany(f, n - done);
  await setup();
  const r = await f.log.verify({ batchSize: 7 });
  console.log(`\n## ${name}: ok=${r.ok} records=${r.records} last=${r.lastSeq}`);
  for (const p of r.problems) console.log(`  ${p.kind} @${p.seq}: ${p.message}`);
}
await scenario('a swap 5 with last (20)', 20, () => tamper(f.db, `update kernel_audit_log set seq = 1000 where seq = 5; update kernel_audit_log set seq = 5 where seq = 20; update kernel_audit_log set seq = 20 where seq = 1000`));
await scenario('b delete 19 of 20, checkpoint at 20', 20, () => tamper(f.db, `delete from kernel_audit_log where seq = 19`), [20]);
await scenario('c move seq 5 to 1005', 20, () => tamper(f.db, `update kernel_audit_log set seq = 1005 where seq = 5`));
await scenario('e delete 10 where checkpoint at 10', 20, () => tamper(f.db, `delete from kernel_audit_log where seq = 10`), [10, 15]);
await scenario('i shift up by 5 from 8', 20, () => tamper(f.db, `update kernel_audit_log set seq = seq + 1005 where seq >= 8; update kernel_audit_log set seq = seq - 1000 where seq > 1000`));
await scenario('j swap 19,20', 20, () => tamper(f.db, `update kernel_audit_log set seq = 1000 where seq = 19; update kernel_audit_log set seq = 19 where seq = 20; update kernel_audit_log set seq = 20 where seq = 1000`));
await scenario('k edit 1 & rehash all, checkpoints 10, 20', 25, async () => { await tamper(f.db, `update kernel_audit_log set actor = 'x' where seq = 1`); await rehashFrom(f.db, 1); }, [10, 20]);
await scenario('l delete all, checkpoint at 12', 12, () => tamper(f.db, `delete from kernel_audit_log`), [12]);
await scenario('m edit 3 and delete 4', 12, () => tamper(f.db, `update kernel_audit_log set details = '{}' where seq = 3; delete from kernel_audit_log where seq = 4`));
await scenario('n forged checkpoint row (copied signature of other)', 12, () => tamper(f.db, `insert into kernel_audit_checkpoint (seq, hash, signature, key_fingerprint) select 11, hash, signature, key_fingerprint from kernel_audit_checkpoint`), [10]);
await scenario('o delete 3 and 7 and renumber down', 20, () => tamper(f.db, `delete from kernel_audit_log where seq in (3, 7); update kernel_audit_log set seq = seq + 1000 where seq > 3; update kernel_audit_log set seq = seq - 1001 where seq > 1000 and seq < 1007; update kernel_audit_log set seq = seq - 1002 where seq > 1007`), [20]);
await scenario('p swap 3 and 15 with checkpoint at 15', 20, () => tamper(f.db, `update kernel_audit_log set seq = 1000 where seq = 3; update kernel_audit_log set seq = 3 where seq = 15; update kernel_audit_log set seq = 15 where seq = 1000`), [15]);
await scenario('q set hash column garbage on 6', 12, () => tamper(f.db, `update kernel_audit_log set hash = repeat('a', 64) where seq = 6`));
await scenario('r set prev_hash garbage on 6', 12, () => tamper(f.db, `update kernel_audit_log set prev_hash = repeat('a', 64) where seq = 6`));
await scenario('s duplicate last record appended with seq 13', 12, () => tamper(f.db, `insert into kernel_audit_log select 13, at, actor, action, target, details, ip, prev_hash, hash from kernel_audit_log where seq = 12`));
await f.close();
