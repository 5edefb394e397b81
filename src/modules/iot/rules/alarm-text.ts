import type { Operator, Reading, TelemetryField } from '../iot.tables.js';
import type { Rule } from './rule-engine.js';

const OPERATOR_TEXT: Record<Operator, string> = { '>': '高于', '>=': '达到或高于', '<': '低于', '<=': '达到或低于' };

const withUnit = (value: number | boolean | undefined, unit: string) =>
  `${typeof value === 'number' ? Number(value.toFixed(3)) : String(value)}${unit ? ` ${unit}` : ''}`;

/** The one-line Chinese text of an alarm, as the event centre and the console show it. */
export function alarmMessage(rule: Rule, deviceName: string, field: TelemetryField | undefined, readings: Reading[]): string {
  const label = field?.label ?? rule.field ?? '';
  const unit = field?.unit ?? '';
  const last = readings.at(-1)?.values[rule.field ?? ''];
  switch (rule.kind) {
    case 'threshold': {
      const times = rule.raiseAfter > 1 ? `（连续 ${rule.raiseAfter} 次）` : '';
      return `${deviceName} ${label} ${withUnit(last, unit)}，${OPERATOR_TEXT[rule.operator ?? '>']} ${withUnit(rule.threshold ?? 0, unit)}${times}`;
    }
    case 'rate':
      return `${deviceName} ${label} 变化过快（每分钟超过 ${withUnit(rule.ratePerMinute ?? 0, unit)}），当前 ${withUnit(last, unit)}`;
    case 'silence':
      return `${deviceName} 已超过 ${rule.silenceMinutes ?? 0} 分钟未上报数据（离线）`;
  }
}
