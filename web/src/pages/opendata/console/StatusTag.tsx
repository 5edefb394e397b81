import { Tag } from 'antd';
import type { Translate } from '../../../i18n';

/** 已发布 / 已下线. */
export function StatusTag({ status, t }: { status: string; t: Translate }) {
  return status === 'published' ? <Tag color="green">{t('opendata.console.published')}</Tag> : <Tag>{t('opendata.console.unpublished')}</Tag>;
}
