import { sql } from 'kysely';
import { sqlScript, type Db } from '../../../kernel/db/index.js';

const DAY_MS = 86_400_000;
// China keeps one offset all year: a day partition is [00:00, 24:00) Asia/Shanghai.
const SHANGHAI_MS = 8 * 3_600_000;
// Any fixed number: nodes agree, so one at a time changes the partitions.
const PARTITION_LOCK = 727_061;

/** `YYYYMMDD` of the Asia/Shanghai day holding `at`. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

function dayStart(day: string): string {
  return `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)} 00:00:00+08`;
}

function addDays(day: string, days: number): string {
  const start = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)));
  return new Date(start + days * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

/** Day partitions of iot_telemetry that exist, by `YYYYMMDD`. */
export async function telemetryPartitions(db: Db): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    join pg_class p on p.oid = i.inhparent
    where p.relname = 'iot_telemetry' and p.relnamespace = current_schema()::regnamespace and c.relname ~ '^iot_telemetry_p[0-9]{8}$'
    order by c.relname`.execute(db);
  return rows.rows.map((r) => r.name.slice('iot_telemetry_p'.length));
}

/**
 * Makes sure a day partition exists for every day from `back` days ago to `ahead` days on,
 * and drops the partitions of days older than `keepDays` (the longest retention of any
 * type). Rows of types kept for less are deleted by `deleteExpired`.
 */
export async function maintainPartitions(db: Db, options: { back: number; ahead: number; keepDays: number; now?: Date }): Promise<{ created: string[]; dropped: string[] }> {
  const today = shanghaiDay(options.now ?? new Date());
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${PARTITION_LOCK})`.execute(trx);
    const existing = new Set(await telemetryPartitions(trx as unknown as Db));
    const created: string[] = [];
    for (let offset = -options.back; offset <= options.ahead; offset += 1) {
      const day = addDays(today, offset);
      if (!existing.has(day)) {
        created.push(day);
      }
    }
    if (created.length > 0) {
      await sqlScript(
        created
          .map((day) => `create table iot_telemetry_p${day} partition of iot_telemetry for values from ('${dayStart(day)}') to ('${dayStart(addDays(day, 1))}');`)
          .join('\n'),
      ).execute(trx);
    }
    const oldest = addDays(today, -options.keepDays);
    const dropped = [...existing].filter((day) => day < oldest);
    if (dropped.length > 0) {
      await sqlScript(dropped.map((day) => `drop table iot_telemetry_p${day};`).join('\n')).execute(trx);
    }
    return { created, dropped };
  });
}

/**
 * Deletes telemetry older than its type's retention, type by type with a fixed cut-off so
 * that only the partitions before it are scanned. Types kept as long as the partitions
 * need nothing: their old days are dropped whole.
 */
export async function deleteExpired(db: Db, keepDays: number, now = new Date()): Promise<number> {
  const types = await sql<{ code: string; retention_days: number }>`
    select code, retention_days from iot_device_type where retention_days < ${keepDays}`.execute(db);
  let deleted = 0;
  for (const type of types.rows) {
    const cutoff = new Date(now.getTime() - type.retention_days * DAY_MS);
    const result = await sql`
      delete from iot_telemetry
      where ts < ${cutoff} and device_id in (select id from iot_device where type_code = ${type.code})`.execute(db);
    deleted += Number(result.numAffectedRows ?? 0);
  }
  return deleted;
}
