import { generateSm2KeyPair } from '../crypto/index.js';
import { createTestDatabase } from '../testing/test-database.js';
import { GENESIS_HASH, hashRecord } from './audit-hash.js';
import { createAuditLog } from './audit-log.js';
import { sql } from 'kysely';
const N = Number(process.argv[2] ?? 20000);
const d = await createTestDatabase();
const keys = generateSm2KeyPair();
const log = createAuditLog({ db: d.db, keys });
let t = Date.now();
for (let i = 0; i < 200; i++) await log.append(d.db, { actor: `user:${i}`, action: 'org.user.update', target: `org.user:${i}`, details: { i, name: '张三', fields: ['phone', 'email'] }, ip: '10.0.0.1' });
console.log(`${d.kind}: append via log.append: ${(200 / ((Date.now() - t) / 1000)).toFixed(0)}/s`);
let prev = (await d.db.selectFrom('kernel_audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()) as { seq: number; hash: string };
let seq = prev.seq; let prevHash = prev.hash;
const base = Date.parse('2026-11-23T00:00:00.000Z');
for (let b = 0; b < N - 200; b += 1000) {
  const rows = [];
  for (let i = 0; i < 1000 && b + i < N - 200; i++) {
    seq += 1;
    const r = { seq, at: new Date(base + seq * 37).toISOString(), actor: `user:${seq % 97}`, action: 'org.user.update', target: `org.user:${seq}`, details: { seq, name: '张三', fields: ['phone', 'email'], reason: 'annual review of contact data' }, ip: '10.0.0.1', prevHash };
    const hash = hashRecord(r);
    rows.push({ seq, at: r.at, actor: r.actor, action: r.action, target: r.target, details: JSON.stringify(r.details), ip: r.ip, prev_hash: prevHash, hash });
    prevHash = hash;
  }
  await d.db.insertInto('kernel_audit_log').values(rows).execute();
}
for (let i = 0; i < 20; i++) { await sql`select 1`.execute(d.db); }
await log.checkpoint();
for (const batchSize of [500, 2000, 5000]) {
  t = Date.now();
  const r = await log.verify({ batchSize });
  const s = (Date.now() - t) / 1000;
  console.log(`${d.kind}: verify ${r.records} records, batch ${batchSize}: ${s.toFixed(2)} s = ${(r.records / s).toFixed(0)} records/s ok=${r.ok}`);
}
await d.close();
