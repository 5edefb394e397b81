import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/test-database.js';
import type { Database } from './database.js';
import { executeTogether } from './together.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await sql`create table together_a (id int primary key, note text not null)`.execute(database.db);
  await sql`create table together_b (id int primary key)`.execute(database.db);
});
afterAll(async () => {
  await database.close();
});

const rowsOf = async (table: string) =>
  (await sql<{ id: number }>`select id from ${sql.table(table)} order by id`.execute(database.db)).rows.map((r) => r.id);

describe('executeTogether', () => {
  it('runs inserts, updates and deletes into several tables as one statement, skipping absent parts', async () => {
    const db = database.db;
    await executeTogether(db, [db.insertInto('together_a').values({ id: 1, note: '甲' }), null, db.insertInto('together_b').values([{ id: 1 }, { id: 2 }])]);
    expect(await rowsOf('together_a')).toEqual([1]);
    expect(await rowsOf('together_b')).toEqual([1, 2]);
    await executeTogether(db, [db.updateTable('together_a').set({ note: '乙' }).where('id', '=', 1), db.deleteFrom('together_b').where('id', '=', 2)]);
    await executeTogether(db, [undefined, db.insertInto('together_b').values({ id: 3 })]);
    await executeTogether(db, []);
    expect((await sql<{ note: string }>`select note from together_a`.execute(db)).rows).toEqual([{ note: '乙' }]);
    expect(await rowsOf('together_b')).toEqual([1, 3]);
  });

  it('writes nothing when one part fails: the statement is atomic', async () => {
    const db = database.db;
    await expect(
      executeTogether(db, [db.insertInto('together_b').values({ id: 10 }), db.insertInto('together_a').values({ id: 1, note: 'a repeated key' })]),
    ).rejects.toThrow(/duplicate key|unique/);
    expect(await rowsOf('together_b')).not.toContain(10);
  });
});
