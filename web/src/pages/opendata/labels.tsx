import { Tag } from 'antd';
import type { DatasetSummary, Frequency } from '../../api/opendata';
import type { Translate } from '../../i18n';

export const frequencyLabel = (t: Translate, frequency: Frequency | string) => t(`opendata.frequency.${frequency as Frequency}`);

/** 按期更新 / 逾期 N 天: whether the department kept its promised update frequency. */
export function FreshnessTag({ dataset, t }: { dataset: Pick<DatasetSummary, 'freshness' | 'frequency'>; t: Translate }) {
  return dataset.freshness.overdue ? (
    <Tag color="error" data-testid="opendata-overdue">
      {t('opendata.overdue', { days: dataset.freshness.overdueDays })}
    </Tag>
  ) : (
    <Tag color="success">{t('opendata.fresh', { frequency: frequencyLabel(t, dataset.frequency) })}</Tag>
  );
}

export function AccessTag({ access, t }: { access: DatasetSummary['access']; t: Translate }) {
  return access === 'conditional' ? <Tag color="orange">{t('opendata.access.conditional')}</Tag> : <Tag color="blue">{t('opendata.access.unconditional')}</Tag>;
}

/** A date-time as the portal shows it: the date in China time. */
export const day = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
