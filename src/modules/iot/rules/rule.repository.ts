import { sql, type Selectable } from 'kysely';
import { tablesOf, type Executor } from '../../../kernel/db/index.js';
import type { IotTables } from '../iot.tables.js';
import type { Rule, RuleProgress } from './rule-engine.js';

type RuleRow = Selectable<IotTables['iot_rule']>;
export type RuleInput = Omit<Rule, 'id'>;

export function ruleOf(row: RuleRow): Rule {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    typeCode: row.type_code,
    deviceId: row.device_id,
    field: row.field,
    operator: row.operator,
    threshold: row.threshold,
    clearThreshold: row.clear_threshold,
    ratePerMinute: row.rate_per_minute,
    silenceMinutes: row.silence_minutes,
    raiseAfter: row.raise_after,
    clearAfter: row.clear_after,
    severity: row.severity,
    enabled: row.enabled,
    description: row.description,
  };
}

const columnsOf = (rule: Partial<RuleInput>) => ({
  ...(rule.name !== undefined ? { name: rule.name } : {}),
  ...(rule.kind !== undefined ? { kind: rule.kind } : {}),
  ...(rule.typeCode !== undefined ? { type_code: rule.typeCode } : {}),
  ...(rule.deviceId !== undefined ? { device_id: rule.deviceId } : {}),
  ...(rule.field !== undefined ? { field: rule.field } : {}),
  ...(rule.operator !== undefined ? { operator: rule.operator } : {}),
  ...(rule.threshold !== undefined ? { threshold: rule.threshold } : {}),
  ...(rule.clearThreshold !== undefined ? { clear_threshold: rule.clearThreshold } : {}),
  ...(rule.ratePerMinute !== undefined ? { rate_per_minute: rule.ratePerMinute } : {}),
  ...(rule.silenceMinutes !== undefined ? { silence_minutes: rule.silenceMinutes } : {}),
  ...(rule.raiseAfter !== undefined ? { raise_after: rule.raiseAfter } : {}),
  ...(rule.clearAfter !== undefined ? { clear_after: rule.clearAfter } : {}),
  ...(rule.severity !== undefined ? { severity: rule.severity } : {}),
  ...(rule.enabled !== undefined ? { enabled: rule.enabled } : {}),
  ...(rule.description !== undefined ? { description: rule.description } : {}),
});

export interface ProgressRow extends RuleProgress {
  ruleId: string;
  deviceId: number;
}

/** Rules and where each stands per device. */
export function createRuleRepository(executor: Executor) {
  const db = tablesOf<IotTables>(executor);
  return {
    listEnabled: async (): Promise<Rule[]> => (await db.selectFrom('iot_rule').selectAll().where('enabled', '=', true).execute()).map(ruleOf),
    async list(filter: { typeCode?: string | undefined; deviceId?: number | undefined }): Promise<Rule[]> {
      let query = db.selectFrom('iot_rule').selectAll().orderBy('created_at');
      if (filter.typeCode) {
        query = query.where('type_code', '=', filter.typeCode);
      }
      if (filter.deviceId !== undefined) {
        query = query.where('device_id', '=', filter.deviceId);
      }
      return (await query.execute()).map(ruleOf);
    },
    get: async (id: string): Promise<Rule | undefined> => {
      const row = await db.selectFrom('iot_rule').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? ruleOf(row) : undefined;
    },
    async insert(rule: RuleInput, actor: string | null): Promise<string> {
      const row = await db
        .insertInto('iot_rule')
        .values({ ...columnsOf(rule), name: rule.name, kind: rule.kind, created_by: actor } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async update(id: string, change: Partial<RuleInput>): Promise<void> {
      await db.updateTable('iot_rule').set({ ...columnsOf(change), updated_at: new Date() }).where('id', '=', id).execute();
    },
    async delete(id: string): Promise<void> {
      await db.deleteFrom('iot_rule').where('id', '=', id).execute();
    },

    /** Progress of every rule on these devices (rows exist only once a rule has moved). */
    async progressOf(deviceIds: number[]): Promise<ProgressRow[]> {
      if (deviceIds.length === 0) {
        return [];
      }
      const rows = await db
        .selectFrom('iot_rule_state')
        .select(['rule_id', 'device_id', 'breach_count', 'clear_count', 'alarm_id', 'recent'])
        .where('device_id', 'in', deviceIds)
        .execute();
      return rows.map((r) => ({ ruleId: r.rule_id, deviceId: r.device_id, breachCount: r.breach_count, clearCount: r.clear_count, alarmId: r.alarm_id, recent: r.recent }));
    },
    /** Devices where the rule has an open alarm. */
    async openAlarmsOf(ruleId: string): Promise<Array<{ deviceId: number; alarmId: string }>> {
      const rows = await db.selectFrom('iot_rule_state').select(['device_id', 'alarm_id']).where('rule_id', '=', ruleId).where('alarm_id', 'is not', null).execute();
      return rows.map((r) => ({ deviceId: r.device_id, alarmId: r.alarm_id! }));
    },
    /** Writes the progress rows in one statement. */
    async saveProgress(rows: ProgressRow[]): Promise<void> {
      if (rows.length === 0) {
        return;
      }
      const json = JSON.stringify(rows.map((r) => ({ rule_id: r.ruleId, device_id: r.deviceId, breach_count: r.breachCount, clear_count: r.clearCount, alarm_id: r.alarmId, recent: r.recent })));
      await sql`
        insert into iot_rule_state (rule_id, device_id, breach_count, clear_count, alarm_id, recent, updated_at)
        select rule_id, device_id, breach_count, clear_count, alarm_id, recent, now()
        from jsonb_to_recordset(${json}::jsonb) as x(rule_id uuid, device_id integer, breach_count integer, clear_count integer, alarm_id uuid, recent jsonb)
        on conflict (rule_id, device_id) do update set
          breach_count = excluded.breach_count, clear_count = excluded.clear_count, alarm_id = excluded.alarm_id,
          recent = excluded.recent, updated_at = excluded.updated_at`.execute(executor);
    },
    async resetProgress(ruleId: string): Promise<void> {
      await db.updateTable('iot_rule_state').set({ breach_count: 0, clear_count: 0, recent: '[]', updated_at: new Date() }).where('rule_id', '=', ruleId).execute();
    },
    async forgetAlarm(ruleId: string, deviceId: number): Promise<void> {
      await db.updateTable('iot_rule_state').set({ alarm_id: null, breach_count: 0, clear_count: 0, recent: '[]' }).where('rule_id', '=', ruleId).where('device_id', '=', deviceId).execute();
    },
  };
}

export type RuleRepository = ReturnType<typeof createRuleRepository>;
