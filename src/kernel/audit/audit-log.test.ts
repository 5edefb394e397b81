import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSm2KeyPair, sm2Verify } from '../crypto/index.js';
import { hasOpenssl } from '../crypto/openssl.testing.js';
import { executeTogether } from '../db/index.js';
import { ValidationFailed } from '../errors/index.js';
import { GENESIS_HASH, checkpointMessage, hashRecord } from './audit-hash.js';
import { auditKeyFingerprint } from './audit-keys.js';
import { createAuditLog } from './audit-log.js';
import { recordsBetween } from './audit.repository.js';
import { appendMany, auditFixture, resetAudit, type AuditFixture } from './audit.testkit.js';

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

const openssl = hasOpenssl();

describe('append', () => {
  it('chains records from a genesis of 64 zeros, each hash recomputable from the stored fields', async () => {
    const first = await fixture.log.append(fixture.db, {
      actor: 'user:7',
      action: 'org.user.create',
      target: 'org.user:42',
      details: { name: '张三', roles: ['clerk'] },
      ip: '10.1.2.3',
    });
    const second = await fixture.log.append(fixture.db, { actor: null, action: 'system.start' });
    expect(first.seq).toBe(1);
    expect(second.seq).toBe(2);

    const rows = await recordsBetween(fixture.db, 0, 10, 10);
    expect(rows.map((row) => row.prev_hash)).toEqual([GENESIS_HASH, first.hash]);
    expect(rows.map((row) => row.hash)).toEqual([first.hash, second.hash]);
    for (const row of rows) {
      expect(row.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(hashRecord({ ...row, prevHash: row.prev_hash })).toBe(row.hash);
    }
    expect(rows[1]).toMatchObject({ actor: null, target: null, ip: null, details: {} });
  });

  it('commits with the caller’s transaction and leaves no record and no gap when it rolls back', async () => {
    await fixture.db.transaction().execute((trx) => fixture.log.append(trx, { actor: 'system', action: 'a.one' }));
    await expect(
      fixture.db.transaction().execute(async (trx) => {
        await fixture.log.append(trx, { actor: 'system', action: 'a.rolled-back' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await fixture.log.count()).toBe(1);
    const next = await fixture.log.append(fixture.db, { actor: 'system', action: 'a.two' });
    expect(next.seq).toBe(2);
    expect(await fixture.log.verify()).toMatchObject({ ok: true, records: 2 });
  });

  it('forms one chain from 50 concurrent transactions', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fixture.db.transaction().execute(async (trx) => {
          // Some work of the transaction's own before it records what it did.
          await sql`select pg_sleep(${(i % 5) / 1000})`.execute(trx);
          return fixture.log.append(trx, { actor: `user:${i}`, action: 'test.concurrent', details: { i } });
        }),
      ),
    );
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.hash)).size).toBe(50);
    expect(await fixture.log.verify()).toMatchObject({ ok: true, records: 50, lastSeq: 50, problems: [] });
  });

  it('appends a batch in order under one clock reading, interleaved with single appends into one chain', async () => {
    await fixture.log.append(fixture.db, { actor: 'system', action: 'a.before' });
    const batches = await Promise.all(
      Array.from({ length: 10 }, (_, b) =>
        fixture.log.appendMany(
          fixture.db,
          Array.from({ length: 5 }, (_, i) => ({ actor: `apikey:${b}`, action: 'test.batch', details: { b, i } })),
        ),
      ),
    );
    for (const batch of batches) {
      expect(batch.map((r) => r.seq)).toEqual(Array.from({ length: 5 }, (_, i) => batch[0]!.seq + i));
    }
    const rows = await recordsBetween(fixture.db, 0, 100, 100);
    expect(rows).toHaveLength(51);
    const first = rows.find((row) => row.seq === batches[0]![0]!.seq)!;
    const batchRows = rows.filter((row) => row.actor === 'apikey:0');
    expect(batchRows.map((row) => (row.details as { i: number }).i)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(batchRows.map((row) => row.at))).toEqual(new Set([first.at]));
    expect(await fixture.log.appendMany(fixture.db, [])).toEqual([]);
    expect(await fixture.log.verify()).toMatchObject({ ok: true, records: 51 });
  });

  it('appends in a caller\'s own statements: the claim as a CTE of one, the records beside its other writes', async () => {
    await fixture.log.append(fixture.db, { actor: 'system', action: 'a.before' });
    const entries = [
      { actor: 'user:1', action: 'test.split', target: 'thing:1', details: { n: 1 } },
      { actor: 'user:1', action: 'test.split', target: 'thing:2', details: { n: 2, 名称: '鄂州' } },
    ];
    const appended = await fixture.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ audit_head: unknown; answer: number }>`
        with h as (${fixture.log.claimQuery(entries.length)}) select (select audit_head from h) as audit_head, 42 as answer`.execute(trx);
      expect(rows[0]?.answer).toBe(42);
      const sealed = fixture.log.sealQueries(trx, rows[0]?.audit_head, entries);
      await executeTogether(trx, sealed.queries);
      return sealed.appended;
    });
    expect(appended.map((r) => r.seq)).toEqual([2, 3]);
    await fixture.log.append(fixture.db, { actor: 'system', action: 'a.after' });
    const rows = await recordsBetween(fixture.db, 0, 10, 10);
    expect(rows.map((r) => r.action)).toEqual(['a.before', 'test.split', 'test.split', 'a.after']);
    expect(rows.slice(1, 3).map((r) => r.hash)).toEqual(appended.map((r) => r.hash));
    expect(await fixture.log.verify()).toMatchObject({ ok: true, records: 4 });
  });

  it('refuses to seal other than as many records as were claimed, leaving no gap', async () => {
    await expect(
      fixture.db.transaction().execute(async (trx) => {
        const { rows } = await fixture.log.claimQuery(2).execute(trx);
        fixture.log.sealQueries(trx, rows[0]?.audit_head, [{ actor: null, action: 'only.one' }]);
      }),
    ).rejects.toThrow(/claimed 2 records but has 1/);
    expect(() => fixture.log.sealQueries(fixture.db, null, [{ actor: null, action: 'a.b' }])).toThrow(/no row/);
    await fixture.log.append(fixture.db, { actor: 'system', action: 'a.b' });
    expect(await fixture.log.verify()).toMatchObject({ ok: true, records: 1 });
  });

  it('refuses a repeatable read transaction, whose snapshot could miss the previous record', async () => {
    await expect(
      fixture.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute((trx) => fixture.log.append(trx, { actor: 'system', action: 'a.b' })),
    ).rejects.toThrow(/read committed/);
  });

  it('stores details exactly as hashed: dates as ISO text, undefined dropped, NUL and lone surrogates replaced', async () => {
    await fixture.log.append(fixture.db, {
      actor: 'user:\u00001',
      action: 'a.b',
      details: { when: new Date('2026-01-02T03:04:05.678Z'), gone: undefined, text: 'a\u0000b\ud800c', n: 0.1 + 0.2 },
    });
    const [row] = await recordsBetween(fixture.db, 0, 1, 1);
    expect(row?.actor).toBe('user:\ufffd1');
    expect(row?.details).toEqual({ when: '2026-01-02T03:04:05.678Z', text: 'a\ufffdb\ufffdc', n: 0.30000000000000004 });
    expect((await fixture.log.verify()).ok).toBe(true);
  });

  it('is append-only for ordinary SQL', async () => {
    await appendMany(fixture, 2);
    await expect(sql`update kernel_audit_log set action = 'x' where seq = 1`.execute(fixture.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from kernel_audit_log where seq = 2`.execute(fixture.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate kernel_audit_log`.execute(fixture.db)).rejects.toThrow(/append-only/);
    await fixture.log.checkpoint();
    await expect(sql`delete from kernel_audit_checkpoint`.execute(fixture.db)).rejects.toThrow(/append-only/);
    expect(await fixture.log.count()).toBe(2);
  });
});

