import type { ClearReason, Reading, RuleKind, Severity } from './iot.tables.js';

/** The device an alarm is about, with what the event centre needs to place and route it. */
export interface AlarmDevice {
  id: number;
  code: string;
  name: string;
  typeCode: string;
  ownerId: string;
  divisionCode: string;
  gridCode: string | null;
  /** CGCS2000 / WGS-84 longitude and latitude; null when the device has no recorded place. */
  lon: number | null;
  lat: number | null;
}

/** Payload of `iot.alarm.raised`, published in the transaction that raises the alarm. */
export interface IotAlarmRaisedEvent {
  alarmId: string;
  ruleId: string;
  ruleName: string;
  kind: RuleKind;
  severity: Severity;
  /** One line in Chinese, e.g. 梁子湖水位站 水位 21.8 m 超过 21.5 m（连续 3 次）. */
  message: string;
  device: AlarmDevice;
  raisedAt: string;
  /** The readings that raised it (empty for silence). */
  readings: Reading[];
}

/** Payload of `iot.alarm.cleared`. */
export interface IotAlarmClearedEvent {
  alarmId: string;
  ruleId: string;
  kind: RuleKind;
  device: AlarmDevice;
  clearedAt: string;
  reason: ClearReason;
  readings: Reading[];
}

declare module '../../kernel/bus/index.js' {
  interface DomainEvents {
    'iot.alarm.raised': IotAlarmRaisedEvent;
    'iot.alarm.cleared': IotAlarmClearedEvent;
  }
}

export const IOT_ALARM_RAISED = 'iot.alarm.raised' as const;
export const IOT_ALARM_CLEARED = 'iot.alarm.cleared' as const;
