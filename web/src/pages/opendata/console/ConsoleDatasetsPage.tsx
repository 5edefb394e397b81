import { CloudUploadOutlined, InboxOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { DatasetDetail, DatasetSummary } from '../../../api/opendata';
import { ErrorState } from '../../../components/ErrorState';
import { PageTitle } from '../../../components/PageTitle';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { PAGE_SIZES, useListParams } from '../../../hooks/useListParams';
import { useI18n } from '../../../i18n';
import { day, frequencyLabel, FreshnessTag } from '../labels';
import { consoleApi } from './api';
import { errorText } from './errorText';
import { RecordUpdateModal } from './RecordUpdateModal';
import { StatusTag } from './StatusTag';
import { UsageChart } from './UsageChart';

/** 开放数据管理: my department's datasets with freshness (overdue in red) and use; publish, record updates. */
export default function ConsoleDatasetsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { page, pageSize, setPage } = useListParams();
  const list = useApiQuery((signal) => consoleApi.datasets({ page, pageSize }, signal), [page, pageSize]);
  const overdue = useApiQuery((signal) => consoleApi.overdue(signal), []);
  const [updating, setUpdating] = useState<DatasetDetail | null>(null);

  const reload = () => {
    list.reload();
    overdue.reload();
  };
  const openUpdate = async (dataset: DatasetSummary) => {
    try {
      setUpdating(await consoleApi.dataset(dataset.id));
    } catch (cause) {
      void message.error(errorText(cause, t));
    }
  };

  return (
    <Flex vertical gap={16} data-testid="opendata-console">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <PageTitle>{t('nav.opendataConsole')}</PageTitle>
        <Space wrap>
          <Link to="/opendata/console/applications">
            <Button icon={<InboxOutlined />}>{t('nav.opendataApplications')}</Button>
          </Link>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/opendata/console/publish')} data-testid="console-publish">
            {t('opendata.console.publish')}
          </Button>
        </Space>
      </Flex>
      {(overdue.data?.total ?? 0) > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="console-overdue-alert"
          title={t('opendata.console.overdueAlert', { count: overdue.data!.total })}
          description={
            <Space size={[8, 4]} wrap>
              {overdue.data!.items.map((d) => (
                <Link key={d.id} to={`/opendata/console/datasets/${d.id}`}>
                  {d.title}（{t('opendata.overdue', { days: d.freshness.overdueDays })}）
                </Link>
              ))}
            </Space>
          }
        />
      )}
      <UsageChart title={t('opendata.console.usageAll')} t={t} />
      {list.error !== null ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<DatasetSummary>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          data-testid="console-datasets"
          scroll={{ x: 'max-content' }}
          rowClassName={(d) => (d.status === 'published' && d.freshness.overdue ? 'yw-console-overdue' : '')}
          locale={{ emptyText: t('opendata.console.empty') }}
          pagination={{ current: page, pageSize, total: list.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: PAGE_SIZES, showTotal: (total) => t('common.total', { total }), onChange: setPage }}
          columns={[
            {
              title: t('opendata.dataset'),
              render: (_, d) => (
                <Flex vertical>
                  <Link to={`/opendata/console/datasets/${d.id}`}>{d.title}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {d.name}
                  </Typography.Text>
                </Flex>
              ),
            },
            { title: t('opendata.console.status'), width: 90, render: (_, d) => <StatusTag status={d.status} t={t} /> },
            {
              title: t('opendata.console.freshness'),
              width: 170,
              render: (_, d) => (d.status === 'published' ? <FreshnessTag dataset={d} t={t} /> : <Tag>{t('opendata.console.notChecked')}</Tag>),
            },
            { title: t('opendata.facet.frequency'), width: 90, render: (_, d) => frequencyLabel(t, d.frequency) },
            { title: t('opendata.dataUpdatedAt'), width: 110, render: (_, d) => day(d.dataUpdatedAt) },
            { title: t('opendata.dueAt'), width: 110, render: (_, d) => day(d.freshness.dueAt) },
            { title: t('opendata.totals.downloads'), width: 80, align: 'right', render: (_, d) => d.downloads },
            { title: t('opendata.totals.apiCalls'), width: 90, align: 'right', render: (_, d) => d.apiCalls },
            {
              title: t('opendata.console.actions'),
              width: 130,
              fixed: 'right',
              render: (_, d) => (
                <Button size="small" icon={<CloudUploadOutlined />} danger={d.freshness.overdue && d.status === 'published'} onClick={() => void openUpdate(d)} data-testid={`console-record-${d.name}`}>
                  {t('opendata.console.recordUpdate')}
                </Button>
              ),
            },
          ]}
        />
      )}
      <RecordUpdateModal
        dataset={updating}
        t={t}
        onClose={() => setUpdating(null)}
        onDone={() => {
          setUpdating(null);
          reload();
        }}
      />
    </Flex>
  );
}
