import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import { generateSm2KeyPair } from '../crypto/index.js';
import { createTestDatabase } from '../testing/test-database.js';
import { hashRecord } from './audit-hash.js';
import { createAuditLog, type AuditLog } from './audit-log.js';
import type { AuditKeys } from './audit-keys.js';
import { recordsBetween } from './audit.repository.js';

/** Test support: a migrated database with an audit log, and ways to tamper with it. */
export interface AuditFixture {
  db: Db;
  log: AuditLog;
  keys: AuditKeys;
  close(): Promise<void>;
}

let sharedKeys: AuditKeys | undefined;

export async function auditFixture(): Promise<AuditFixture> {
  sharedKeys ??= generateSm2KeyPair();
  const database = await createTestDatabase();
  return {
    db: database.db,
    log: createAuditLog({ db: database.db, keys: sharedKeys }),
    keys: sharedKeys,
    close: () => database.close(),
  };
}

/** Appends `count` records, one transaction each, with some variety in every field. */
export async function appendMany(fixture: AuditFixture, count: number): Promise<void> {
  for (let i = 1; i <= count; i += 1) {
    await fixture.log.append(fixture.db, {
      actor: i % 5 === 0 ? 'system' : `user:${i % 7}`,
      action: i % 2 === 0 ? 'org.user.update' : 'org.user.create',
      target: i % 3 === 0 ? null : `org.user:${i}`,
      details: { n: i, name: `名字 ${i}`, nested: { b: [1, 'two', null], a: i / 3 } },
      ip: i % 4 === 0 ? null : `10.0.0.${i % 250}`,
    });
  }
}

/**
 * Runs raw SQL as someone with write access to the tables would: with the append-only
 * triggers switched off.
 */
export async function tamper(db: Db, statements: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql.raw('alter table kernel_audit_log disable trigger user').execute(trx);
    await sql.raw('alter table kernel_audit_checkpoint disable trigger user').execute(trx);
    for (const statement of statements.split(';').map((s) => s.trim()).filter(Boolean)) {
      await sql.raw(statement).execute(trx);
    }
    await sql.raw('alter table kernel_audit_log enable trigger user').execute(trx);
    await sql.raw('alter table kernel_audit_checkpoint enable trigger user').execute(trx);
  });
}

/** Empties both tables, so that one database serves a whole test file. */
export async function resetAudit(db: Db): Promise<void> {
  await tamper(db, `truncate kernel_audit_log, kernel_audit_checkpoint restart identity; update kernel_audit_head set seq = 0, hash = repeat('0', 64)`);
}

/** What an attacker who knows the algorithm but not the key can do: recompute every hash from `fromSeq` on. */
export async function rehashFrom(db: Db, fromSeq: number): Promise<void> {
  const rows = await recordsBetween(db, fromSeq - 1, Number.MAX_SAFE_INTEGER, 1_000_000);
  const previous = await recordsBetween(db, fromSeq - 2, fromSeq - 1, 1);
  let prevHash = previous[0]?.hash ?? '0'.repeat(64);
  const updates: string[] = [];
  for (const row of rows) {
    const hash = hashRecord({ ...row, prevHash });
    updates.push(`update kernel_audit_log set prev_hash = '${prevHash}', hash = '${hash}' where seq = ${row.seq}`);
    prevHash = hash;
  }
  await tamper(db, updates.join(';'));
}
