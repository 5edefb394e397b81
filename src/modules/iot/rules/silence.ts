import { sql } from 'kysely';
import type { Db } from '../../../kernel/db/index.js';
import type { DeviceEntry, Directory, TypeEntry } from '../ingest/directory.js';
import type { Reading, Values } from '../iot.tables.js';
import type { RuleEvaluator } from './rule-evaluator.js';
import { createRuleRepository } from './rule.repository.js';

const ROUND = 200;

/**
 * Raises an offline alarm for every active device that has reported before but not for
 * longer than a silence rule allows, and marks it silent; its next message clears the
 * alarm (see the rule evaluator). Devices that never reported are left alone: that is a
 * commissioning matter, not an outage. Safe on several nodes at once: rows another node
 * holds are skipped, and each alarm exists once.
 */
export async function checkSilence(deps: { db: Db; directory: Directory; rules: RuleEvaluator }, now = new Date()): Promise<{ raised: number }> {
  const { db, directory, rules } = deps;
  const silenceRules = (await createRuleRepository(db).listEnabled()).filter((r) => r.kind === 'silence' && r.silenceMinutes !== null);
  let raised = 0;
  for (const rule of silenceRules) {
    const cutoff = new Date(now.getTime() - rule.silenceMinutes! * 60_000);
    for (;;) {
      const candidates = await sql<{ id: number; code: string }>`
        select d.id, d.code from iot_device d
        join iot_device_state s on s.device_id = d.id
        left join iot_rule_state r on r.rule_id = ${rule.id} and r.device_id = d.id
        where d.status = 'active'
          and ${rule.typeCode === null ? sql`d.id = ${rule.deviceId}` : sql`d.type_code = ${rule.typeCode}`}
          and s.last_seen_at < ${cutoff}
          and r.alarm_id is null
        order by d.id
        limit ${ROUND}`.execute(db);
      if (candidates.rows.length === 0) {
        break;
      }
      // Looked up before the transaction: on PGlite nothing may query beside it.
      const entries = new Map<number, { device: DeviceEntry; type: TypeEntry | undefined }>();
      for (const candidate of candidates.rows) {
        const device = await directory.device(candidate.code);
        if (device?.status === 'active') {
          entries.set(candidate.id, { device, type: await directory.type(device.typeCode) });
        }
      }
      const made = await db.transaction().execute(async (trx) => {
        const locked = await sql<{ device_id: number; last_ts: Date | null; data: Values }>`
          select device_id, last_ts, data from iot_device_state
          where device_id in (${sql.join(candidates.rows.map((c) => c.id))}) and last_seen_at < ${cutoff}
          order by device_id for update skip locked`.execute(trx);
        const progress = [];
        for (const state of locked.rows) {
          const entry = entries.get(state.device_id);
          if (!entry) {
            continue;
          }
          const { device, type } = entry;
          const last: Reading[] = state.last_ts ? [{ ts: new Date(state.last_ts).toISOString(), values: state.data }] : [];
          const alarmId = await rules.raise(trx, rule, device, type, last, now);
          progress.push({ ruleId: rule.id, deviceId: device.id, breachCount: 0, clearCount: 0, alarmId, recent: [] });
        }
        await createRuleRepository(trx).saveProgress(progress);
        if (locked.rows.length > 0) {
          await sql`update iot_device_state set silent_since = coalesce(silent_since, ${now})
            where device_id in (${sql.join(locked.rows.map((r) => r.device_id))})`.execute(trx);
        }
        return progress.filter((p) => p.alarmId !== null).length;
      });
      raised += made;
      if (made === 0) {
        // What is left is held by another node or no longer silent.
        break;
      }
    }
  }
  return { raised };
}
