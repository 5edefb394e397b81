import { Alert, Card, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { PageTitle } from '../../components/PageTitle';
import { PagedTable } from '../../components/PagedTable';
import { useListParams } from '../../hooks/useListParams';
import { useI18n } from '../../i18n';
import { casesApi, type CaseStatus, type CaseView } from './api';
import { CaseActions } from './CaseActions';
import { DeadlineText, StatusTag, UrgencyTag, useCategories, WarningTag } from './labels';

const RUNNING: CaseStatus[] = ['dispatched', 'signed', 'handling'];

/** 承办待办: cases dispatched to my organisation and not yet replied; sign, handle, reply, return. */
export default function InboxPage() {
  const { t } = useI18n();
  const { params, update } = useListParams();
  const categories = useCategories();
  const [refresh, setRefresh] = useState(0);
  const status = (params.get('status') as CaseStatus | null) ?? undefined;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>{t('nav.casesInbox')}</PageTitle>
      <Alert type="info" showIcon message={t('cases.inbox.intro')} />
      <Card>
        <Select
          allowClear
          style={{ width: 140, marginBottom: 16 }}
          placeholder={t('cases.anyStatus')}
          value={status}
          onChange={(value?: string) => update({ status: value ?? null, page: null })}
          options={RUNNING.map((s) => ({ value: s, label: t(`cases.status.${s}`) }))}
        />
        <PagedTable<CaseView>
          rowKey="id"
          filterKey={`${status ?? ''}#${refresh}`}
          load={(page, signal) => casesApi.inbox({ ...page, ...(status ? { status } : {}) }, signal)}
          data-testid="case-inbox"
          columns={[
            { title: t('cases.field.number'), width: 160, render: (_, c) => <Link to={`/cases/${c.id}`}>{c.number}</Link> },
            {
              title: t('cases.field.description'),
              render: (_, c) => (
                <div style={{ maxWidth: 380 }}>
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                    {c.description}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[c.categoryName, c.address].filter(Boolean).join(' · ')}
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
            { title: t('cases.field.deadline'), width: 190, render: (_, c) => <span style={{ fontSize: 12 }}><DeadlineText c={c} /></span> },
            { title: t('cases.field.actions'), width: 170, render: (_, c) => <CaseActions c={c} categories={categories.data} departments={undefined} onDone={() => setRefresh((n) => n + 1)} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
