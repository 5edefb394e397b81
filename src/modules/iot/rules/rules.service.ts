import { hasPermission, regionPrefix, type Principal } from '../../../kernel/auth/index.js';
import { AuthForbidden } from '../../../kernel/errors/index.js';
import type { Db } from '../../../kernel/db/index.js';
import { createDeviceRepository } from '../devices/device.repository.js';
import { actorOf, type AuditAppender } from '../devices/devices.service.js';
import { deviceEntryOf, type Directory } from '../ingest/directory.js';
import { AlarmNotFound, DeviceNotFound, DeviceTypeNotFound, RuleInvalid, RuleNotFound } from '../iot.errors.js';
import { IotPermissions } from '../iot.permissions.js';
import type { Alarm, AlarmSearch, RuleInputBody, RuleUpdate, RuleView } from '../iot.schemas.js';
import type { ClearReason, TelemetryField } from '../iot.tables.js';
import { createAlarmRepository, type AlarmRow } from './alarm.repository.js';
import type { RuleEvaluator } from './rule-evaluator.js';
import type { Rule } from './rule-engine.js';
import { createRuleRepository, type RuleInput } from './rule.repository.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function alarmView(row: AlarmRow): Alarm {
  return {
    id: row.id,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    kind: row.kind,
    severity: row.severity,
    status: row.status,
    message: row.message,
    device: {
      code: row.device_code,
      name: row.device_name,
      typeCode: row.type_code,
      divisionCode: row.division_code,
      gridCode: row.grid_code,
      location: row.lon !== null && row.lat !== null ? { lon: row.lon, lat: row.lat } : null,
    },
    raisedAt: new Date(row.raised_at).toISOString(),
    clearedAt: iso(row.cleared_at),
    clearReason: row.clear_reason,
    readings: row.readings,
    clearReadings: row.clear_readings,
  };
}

/** The condition is complete for its kind and fits the type's fields. */
export function assertValidRule(rule: RuleInput, fields: ReadonlyMap<string, TelemetryField>): void {
  const problem = (text: string) => RuleInvalid({ problem: text });
  if (rule.kind === 'silence') {
    if (rule.silenceMinutes === null || rule.field !== null || rule.operator !== null || rule.threshold !== null || rule.ratePerMinute !== null) {
      throw problem('a silence rule takes silenceMinutes only');
    }
    return;
  }
  const field = rule.field ? fields.get(rule.field) : undefined;
  if (!field) {
    throw problem('field must be one of the device type’s fields');
  }
  if (rule.silenceMinutes !== null) {
    throw problem('silenceMinutes belongs to silence rules');
  }
  if (rule.kind === 'threshold') {
    if (rule.operator === null || rule.threshold === null || rule.ratePerMinute !== null) {
      throw problem('a threshold rule takes operator and threshold');
    }
    const upward = rule.operator === '>' || rule.operator === '>=';
    if (rule.clearThreshold !== null && (upward ? rule.clearThreshold > rule.threshold : rule.clearThreshold < rule.threshold)) {
      throw problem('clearThreshold must lie on the safe side of threshold');
    }
    return;
  }
  if (rule.ratePerMinute === null || rule.operator !== null || rule.threshold !== null || field.type === 'boolean') {
    throw problem('a rate rule takes ratePerMinute on a numeric field');
  }
  if (rule.clearThreshold !== null && rule.clearThreshold > rule.ratePerMinute) {
    throw problem('clearThreshold of a rate rule must not exceed ratePerMinute');
  }
}

// Changing any of these changes what the rule judges: its open alarms clear and it starts over.
const CONDITION: Array<keyof RuleUpdate> = ['field', 'operator', 'threshold', 'clearThreshold', 'ratePerMinute', 'silenceMinutes', 'raiseAfter', 'clearAfter', 'enabled'];

