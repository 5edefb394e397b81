import { Tag, Typography } from 'antd';
import type { Organisation } from '../../api/org';
import { api, type Page } from '../../api/client';
import { formatDateTime } from '../../format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n } from '../../i18n';
import { casesApi, type CaseStatus, type CaseView, type Category, type Warning } from './api';

const STATUS_COLORS: Record<CaseStatus, string> = {
  accepted: 'default',
  dispatched: 'processing',
  signed: 'cyan',
  handling: 'blue',
  replied: 'purple',
  visited: 'gold',
  closed: 'success',
};

export function StatusTag({ status }: { status: CaseStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="case-status">
      {t(`cases.status.${status}`)}
    </Tag>
  );
}

/** 黄牌 / 红牌; nothing for a case on time. */
export function WarningTag({ warning }: { warning: Warning }) {
  const { t } = useI18n();
  if (warning === 'none') {
    return null;
  }
  return (
    <Tag color={warning === 'red' ? 'red' : 'gold'} data-testid="case-warning">
      {t(`cases.warning.${warning}`)}
    </Tag>
  );
}

export function UrgencyTag({ urgency }: { urgency: CaseView['urgency'] }) {
  const { t } = useI18n();
  return urgency === 'urgent' ? <Tag color="volcano">{t('cases.urgency.urgent')}</Tag> : null;
}

/** The time limit and when it falls due. */
export function DeadlineText({ c }: { c: CaseView }) {
  const { t, locale } = useI18n();
  if (c.limitHours !== null && c.deadlineAt) {
    return <>{t('cases.deadline.hours', { hours: c.limitHours, at: formatDateTime(c.deadlineAt, locale) })}</>;
  }
  if (c.limitDays !== null && c.dueOn) {
    return <>{t('cases.deadline.days', { days: c.limitDays, due: c.dueOn })}</>;
  }
  return <Typography.Text type="secondary">{t('cases.none')}</Typography.Text>;
}

/** The classifier's suggestion with its confidence, named from the category list. */
export function SuggestionText({ c, categories }: { c: CaseView; categories: Category[] | undefined }) {
  const { t } = useI18n();
  if (!c.suggestion) {
    return <Typography.Text type="secondary">{t('cases.none')}</Typography.Text>;
  }
  const name = c.suggestion.categoryName ?? categories?.find((k) => k.code === c.suggestion!.categoryCode)?.name ?? c.suggestion.categoryCode;
  const confidence = c.suggestion.confidence === null ? '—' : `${Math.round(c.suggestion.confidence * 100)}%`;
  return <span data-testid="case-suggestion">{t('cases.suggestion.value', { name, confidence })}</span>;
}

/** The category list (cached per page mount). */
export function useCategories() {
  return useApiQuery((signal) => casesApi.categories(signal), []);
}

/** The departments one can dispatch to or name in the responsibility list. */
export function useDepartments(enabled = true) {
  return useApiQuery(
    (signal) =>
      enabled
        ? api.get<Page<Organisation>>('/org/organisations', { kind: 'department', page: 1, pageSize: 200 }, signal).then((p) => p.items)
        : Promise.resolve([] as Organisation[]),
    [enabled],
  );
}

/** Category options grouped by their 大类, for a Select. */
export function categoryOptions(categories: Category[] | undefined) {
  const groups = new Map<string, { label: string; options: { value: string; label: string }[] }>();
  for (const c of categories ?? []) {
    const key = `${c.kind}:${c.group}`;
    if (!groups.has(key)) {
      groups.set(key, { label: c.group, options: [] });
    }
    groups.get(key)!.options.push({ value: c.code, label: `${c.name}（${c.code}）` });
  }
  return [...groups.values()];
}
