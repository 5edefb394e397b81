import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../../../kernel/db/index.js';

/** One pooled PostgreSQL connection that statements and `COPY … FROM STDIN` share (so one transaction spans both). */
export interface CopyConnection {
  /** The connection for statements; a statement without parameters may be a script of several. */
  readonly db: Kysely<any>;
  /** Runs `statement` (a `COPY … FROM STDIN`, optionally after other statements) with `data`; resolves when it completes. */
  copyFrom(statement: string, data: Buffer): Promise<void>;
}

/**
 * Runs `work` on `count` connections of `db` that can COPY, or with null where the
 * database cannot (the embedded PGlite). The pool must have `count` connections to spare.
 *
 * Kysely has no COPY, and the pool under it is not reachable from here. But its pg driver
 * hands a compiled query's text to `pg.Client.query` as it is, and `pg` runs any object
 * with a `submit` method as a query of its own (its Submittable interface, which
 * pg-copy-streams implements). So the copy stream goes out as the text of a compiled
 * query, on a connection Kysely holds for `work`.
 */
export async function withCopyConnections<T>(db: Db, count: number, work: (connections: CopyConnection[] | null) => Promise<T>): Promise<T> {
  const { rows } = await sql<{ version: string }>`select version() as version`.execute(db);
  // PGlite is PostgreSQL compiled to WebAssembly, and says so.
  if (/wasm|emscripten/i.test(rows[0]?.version ?? '')) {
    return work(null);
  }
  const held: CopyConnection[] = [];
  const hold = (): Promise<T> =>
    held.length === count
      ? work(held)
      : db.connection().execute((connection) => {
          held.push(copyConnection(connection));
          return hold();
        });
  return hold();
}

function copyConnection(connection: Kysely<any>): CopyConnection {
  return {
    db: connection,
    copyFrom(statement, data) {
      return new Promise<void>((resolve, reject) => {
        const stream = copyFrom(statement);
        stream.on('error', reject);
        stream.on('finish', resolve);
        // Messages of moderate size: the server starts on one as soon as it has all of it.
        for (let at = 0; at < data.length; at += COPY_MESSAGE_BYTES) {
          stream.write(data.subarray(at, at + COPY_MESSAGE_BYTES));
        }
        stream.end();
        const query = { sql: stream, parameters: [], query: sql``.toOperationNode(), queryId: { queryId: 'copy' } } as unknown as CompiledQuery;
        connection.executeQuery(query).catch(reject);
      });
    },
  };
}

const COPY_MESSAGE_BYTES = 1 << 16;
