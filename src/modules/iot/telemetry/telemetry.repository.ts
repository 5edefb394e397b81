import { sql } from 'kysely';
import type { Executor } from '../../../kernel/db/index.js';
import type { Values } from '../iot.tables.js';

// A field's value as a number: booleans count as 0 and 1 (an average is then a share of true).
const numeric = (key: string) => sql`(case when jsonb_typeof(data -> ${key}) = 'boolean' then (data ->> ${key})::boolean::int::float8 else (data ->> ${key})::float8 end)`;

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface BucketRow {
  ts: Date;
  count: number;
  values: Record<string, number | null>;
  min: Record<string, number | null>;
  max: Record<string, number | null>;
}

/** Telemetry history and the reject log. */
export function createTelemetryRepository(executor: Executor) {
  return {
    /** The newest `limit` readings in the range, oldest first. */
    async raw(deviceId: number, from: Date, to: Date, limit: number): Promise<Array<{ ts: Date; data: Values }>> {
      const rows = await sql<{ ts: Date; data: Values }>`
        select ts, data from iot_telemetry
        where device_id = ${deviceId} and ts >= ${from} and ts < ${to}
        order by ts desc limit ${limit}`.execute(executor);
      return rows.rows.reverse();
    },
    /** Average, least and greatest of each field per bucket of `bucketSeconds`, aligned on Asia/Shanghai midnight. */
    async buckets(deviceId: number, from: Date, to: Date, bucketSeconds: number, fields: string[]): Promise<BucketRow[]> {
      const aggregates = fields.flatMap((key, i) => [
        sql`avg(${numeric(key)})`.as(`a${i}`),
        sql`min(${numeric(key)})`.as(`n${i}`),
        sql`max(${numeric(key)})`.as(`x${i}`),
      ]);
      const rows = await sql<Record<string, unknown>>`
        select date_bin(make_interval(secs => ${bucketSeconds}), ts, timestamptz '2000-01-01 00:00:00+08') as bucket, count(*)::int as count,
          ${sql.join(aggregates)}
        from iot_telemetry
        where device_id = ${deviceId} and ts >= ${from} and ts < ${to}
        group by 1 order by 1`.execute(executor);
      const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
      return rows.rows.map((row) => ({
        ts: new Date(row.bucket as Date),
        count: Number(row.count),
        values: Object.fromEntries(fields.map((key, i) => [key, num(row[`a${i}`])])),
        min: Object.fromEntries(fields.map((key, i) => [key, num(row[`n${i}`])])),
        max: Object.fromEntries(fields.map((key, i) => [key, num(row[`x${i}`])])),
      }));
    },
    /**
     * Rejected messages, newest first: those of devices in the region, and — when
     * `unattributed` — those naming no registered device.
     */
    async rejects(filter: { regionPrefix: string; unattributed: boolean; deviceCode?: string | undefined; reason?: string | undefined; limit: number; offset: number }) {
      const where = sql.join(
        [
          filter.unattributed
            ? sql`(d.division_code like ${`${likeEscape(filter.regionPrefix)}%`} or r.device_id is null)`
            : sql`d.division_code like ${`${likeEscape(filter.regionPrefix)}%`}`,
          ...(filter.deviceCode ? [sql`r.device_code = ${filter.deviceCode}`] : []),
          ...(filter.reason ? [sql`r.reason = ${filter.reason}`] : []),
        ],
        sql` and `,
      );
      const [items, count] = await Promise.all([
        sql<{ received_at: Date; source: string; topic: string | null; device_code: string | null; reason: string; detail: string; payload: string }>`
          select r.received_at, r.source, r.topic, r.device_code, r.reason, r.detail, r.payload
          from iot_reject r left join iot_device d on d.id = r.device_id
          where ${where}
          order by r.received_at desc, r.id desc limit ${filter.limit} offset ${filter.offset}`.execute(executor),
        sql<{ n: number }>`select count(*)::int as n from iot_reject r left join iot_device d on d.id = r.device_id where ${where}`.execute(executor),
      ]);
      return { items: items.rows, total: Number(count.rows[0]?.n ?? 0) };
    },
    async deleteRejectsBefore(before: Date): Promise<void> {
      await sql`delete from iot_reject where received_at < ${before}`.execute(executor);
    },
  };
}
