import type { Translate } from '../../i18n';
import type { DeviceType, Rule } from './api';

/** A rule's condition in words: 水位 > 21.5 m，连续 3 次；回到 21.2 m 以内连续 3 次消除. */
export function ruleText(t: Translate, rule: Rule, type: DeviceType | undefined): string {
  const field = type?.fields.find((f) => f.key === rule.field);
  const label = field?.label ?? rule.field ?? '';
  const unit = field?.unit ? ` ${field.unit}` : '';
  switch (rule.kind) {
    case 'threshold':
      return t('iot.rule.thresholdText', {
        field: label,
        operator: rule.operator ?? '',
        threshold: rule.threshold ?? '',
        unit,
        raise: rule.raiseAfter,
        clear: rule.clearThreshold ?? rule.threshold ?? '',
        clearAfter: rule.clearAfter,
      });
    case 'rate':
      return t('iot.rule.rateText', { field: label, rate: rule.ratePerMinute ?? '', unit, raise: rule.raiseAfter });
    case 'silence':
      return t('iot.rule.silenceText', { minutes: rule.silenceMinutes ?? '' });
  }
}
