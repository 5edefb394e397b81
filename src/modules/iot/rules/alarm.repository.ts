import { sql, type Selectable } from 'kysely';
import { tablesOf, type Executor } from '../../../kernel/db/index.js';
import type { AlarmStatus, ClearReason, IotTables, Reading, RuleKind, Severity } from '../iot.tables.js';

export type AlarmRow = Selectable<IotTables['iot_alarm']>;

export interface AlarmInsert {
  id: string;
  ruleId: string;
  ruleName: string;
  kind: RuleKind;
  severity: Severity;
  device: { id: number; code: string; name: string; typeCode: string; ownerId: string; divisionCode: string; gridCode: string | null; lon: number | null; lat: number | null };
  message: string;
  raisedAt: Date;
  readings: Reading[];
}

export interface AlarmFilter {
  regionPrefix: string;
  status?: AlarmStatus | undefined;
  severity?: Severity | undefined;
  kind?: RuleKind | undefined;
  typeCode?: string | undefined;
  deviceId?: number | undefined;
  limit: number;
  offset: number;
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Alarms: raised and cleared inside the ingest and silence transactions, listed for people. */
export function createAlarmRepository(executor: Executor) {
  const db = tablesOf<IotTables>(executor);
  return {
    /** Inserts an open alarm unless the rule already has one open on the device; whether it was inserted. */
    async raise(alarm: AlarmInsert): Promise<boolean> {
      const d = alarm.device;
      const result = await sql<{ id: string }>`
        insert into iot_alarm (id, rule_id, rule_name, kind, severity, device_id, device_code, device_name, type_code, owner_id,
          division_code, grid_code, lon, lat, message, raised_at, readings)
        values (${alarm.id}, ${alarm.ruleId}, ${alarm.ruleName}, ${alarm.kind}, ${alarm.severity}, ${d.id}, ${d.code}, ${d.name}, ${d.typeCode},
          ${d.ownerId}, ${d.divisionCode}, ${d.gridCode}, ${d.lon}, ${d.lat}, ${alarm.message}, ${alarm.raisedAt}, ${JSON.stringify(alarm.readings)}::jsonb)
        on conflict (rule_id, device_id) where status = 'active' do nothing
        returning id`.execute(executor);
      return result.rows.length > 0;
    },
    /** Clears an open alarm; false when it was not open (already cleared elsewhere). */
    async clear(id: string, at: Date, reason: ClearReason, readings: Reading[]): Promise<boolean> {
      const result = await db
        .updateTable('iot_alarm')
        .set({ status: 'cleared', cleared_at: at, clear_reason: reason, clear_readings: JSON.stringify(readings) })
        .where('id', '=', id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    get: (id: string): Promise<AlarmRow | undefined> => db.selectFrom('iot_alarm').selectAll().where('id', '=', id).executeTakeFirst(),
    async search(filter: AlarmFilter): Promise<{ items: AlarmRow[]; total: number }> {
      let query = db.selectFrom('iot_alarm').where('division_code', 'like', `${likeEscape(filter.regionPrefix)}%`);
      if (filter.status) {
        query = query.where('status', '=', filter.status);
      }
      if (filter.severity) {
        query = query.where('severity', '=', filter.severity);
      }
      if (filter.kind) {
        query = query.where('kind', '=', filter.kind);
      }
      if (filter.typeCode) {
        query = query.where('type_code', '=', filter.typeCode);
      }
      if (filter.deviceId !== undefined) {
        query = query.where('device_id', '=', filter.deviceId);
      }
      const [items, count] = await Promise.all([
        query.selectAll().orderBy('raised_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },
    countOpen: async (deviceId: number): Promise<number> =>
      Number(
        (await db.selectFrom('iot_alarm').select((eb) => eb.fn.countAll<number>().as('n')).where('device_id', '=', deviceId).where('status', '=', 'active').executeTakeFirstOrThrow()).n,
      ),
  };
}

export type AlarmRepository = ReturnType<typeof createAlarmRepository>;