describe('list and count', () => {
  it('pages newest first and filters by action and actor', async () => {
    await appendMany(fixture, 12);
    const page = await fixture.log.list({ page: 2, pageSize: 5 });
    expect(page).toMatchObject({ total: 12, page: 2, pageSize: 5 });
    expect(page.items.map((item) => item.seq)).toEqual([7, 6, 5, 4, 3]);
    expect(Object.keys(page.items[0] ?? {}).sort()).toEqual(
      ['action', 'actor', 'at', 'details', 'hash', 'ip', 'prevHash', 'seq', 'target'].sort(),
    );

    const creates = await fixture.log.list({ page: 1, pageSize: 100, action: 'org.user.create' });
    expect(creates.total).toBe(6);
    expect(creates.items.every((item) => item.action === 'org.user.create')).toBe(true);
    const system = await fixture.log.list({ page: 1, pageSize: 100, actor: 'system', action: 'org.user.update' });
    expect(system.items.map((item) => item.seq)).toEqual([10]);
    expect(await fixture.log.count()).toBe(12);
  });

  it('rejects a bad page or page size', async () => {
    for (const query of [
      { page: 0, pageSize: 10 },
      { page: 1, pageSize: 0 },
      { page: 1, pageSize: 501 },
      { page: 1.5, pageSize: 10 },
    ]) {
      const error = await fixture.log.list(query).catch((e: unknown) => e);
      expect(ValidationFailed.is(error)).toBe(true);
    }
  });
});

