import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/test-database.js';
import { collectMigrations, migrate, pendingMigrations } from './migrate.js';
import { dumpSchema } from './schema-dump.js';

const snapshotFile = path.resolve(import.meta.dirname, 'schema.snapshot.txt');
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function fakeTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-mig-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('migrations', () => {
  it('migrate an empty database to the committed schema dump', async () => {
    const database = await createTestDatabase({ migrate: false });
    closers.push(() => database.close());
    expect((await pendingMigrations(database.db)).length).toBe(collectMigrations().length);
    await migrate(database.db);
    expect(await pendingMigrations(database.db)).toEqual([]);
    const dump = await dumpSchema(database.db);
    if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') {
      fs.writeFileSync(snapshotFile, dump);
    }
    expect(dump).toBe(fs.readFileSync(snapshotFile, 'utf8'));
  });

  it('orders migrations of all modules by timestamp and applies each once', async () => {
    const root = fakeTree({
      'kernel/migrations/202601010000-base.sql': 'create table kernel_a (id int primary key);',
      'modules/zeta/migrations/202601010100-first.sql': 'create table zeta_b (id int references kernel_a(id));\ncreate index zeta_b_id on zeta_b (id);',
      'modules/alpha/migrations/202601010200-second.sql': 'alter table zeta_b add column note text;',
    });
    const migrations = collectMigrations(root);
    expect(migrations.map((m) => `${m.owner}/${m.name}`)).toEqual([
      'kernel/202601010000-base.sql',
      'zeta/202601010100-first.sql',
      'alpha/202601010200-second.sql',
    ]);
    const database = await createTestDatabase({ migrate: false });
    closers.push(() => database.close());
    expect((await migrate(database.db, migrations)).applied).toHaveLength(3);
    expect((await migrate(database.db, migrations)).applied).toHaveLength(0);
  });

  it('refuses a migration edited after it was applied, and rolls back a failing one whole', async () => {
    const root = fakeTree({ 'kernel/migrations/202601010000-base.sql': 'create table kernel_a (id int);' });
    const database = await createTestDatabase({ migrate: false });
    closers.push(() => database.close());
    await migrate(database.db, collectMigrations(root));
    fs.writeFileSync(path.join(root, 'kernel/migrations/202601010000-base.sql'), 'create table kernel_a (id bigint);');
    await expect(migrate(database.db, collectMigrations(root))).rejects.toThrow(/edited/);

    const broken = fakeTree({
      'kernel/migrations/202601010000-base.sql': 'create table kernel_a (id int);',
      'kernel/migrations/202601020000-ok.sql': 'create table kernel_c (id int);',
      'kernel/migrations/202601030000-bad.sql': 'create table kernel_d (id nosuchtype);',
    });
    await expect(migrate(database.db, collectMigrations(broken))).rejects.toThrow();
    expect(await pendingMigrations(database.db, collectMigrations(broken))).toEqual([
      'kernel/202601020000-ok.sql',
      'kernel/202601030000-bad.sql',
    ]);
  });

  it('rejects a badly named migration file', () => {
    const root = fakeTree({ 'kernel/migrations/create-things.sql': 'select 1;' });
    expect(() => collectMigrations(root)).toThrow(/YYYYMMDDHHmm/);
  });
});
