import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, openDatabase, type Database } from '../db/index.js';

/**
 * A migrated database for one test file: an in-memory PGlite, or — when DATABASE_URL is
 * set — a fresh schema on that PostgreSQL, dropped again by `close()`.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<Database & { schema?: string; url?: string }> {
  const url = process.env.DATABASE_URL;
  let database: Database & { schema?: string; url?: string };
  if (url) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const opened = await openDatabase({ url, schema, poolSize: 5 });
    database = {
      ...opened,
      schema,
      url,
      close: async () => {
        await opened.close();
        const cleanup = new pg.Client({ connectionString: url });
        await cleanup.connect();
        await cleanup.query(`drop schema if exists ${schema} cascade`);
        await cleanup.end();
      },
    };
  } else {
    database = await openDatabase({});
  }
  if (options.migrate !== false) {
    await migrate(database.db);
  }
  return database;
}
