export { inTransaction, openDatabase, ping, sqlScript, tablesOf, type Database, type Db, type Executor, type OpenDatabaseOptions } from './database.js';
export { collectMigrations, migrate, pendingMigrations, type Migration, type MigrationReport } from './migrate.js';
export { dumpSchema } from './schema-dump.js';
export { createGroupCommit, type GroupCommit, type GroupCommitTicket } from './group-commit.js';
export { pageWindow, selectPage, type PageWindow } from './paging.js';
export { executeTogether, type WriteQuery } from './together.js';
export { json, jsonb, nextPublishedVersion, tsvector } from './sql-values.js';
