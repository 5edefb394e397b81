import { randomUUID } from 'node:crypto';
import type { Bus } from '../../../kernel/bus/index.js';
import type { Executor } from '../../../kernel/db/index.js';
import type { DeviceEntry, TypeEntry } from '../ingest/directory.js';
import type { AlarmDevice } from '../iot.events.js';
import type { ClearReason, Reading } from '../iot.tables.js';
import { alarmMessage } from './alarm-text.js';
import { createAlarmRepository } from './alarm.repository.js';
import { judgesReadings, NO_PROGRESS, stepRule, type Rule, type RuleProgress, type TimedValues } from './rule-engine.js';
import { createRuleRepository, type ProgressRow } from './rule.repository.js';

/** New readings of one device, in time order, with what came before them. */
export interface DeviceReadings {
  device: DeviceEntry;
  /** The device's latest state before these readings (null before its first). */
  previous: TimedValues | null;
  readings: TimedValues[];
  /** The device was marked silent: its silence alarms clear. */
  wasSilent: boolean;
  /** The rules that apply to the device and its type, looked up before the transaction. */
  rules: Rule[];
  type: TypeEntry | undefined;
}

export const alarmDeviceOf = (d: DeviceEntry): AlarmDevice => ({
  id: d.id,
  code: d.code,
  name: d.name,
  typeCode: d.typeCode,
  ownerId: d.ownerId,
  divisionCode: d.divisionCode,
  gridCode: d.gridCode,
  lon: d.lon,
  lat: d.lat,
});

const readingOf = (r: TimedValues): Reading => ({ ts: r.ts.toISOString(), values: r.values });

/**
 * Raises and clears alarms inside the caller's transaction: alarm rows, rule progress and
 * the `iot.alarm.*` events commit together with the readings that caused them. The caller
 * holds the devices' state rows locked, so two nodes never judge one device at once. It
 * queries through the transaction only (rules and types come with the readings): on
 * PGlite, one connection, a query beside the transaction would wait for it forever.
 */
export function createRuleEvaluator(deps: { bus: Pick<Bus, 'publish'> }) {
  const { bus } = deps;

  async function raise(trx: Executor, rule: Rule, device: DeviceEntry, type: TypeEntry | undefined, readings: Reading[], at: Date): Promise<string | null> {
    const message = alarmMessage(rule, device.name, type?.fields.get(rule.field ?? ''), readings);
    const id = randomUUID();
    const alarmDevice = alarmDeviceOf(device);
    const inserted = await createAlarmRepository(trx).raise({ id, ruleId: rule.id, ruleName: rule.name, kind: rule.kind, severity: rule.severity, device: alarmDevice, message, raisedAt: at, readings });
    if (!inserted) {
      return null;
    }
    await bus.publish(trx, {
      type: 'iot.alarm.raised',
      payload: { alarmId: id, ruleId: rule.id, ruleName: rule.name, kind: rule.kind, severity: rule.severity, message, device: alarmDevice, raisedAt: at.toISOString(), readings },
    });
    return id;
  }

  async function clear(trx: Executor, rule: Pick<Rule, 'id' | 'kind'>, device: DeviceEntry, alarmId: string, reason: ClearReason, readings: Reading[], at: Date): Promise<void> {
    if (await createAlarmRepository(trx).clear(alarmId, at, reason, readings)) {
      await bus.publish(trx, {
        type: 'iot.alarm.cleared',
        payload: { alarmId, ruleId: rule.id, kind: rule.kind, device: alarmDeviceOf(device), clearedAt: at.toISOString(), reason, readings },
      });
    }
  }

  return {
    raise,
    clear,
    /** Advances every reading rule of each device by its new readings; clears silence alarms of devices reporting again. */
    async evaluate(trx: Executor, batch: DeviceReadings[], at: Date): Promise<void> {
      const work: Array<{ entry: DeviceReadings; rules: Rule[] }> = [];
      for (const entry of batch) {
        const { rules } = entry;
        // Devices under maintenance report, but raise nothing.
        const judging = entry.device.status === 'active' ? rules.filter(judgesReadings) : [];
        const silence = entry.wasSilent ? rules.filter((r) => r.kind === 'silence') : [];
        if (judging.length > 0 || silence.length > 0) {
          work.push({ entry, rules: [...judging, ...silence] });
        }
      }
      if (work.length === 0) {
        return;
      }
      const repo = createRuleRepository(trx);
      const stored = new Map((await repo.progressOf(work.map((w) => w.entry.device.id))).map((p) => [`${p.ruleId}|${p.deviceId}`, p]));
      const changed: ProgressRow[] = [];
      for (const { entry, rules } of work) {
        const { device } = entry;
        for (const rule of rules) {
          const start: RuleProgress = stored.get(`${rule.id}|${device.id}`) ?? NO_PROGRESS;
          let progress = start;
          if (rule.kind === 'silence') {
            if (progress.alarmId) {
              await clear(trx, rule, device, progress.alarmId, 'reporting-again', entry.readings.slice(0, 1).map(readingOf), at);
              progress = { ...NO_PROGRESS };
            }
          } else {
            let previous = entry.previous;
            for (const reading of entry.readings) {
              const step = stepRule(rule, progress, reading, previous);
              progress = step.progress;
              if (step.transition === 'raise') {
                const alarmId = await raise(trx, rule, device, entry.type, progress.recent, at);
                progress = { ...NO_PROGRESS, alarmId };
              } else if (step.transition === 'clear' && progress.alarmId) {
                await clear(trx, rule, device, progress.alarmId, 'condition-cleared', progress.recent, at);
                progress = { ...NO_PROGRESS };
              }
              previous = { ts: reading.ts, values: { ...(previous?.values ?? {}), ...reading.values } };
            }
          }
          if (progress !== start) {
            changed.push({ ruleId: rule.id, deviceId: device.id, ...progress });
          }
        }
      }
      await repo.saveProgress(changed);
    },
  };
}

export type RuleEvaluator = ReturnType<typeof createRuleEvaluator>;