/** Rules (per type: city-wide managers; per device: the device's managers) and alarms. */
export function createRulesService(deps: { db: Db; audit: AuditAppender; directory: Directory; evaluator: RuleEvaluator }) {
  const { db, audit, directory, evaluator } = deps;
  const rules = createRuleRepository(db);
  const devices = createDeviceRepository(db);
  const alarms = createAlarmRepository(db);

  async function scopeOf(principal: Principal, rule: Pick<Rule, 'typeCode' | 'deviceId'>) {
    if (rule.typeCode) {
      const type = await devices.getType(rule.typeCode);
      if (!type) {
        throw DeviceTypeNotFound({ code: rule.typeCode });
      }
      return { typeCode: type.code, deviceCode: null, fields: type.fields, manage: hasPermission(principal, IotPermissions.typeManage), visible: true };
    }
    const device = await devices.getById(rule.deviceId!);
    const visible = device !== undefined && device.division_code.startsWith(regionPrefix(principal));
    const type = device ? await devices.getType(device.type_code) : undefined;
    return { typeCode: null, deviceCode: device?.code ?? null, fields: type?.fields ?? [], manage: visible && hasPermission(principal, IotPermissions.deviceManage), visible };
  }

  function view(rule: Rule, deviceCode: string | null): RuleView {
    const { deviceId: _id, ...rest } = rule;
    return { ...rest, deviceCode };
  }

  async function manageable(principal: Principal, id: string) {
    const rule = await rules.get(id);
    const scope = rule ? await scopeOf(principal, rule) : undefined;
    if (!rule || !scope?.visible) {
      throw RuleNotFound({ id });
    }
    if (!scope.manage) {
      throw AuthForbidden({ permission: rule.typeCode ? IotPermissions.typeManage : IotPermissions.deviceManage });
    }
    return { rule, scope };
  }

  /** Clears the rule's open alarms (rule changed or deleted) in one transaction each. */
  async function clearOpen(ruleId: string, kind: Rule['kind'], reason: ClearReason): Promise<void> {
    const open = await rules.openAlarmsOf(ruleId);
    const entries = new Map((await devices.directoryByIds(open.map((o) => o.deviceId))).map((row) => [row.id, deviceEntryOf(row)]));
    for (const { deviceId, alarmId } of open) {
      await db.transaction().execute(async (trx) => {
        await evaluator.clear(trx, { id: ruleId, kind }, entries.get(deviceId)!, alarmId, reason, [], new Date());
        await createRuleRepository(trx).forgetAlarm(ruleId, deviceId);
      });
    }
  }

  return {
    async list(principal: Principal, query: { typeCode?: string | undefined; deviceCode?: string | undefined }): Promise<RuleView[]> {
      let deviceId: number | undefined;
      if (query.deviceCode) {
        const device = await devices.getByCode(query.deviceCode);
        if (!device || !device.division_code.startsWith(regionPrefix(principal))) {
          throw DeviceNotFound({ code: query.deviceCode });
        }
        deviceId = device.id;
      }
      const found = await rules.list({ typeCode: query.typeCode, deviceId });
      const owners = new Map((await devices.directoryByIds(found.flatMap((r) => (r.deviceId === null ? [] : [r.deviceId])))).map((d) => [d.id, d]));
      const prefix = regionPrefix(principal);
      return found
        .filter((r) => r.deviceId === null || owners.get(r.deviceId)?.division_code.startsWith(prefix))
        .map((r) => view(r, r.deviceId === null ? null : owners.get(r.deviceId)!.code));
    },
    async create(principal: Principal, body: RuleInputBody): Promise<RuleView> {
      if ((body.typeCode === undefined) === (body.deviceCode === undefined)) {
        throw RuleInvalid({ problem: 'give either typeCode or deviceCode' });
      }
      let deviceId: number | null = null;
      if (body.deviceCode) {
        const device = await devices.getByCode(body.deviceCode);
        if (!device || !device.division_code.startsWith(regionPrefix(principal))) {
          throw DeviceNotFound({ code: body.deviceCode });
        }
        deviceId = device.id;
      }
      const input: RuleInput = {
        name: body.name.trim(),
        kind: body.kind,
        typeCode: body.typeCode ?? null,
        deviceId,
        field: body.field ?? null,
        operator: body.operator ?? null,
        threshold: body.threshold ?? null,
        clearThreshold: body.clearThreshold ?? null,
        ratePerMinute: body.ratePerMinute ?? null,
        silenceMinutes: body.silenceMinutes ?? null,
        raiseAfter: body.raiseAfter ?? 1,
        clearAfter: body.clearAfter ?? 1,
        severity: body.severity ?? 'major',
        enabled: body.enabled ?? true,
        description: body.description ?? '',
      };
      const scope = await scopeOf(principal, input);
      if (!scope.manage) {
        throw AuthForbidden({ permission: input.typeCode ? IotPermissions.typeManage : IotPermissions.deviceManage });
      }
      assertValidRule(input, new Map(scope.fields.map((f) => [f.key, f])));
      const id = await db.transaction().execute(async (trx) => {
        const made = await createRuleRepository(trx).insert(input, actorOf(principal));
        await audit.append(trx, { actor: actorOf(principal), action: 'iot.rule.create', target: `iot-rule:${made}`, details: body });
        return made;
      });
      directory.forgetRules();
      return view((await rules.get(id))!, scope.deviceCode);
    },
    async update(principal: Principal, id: string, change: RuleUpdate): Promise<RuleView> {
      const { rule, scope } = await manageable(principal, id);
      const { name, description, ...rest } = change;
      const merged: RuleInput = { ...rule, ...rest, ...(name !== undefined ? { name: name.trim() } : {}), ...(description !== undefined ? { description } : {}) };
      assertValidRule(merged, new Map(scope.fields.map((f) => [f.key, f])));
      const conditionChanged = CONDITION.some((key) => change[key] !== undefined && change[key] !== (rule as unknown as Record<string, unknown>)[key]);
      await db.transaction().execute(async (trx) => {
        await createRuleRepository(trx).update(id, merged);
        if (conditionChanged) {
          await createRuleRepository(trx).resetProgress(id);
        }
        await audit.append(trx, { actor: actorOf(principal), action: 'iot.rule.update', target: `iot-rule:${id}`, details: change });
      });
      if (conditionChanged) {
        await clearOpen(id, rule.kind, 'rule-changed');
      }
      directory.forgetRules();
      return view((await rules.get(id))!, scope.deviceCode);
    },
    async remove(principal: Principal, id: string): Promise<void> {
      const { rule } = await manageable(principal, id);
      await clearOpen(id, rule.kind, 'rule-deleted');
      await db.transaction().execute(async (trx) => {
        await createRuleRepository(trx).delete(id);
        await audit.append(trx, { actor: actorOf(principal), action: 'iot.rule.delete', target: `iot-rule:${id}`, details: { name: rule.name } });
      });
      directory.forgetRules();
    },

    /** Clears every open alarm of a device (it was retired), in one transaction. */
    async clearDevice(deviceId: number, reason: ClearReason): Promise<void> {
      const [row] = await devices.directoryByIds([deviceId]);
      if (!row) {
        return;
      }
      const device = deviceEntryOf(row);
      await db.transaction().execute(async (trx) => {
        const repo = createRuleRepository(trx);
        for (const progress of await repo.progressOf([deviceId])) {
          if (progress.alarmId) {
            const rule = await repo.get(progress.ruleId);
            await evaluator.clear(trx, { id: progress.ruleId, kind: rule?.kind ?? 'threshold' }, device, progress.alarmId, reason, [], new Date());
            await repo.forgetAlarm(progress.ruleId, deviceId);
          }
        }
      });
    },

    async alarms(principal: Principal, query: AlarmSearch) {
      let deviceId: number | undefined;
      if (query.deviceCode) {
        deviceId = (await devices.getByCode(query.deviceCode))?.id ?? -1;
      }
      const { items, total } = await alarms.search({ ...query, deviceId, regionPrefix: regionPrefix(principal), limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
      return { items: items.map(alarmView), total, page: query.page, pageSize: query.pageSize };
    },
    async alarm(principal: Principal, id: string): Promise<Alarm> {
      const row = await alarms.get(id);
      if (!row || !row.division_code.startsWith(regionPrefix(principal))) {
        throw AlarmNotFound({ id });
      }
      return alarmView(row);
    },
  };
}

export type RulesService = ReturnType<typeof createRulesService>;
