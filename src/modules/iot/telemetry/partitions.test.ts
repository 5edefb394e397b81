import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../kernel/db/index.js';
import { createTestDatabase } from '../../../kernel/testing/test-database.js';
import { deleteExpired, maintainPartitions, shanghaiDay, telemetryPartitions } from './partitions.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('telemetry partitions', () => {
  it('names days in Asia/Shanghai', () => {
    expect(shanghaiDay(new Date('2026-07-11T16:00:00Z'))).toBe('20260712');
    expect(shanghaiDay(new Date('2026-07-11T15:59:59Z'))).toBe('20260711');
  });

  it('creates day partitions around today, routes readings into them, and drops days past retention', async () => {
    const now = new Date('2026-07-12T04:00:00Z');
    const made = await maintainPartitions(database.db, { back: 2, ahead: 3, keepDays: 10, now });
    expect(made.created).toEqual(['20260710', '20260711', '20260712', '20260713', '20260714', '20260715']);
    expect((await maintainPartitions(database.db, { back: 2, ahead: 3, keepDays: 10, now })).created).toEqual([]);
    // 00:30 on 12 July in Shanghai is still 11 July in UTC.
    await sql`insert into iot_telemetry (device_id, ts, data) values (1, '2026-07-11T16:30:00Z', '{}')`.execute(database.db);
    const where = await sql<{ part: string }>`select tableoid::regclass::text as part from iot_telemetry`.execute(database.db);
    expect(where.rows[0]!.part).toBe('iot_telemetry_p20260712');

    const later = await maintainPartitions(database.db, { back: 2, ahead: 3, keepDays: 10, now: new Date('2026-07-24T04:00:00Z') });
    expect(later.dropped).toEqual(['20260710', '20260711', '20260712', '20260713']);
    expect(await telemetryPartitions(database.db)).toContain('20260727');
    expect((await sql<{ n: number }>`select count(*)::int as n from iot_telemetry`.execute(database.db)).rows[0]!.n).toBe(0);
  });

  it('deletes rows of a type kept shorter than the partitions', async () => {
    await maintainPartitions(database.db, { back: 7, ahead: 1, keepDays: 30, now: new Date() });
    await sql`insert into iot_device_type (code, name, category, fields, retention_days) values ('short-lived', '短', 'other', '[]', 2), ('long-lived', '长', 'other', '[]', 365)`.execute(database.db);
    await sql`insert into iot_device (code, type_code, name, owner_id, owner_code, owner_name, division_code)
      values ('S-1', 'short-lived', 's', gen_random_uuid(), 'o', 'o', '420700'), ('L-1', 'long-lived', 'l', gen_random_uuid(), 'o', 'o', '420700')`.execute(database.db);
    await sql`insert into iot_telemetry (device_id, ts, data)
      select d.id, now() - make_interval(days => k, hours => 12), '{}' from iot_device d, generate_series(0, 5) as k`.execute(database.db);
    // Ages 0.5 to 5.5 days: of the short-lived type, those past 2 days go.
    expect(await deleteExpired(database.db, 30)).toBe(4);
    const left = await sql<{ code: string; n: number }>`select d.code, count(*)::int as n from iot_telemetry t join iot_device d on d.id = t.device_id group by d.code order by d.code`.execute(database.db);
    expect(left.rows).toEqual([
      { code: 'L-1', n: 6 },
      { code: 'S-1', n: 2 },
    ]);
  });
});
