import type { Principal } from '../../kernel/auth/index.js';
import type { Bus } from '../../kernel/bus/index.js';
import type { Jobs } from '../../kernel/jobs/index.js';
import type { IotAlarmRaisedEvent } from '../iot/index.js';
import { createCaseRepository } from './case.repository.js';
import { createCategoryRepository } from './category.repository.js';
import type { CasesDeps } from './cases.deps.js';
import type { CasesService } from './cases.service.js';

export const ALARM_JOB = 'cases.alarm.open';
const ACTOR = { principal: null, actor: 'system:cases.alarms', name: '物联感知告警' } as const;

declare module '../../kernel/jobs/index.js' {
  interface JobPayloads {
    'cases.alarm.open': IotAlarmRaisedEvent;
  }
}

/** A platform principal over the province of `divisionCode`, to look up a device's owner. */
function systemPrincipal(divisionCode: string): Principal {
  return { kind: 'apiKey', id: 'system', name: 'system', organisationId: null, divisionCode: `${divisionCode.slice(0, 2)}0000`, permissions: new Set(), roles: [] };
}

/**
 * `iot.alarm.raised` opens an alarm case (channel `iot`). The subscriber only enqueues a job
 * in the event's transaction (a handler must not read through the shared handle); the job
 * opens the case in the category that lists the device type and dispatches it to the
 * device's owner. One alarm opens one case, however often the event or job is delivered.
 */
export function subscribeToAlarms(bus: Pick<Bus, 'subscribe'>, jobs: Pick<Jobs, 'define' | 'enqueue'>, deps: CasesDeps, service: CasesService): void {
  jobs.define(ALARM_JOB, async (payload) => {
    await openAlarmCase(deps, service, payload);
  });
  bus.subscribe('iot.alarm.raised', 'cases.open-alarm-case', async (event, trx) => {
    await jobs.enqueue(trx, ALARM_JOB, event.payload, { dedupeKey: `${ALARM_JOB}:${event.payload.alarmId}` });
  });
}

export async function openAlarmCase(deps: CasesDeps, service: CasesService, alarm: IotAlarmRaisedEvent): Promise<string> {
  const sourceRef = `iot.alarm:${alarm.alarmId}`;
  const cases = createCaseRepository(deps.db);
  let opened = await cases.getBySource(sourceRef);
  if (!opened) {
    const category = await createCategoryRepository(deps.db).forIotType(alarm.device.typeCode);
    const point = alarm.device.lon !== null && alarm.device.lat !== null ? { lon: alarm.device.lon, lat: alarm.device.lat } : undefined;
    try {
      opened = await service.intakeAs(ACTOR, 'iot', {
        type: 'help',
        categoryCode: category?.code,
        description: `${alarm.message}（设备 ${alarm.device.code} ${alarm.device.name}，规则 ${alarm.ruleName}）`,
        address: alarm.device.name,
        point,
        divisionCode: alarm.device.divisionCode,
        urgency: alarm.severity === 'minor' ? 'normal' : 'urgent',
      }, sourceRef);
    } catch (error) {
      // Another delivery opened it first (source_ref is unique).
      opened = await cases.getBySource(sourceRef);
      if (!opened) {
        throw error;
      }
    }
  }
  if (opened.status === 'accepted' && opened.categoryCode && opened.returnCount === 0) {
    const owner = await deps.org.getOrganisation(systemPrincipal(alarm.device.divisionCode), alarm.device.ownerId).catch(() => undefined);
    if (owner) {
      await service.dispatchAs(ACTOR, opened.id, { version: opened.version, organisation: owner, comment: '告警自动派遣至设备权属单位' });
    }
  }
  return opened.id;
}