describe('checkpoint', () => {
  it('signs the latest record, and does nothing when nothing is new', async () => {
    expect(await fixture.log.checkpoint()).toBeNull();
    await appendMany(fixture, 3);
    const signed = await fixture.log.checkpoint();
    expect(signed?.seq).toBe(3);
    expect(await fixture.log.checkpoint()).toBeNull();
    await appendMany(fixture, 1);
    expect((await fixture.log.checkpoint())?.seq).toBe(4);

    const rows = await fixture.db.selectFrom('kernel_audit_checkpoint').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(2);
    const row = rows[0];
    expect(row).toMatchObject({ seq: 3, hash: signed?.hash, key_fingerprint: auditKeyFingerprint(fixture.keys.publicKeyPem) });
    expect(row?.signed_at).toBeInstanceOf(Date);
    const signature = Buffer.from(row?.signature as string, 'base64');
    expect(sm2Verify(fixture.keys.publicKeyPem, checkpointMessage(3, signed?.hash as string), signature)).toBe(true);
  });

  it('signs two checkpoints at once only once', async () => {
    await appendMany(fixture, 2);
    const results = await Promise.all([fixture.log.checkpoint(), fixture.log.checkpoint(), fixture.log.checkpoint()]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it.skipIf(!openssl)('produces a standard SM2 signature that openssl verifies over yiwang-audit-checkpoint|<seq>|<hash>', async () => {
    await appendMany(fixture, 5);
    const signed = await fixture.log.checkpoint();
    const row = await fixture.db.selectFrom('kernel_audit_checkpoint').select(['seq', 'hash', 'signature']).executeTakeFirstOrThrow();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-audit-openssl-'));
    fs.writeFileSync(path.join(dir, 'pub.pem'), fixture.keys.publicKeyPem);
    fs.writeFileSync(path.join(dir, 'msg'), `yiwang-audit-checkpoint|${row.seq}|${row.hash}`);
    fs.writeFileSync(path.join(dir, 'sig'), Buffer.from(row.signature as string, 'base64'));
    fs.writeFileSync(path.join(dir, 'bad'), `yiwang-audit-checkpoint|${row.seq}|${'0'.repeat(64)}`);
    expect(row.seq).toBe(signed?.seq);
    const verify = (message: string): string =>
      execFileSync(
        'openssl',
        ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', message, '-sigfile', 'sig', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678'],
        { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    expect(verify('msg')).toMatch(/Signature Verified Successfully/);
    expect(() => verify('bad')).toThrow();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('createAuditLog', () => {
  it('refuses a public key that does not belong to the private key', () => {
    const other = generateSm2KeyPair();
    expect(() =>
      createAuditLog({ db: fixture.db, keys: { privateKeyPem: fixture.keys.privateKeyPem, publicKeyPem: other.publicKeyPem } }),
    ).toThrow(/does not belong/);
  });
});
