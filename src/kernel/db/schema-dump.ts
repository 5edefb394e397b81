import { sql } from 'kysely';
import type { Db } from './database.js';

/**
 * A deterministic text description of the current schema (tables, columns, constraints,
 * indexes), the same on PGlite and PostgreSQL, for comparing with the committed dump.
 */
export async function dumpSchema(db: Db): Promise<string> {
  const columns = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string }>`
    select table_name, column_name, data_type, is_nullable, column_default, is_identity
    from information_schema.columns
    where table_schema = current_schema()
    order by table_name, ordinal_position`.execute(db);
  const constraints = await sql<{ table_name: string; conname: string; def: string }>`
    select rel.relname as table_name, con.conname, pg_get_constraintdef(con.oid, true) as def
    from pg_constraint con
    join pg_class rel on rel.oid = con.conrelid
    where rel.relnamespace = current_schema()::regnamespace
    order by rel.relname, con.conname`.execute(db);
  const indexes = await sql<{ tablename: string; indexname: string; indexdef: string }>`
    select tablename, indexname, indexdef from pg_indexes
    where schemaname = current_schema()
    order by tablename, indexname`.execute(db);

  const lines: string[] = [];
  let table = '';
  for (const c of columns.rows) {
    if (c.table_name !== table) {
      table = c.table_name;
      lines.push('', `table ${table}`);
    }
    const identity = c.is_identity === 'YES' ? ' identity' : '';
    const fallback = c.column_default ? ` default ${c.column_default}` : '';
    lines.push(`  ${c.column_name} ${c.data_type}${c.is_nullable === 'NO' ? ' not null' : ''}${identity}${fallback}`);
  }
  lines.push('', 'constraints');
  for (const c of constraints.rows) {
    lines.push(`  ${c.table_name}.${c.conname}: ${c.def}`);
  }
  lines.push('', 'indexes');
  for (const i of indexes.rows) {
    // The schema name differs between runs (tests isolate schemas); drop it. Indexes of a
    // partitioned table read `ON ONLY <schema>.<table>`.
    lines.push(`  ${i.tablename}.${i.indexname}: ${i.indexdef.replace(/ ON (ONLY )?[a-z_0-9]+\./, ' ON $1')}`);
  }
  return `${lines.join('\n').trim()}\n`;
}
