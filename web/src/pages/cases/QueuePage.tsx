import { Button, Card, Flex, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { hasPermission, useMe } from '../../auth/AuthContext';
import { PageTitle } from '../../components/PageTitle';
import { PagedTable } from '../../components/PagedTable';
import { formatDateTime } from '../../format';
import { useListParams } from '../../hooks/useListParams';
import { useI18n } from '../../i18n';
import { casesApi, CHANNELS, STATUSES, type CaseStatus, type CaseView, type Channel, type Warning } from './api';
import { CaseActions } from './CaseActions';
import { categoryOptions, DeadlineText, StatusTag, UrgencyTag, useCategories, useDepartments, WarningTag } from './labels';

/** 派单工作台: the cases of one's region with filters, warnings and the dispatcher's steps. */
export default function QueuePage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const { params, update } = useListParams();
  const categories = useCategories();
  const departments = useDepartments(hasPermission(me, 'org.read'));
  const [refresh, setRefresh] = useState(0);
  const filters = {
    status: (params.get('status') as CaseStatus | null) ?? undefined,
    categoryCode: params.get('categoryCode') ?? undefined,
    organisationId: params.get('organisationId') ?? undefined,
    warning: (params.get('warning') as Warning | null) ?? undefined,
    channel: (params.get('channel') as Channel | null) ?? undefined,
    sourceRef: params.get('sourceRef') ?? undefined,
  };
  const filterKey = `${JSON.stringify(filters)}#${refresh}`;
  const set = (key: string) => (value: string | undefined) => update({ [key]: value ?? null, page: null });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>{t('nav.casesQueue')}</PageTitle>
      <Card>
        <Flex wrap gap={8} style={{ marginBottom: 16 }}>
          <Select allowClear style={{ width: 130 }} placeholder={t('cases.anyStatus')} value={filters.status} onChange={set('status')} options={STATUSES.map((s) => ({ value: s, label: t(`cases.status.${s}`) }))} data-testid="queue-status" />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 240 }}
            placeholder={t('cases.anyCategory')}
            value={filters.categoryCode}
            onChange={set('categoryCode')}
            options={categoryOptions(categories.data)}
            data-testid="queue-category"
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 220 }}
            placeholder={t('cases.anyOrganisation')}
            value={filters.organisationId}
            onChange={set('organisationId')}
            options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
            data-testid="queue-organisation"
          />
          <Select allowClear style={{ width: 130 }} placeholder={t('cases.anyWarning')} value={filters.warning} onChange={set('warning')} options={(['yellow', 'red'] as const).map((w) => ({ value: w, label: t(`cases.warning.${w}`) }))} data-testid="queue-warning" />
          <Select allowClear style={{ width: 130 }} placeholder={t('cases.anyChannel')} value={filters.channel} onChange={set('channel')} options={CHANNELS.map((c) => ({ value: c, label: t(`cases.channel.${c}`) }))} data-testid="queue-channel" />
          {filters.sourceRef && (
            <Button onClick={() => update({ sourceRef: null, page: null })}>
              {t('cases.field.source')}: {filters.sourceRef} ✕
            </Button>
          )}
          <Button onClick={() => setRefresh((n) => n + 1)} data-testid="queue-refresh">
            {t('cases.refresh')}
          </Button>
        </Flex>
        <PagedTable<CaseView>
          rowKey="id"
          filterKey={filterKey}
          load={(page, signal) => casesApi.queue({ ...page, ...filters }, signal)}
          data-testid="case-queue"
          columns={[
            {
              title: t('cases.field.number'),
              width: 170,
              render: (_, c) => (
                <div>
                  <Link to={`/cases/${c.id}`}>{c.number}</Link>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t(`cases.channel.${c.channel}`)} · {t(`cases.type.${c.type}`)}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            {
              title: t('cases.field.description'),
              render: (_, c) => (
                <div style={{ maxWidth: 360 }}>
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                    {c.description}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.categoryName ?? t('cases.none')}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: t('cases.field.status'),
              width: 150,
              render: (_, c) => (
                <Space size={2} wrap>
                  <StatusTag status={c.status} />
                  <UrgencyTag urgency={c.urgency} />
                  <WarningTag warning={c.warning} />
                </Space>
              ),
            },
            { title: t('cases.field.organisation'), width: 160, render: (_, c) => c.organisation?.name ?? t('cases.none') },
            {
              title: t('cases.field.deadline'),
              width: 190,
              render: (_, c) => (
                <div style={{ fontSize: 12 }}>
                  <DeadlineText c={c} />
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(c.createdAt, locale)}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            { title: t('cases.field.actions'), width: 150, render: (_, c) => <CaseActions c={c} categories={categories.data} departments={departments.data} onDone={() => setRefresh((n) => n + 1)} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
