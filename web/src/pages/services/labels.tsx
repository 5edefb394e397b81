import { Tag } from 'antd';
import type { Channel, ItemType, Level, Material, OnlineDepth, Subject } from '../../api/services';
import type { Translate } from '../../i18n';

export const typeLabel = (t: Translate, type: ItemType) => t(`services.type.${type}`);
export const depthLabel = (t: Translate, depth: OnlineDepth) => t(`services.depth.${depth}`);
export const channelLabel = (t: Translate, channel: Channel) => t(`services.channel.${channel}`);
export const levelLabel = (t: Translate, level: Level) => t(`services.level.${level}`);
export const subjectLabel = (t: Translate, subject: Subject) => t(`services.subject.${subject}`);
export const materialFormLabel = (t: Translate, form: Material['form']) => t(`services.materialForm.${form}`);

/** A limit in working days; 0 is 即办, null (legal limits only) is 无法定时限. */
export function daysLabel(t: Translate, days: number | null): string {
  if (days === null) {
    return t('services.noLegalLimit');
  }
  return days === 0 ? t('services.immediate') : days === 1 ? t('services.oneWorkingDay') : t('services.workingDays', { days });
}

const DEPTH_COLOURS: Record<OnlineDepth, string> = { consult: 'default', pre_review: 'gold', online_apply: 'blue', full_online: 'green' };

export function DepthTag({ depth, t }: { depth: OnlineDepth; t: Translate }) {
  return <Tag color={DEPTH_COLOURS[depth]}>{depthLabel(t, depth)}</Tag>;
}
