import { App, Button, Flex, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorState } from '../../../components/ErrorState';
import { PageTitle } from '../../../components/PageTitle';
import { formatDateTime } from '../../../format';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { PAGE_SIZES, useListParams } from '../../../hooks/useListParams';
import { useI18n } from '../../../i18n';
import { consoleApi, type Application } from './api';
import { errorText } from './errorText';

const STATUS_COLORS = { pending: 'processing', approved: 'success', rejected: 'error' } as const;

/** 有条件开放申请: applications for my department's conditional-open datasets, to approve or reject. */
export default function ConsoleApplicationsPage() {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const [status, setStatus] = useState<'pending' | 'approved' | 'rejected' | 'all'>('pending');
  const { page, pageSize, setPage } = useListParams();
  const { data, error, loading, reload } = useApiQuery(
    (signal) => consoleApi.applications({ ...(status === 'all' ? {} : { status }), page, pageSize }, signal),
    [status, page, pageSize],
  );

  function decide(application: Application, approve: boolean) {
    let note = '';
    modal.confirm({
      title: t(approve ? 'opendata.console.approveConfirm' : 'opendata.console.rejectConfirm', { applicant: application.applicantName, title: application.datasetTitle ?? '' }),
      content: (
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder={t(approve ? 'opendata.console.approveNote' : 'opendata.console.rejectNote')}
          onChange={(e) => (note = e.target.value)}
          data-testid="console-decision-note"
        />
      ),
      okButtonProps: { danger: !approve },
      onOk: async () => {
        if (!approve && note.trim() === '') {
          void message.warning(t('opendata.console.rejectNoteRequired'));
          throw new Error('note required');
        }
        try {
          await consoleApi.decide(application.id, { approve, ...(note.trim() ? { note: note.trim() } : {}) });
          void message.success(t(approve ? 'opendata.console.approved' : 'opendata.console.rejected'));
          reload();
        } catch (cause) {
          void message.error(errorText(cause, t));
          throw cause;
        }
      },
    });
  }

  return (
    <Flex vertical gap={16} data-testid="console-applications">
      <Typography.Link>
        <Link to="/opendata/console">← {t('nav.opendataConsole')}</Link>
      </Typography.Link>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <PageTitle>{t('nav.opendataApplications')}</PageTitle>
        <Segmented
          value={status}
          onChange={(value) => {
            setStatus(value as typeof status);
            setPage(1, pageSize);
          }}
          options={(['pending', 'approved', 'rejected', 'all'] as const).map((value) => ({ value, label: t(`opendata.console.applications.${value}`) }))}
        />
      </Flex>
      {error !== null ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <Table<Application>
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('opendata.console.applications.empty') }}
          pagination={{ current: page, pageSize, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: PAGE_SIZES, showTotal: (total) => t('common.total', { total }), onChange: setPage }}
          columns={[
            {
              title: t('opendata.console.applicant'),
              width: 180,
              render: (_, a) => (
                <Flex vertical>
                  <span>{a.applicantName}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[a.applicantOrganisation, a.contact].filter(Boolean).join(' · ')}
                  </Typography.Text>
                </Flex>
              ),
            },
            { title: t('opendata.dataset'), width: 160, render: (_, a) => (a.datasetName ? <Link to={`/opendata/datasets/${a.datasetName}`}>{a.datasetTitle ?? a.datasetName}</Link> : a.datasetId) },
            { title: t('opendata.apply.purpose'), dataIndex: 'purpose', render: (purpose: string) => <Typography.Paragraph style={{ marginBottom: 0, maxWidth: 320 }} ellipsis={{ rows: 3, expandable: true }}>{purpose}</Typography.Paragraph> },
            { title: t('opendata.console.appliedAt'), width: 160, render: (_, a) => formatDateTime(a.createdAt, locale) },
            {
              title: t('opendata.console.status'),
              width: 120,
              render: (_, a) => (
                <Flex vertical gap={2}>
                  <Tag color={STATUS_COLORS[a.status]}>{t(`opendata.console.applications.${a.status}`)}</Tag>
                  {a.status === 'approved' && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(a.claimed ? 'opendata.console.claimed' : 'opendata.console.unclaimed')}</Typography.Text>}
                </Flex>
              ),
            },
            {
              title: t('opendata.console.decision'),
              width: 150,
              fixed: 'right',
              render: (_, a) =>
                a.status === 'pending' ? (
                  <Space>
                    <Button size="small" type="primary" onClick={() => decide(a, true)} data-testid="console-approve">
                      {t('opendata.console.approve')}
                    </Button>
                    <Button size="small" danger onClick={() => decide(a, false)} data-testid="console-reject">
                      {t('opendata.console.reject')}
                    </Button>
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{a.decisionNote ?? '—'}</Typography.Text>
                ),
            },
          ]}
        />
      )}
    </Flex>
  );
}
