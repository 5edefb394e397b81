import { Card, Flex, Segmented, Table } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { opendataApi, type Statistics } from '../../api/opendata';
import { ErrorState } from '../../components/ErrorState';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n } from '../../i18n';
import { EChart, type ChartOption } from '../exchange/EChart';

/** Public use statistics: downloads and API calls per day, and the most used datasets. */
export default function StatisticsPage() {
  const { t } = useI18n();
  const [days, setDays] = useState(30);
  const { data, error, loading, reload } = useApiQuery((signal) => opendataApi.statistics(days, signal), [days]);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('opendata.totals.downloads'), t('opendata.totals.apiCalls')] },
      grid: { left: 40, right: 16, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: (data?.days ?? []).map((d) => d.day.slice(5)) },
      yAxis: { type: 'value' },
      series: [
        { name: t('opendata.totals.downloads'), type: 'bar', data: (data?.days ?? []).map((d) => d.downloads) },
        { name: t('opendata.totals.apiCalls'), type: 'line', smooth: true, data: (data?.days ?? []).map((d) => d.apiCalls) },
      ],
    }),
    [data, t],
  );
  if (error !== null) {
    return <ErrorState error={error} onRetry={reload} />;
  }
  return (
    <Flex vertical gap={12} data-testid="opendata-statistics">
      <Card
        size="small"
        title={t('opendata.statistics')}
        extra={<Segmented size="small" value={days} options={[7, 30, 90].map((value) => ({ value, label: t('opendata.days', { days: value }) }))} onChange={(value) => setDays(Number(value))} />}
      >
        <EChart option={option} height={300} testId="opendata-usage-chart" />
      </Card>
      <Card size="small" title={t('opendata.mostUsed')}>
        <Table<Statistics['top'][number]>
          size="small"
          loading={loading}
          rowKey="name"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={data?.top ?? []}
          columns={[
            { key: 'title', title: t('opendata.dataset'), render: (_, row) => <Link to={`/opendata/datasets/${row.name}`}>{row.title}</Link> },
            { key: 'owner', dataIndex: 'owner', title: t('opendata.facet.owner') },
            { key: 'downloads', dataIndex: 'downloads', title: t('opendata.totals.downloads'), align: 'right' },
            { key: 'apiCalls', dataIndex: 'apiCalls', title: t('opendata.totals.apiCalls'), align: 'right' },
          ]}
        />
      </Card>
    </Flex>
  );
}
