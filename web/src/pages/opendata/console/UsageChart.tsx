import { Card, Segmented } from 'antd';
import { useMemo, useState } from 'react';
import { ErrorState } from '../../../components/ErrorState';
import { useApiQuery } from '../../../hooks/useApiQuery';
import type { Translate } from '../../../i18n';
import { EChart, type ChartOption } from '../../exchange/EChart';
import { consoleApi } from './api';

/** Downloads (bars) and API calls (line) per day: of one dataset, or of all my department's. */
export function UsageChart({ dataset, title, t }: { dataset?: string; title: string; t: Translate }) {
  const [days, setDays] = useState(30);
  const { data, error, reload } = useApiQuery((signal) => consoleApi.usage(days, dataset, signal), [days, dataset]);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('opendata.totals.downloads'), t('opendata.totals.apiCalls')] },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: (data?.days ?? []).map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('opendata.totals.downloads'), type: 'bar', data: (data?.days ?? []).map((d) => d.downloads) },
        { name: t('opendata.totals.apiCalls'), type: 'line', smooth: true, data: (data?.days ?? []).map((d) => d.apiCalls) },
      ],
    }),
    [data, t],
  );
  return (
    <Card
      size="small"
      title={title}
      extra={<Segmented size="small" value={days} options={[7, 30, 90].map((value) => ({ value, label: t('opendata.days', { days: value }) }))} onChange={(value) => setDays(Number(value))} />}
    >
      {error !== null ? <ErrorState error={error} onRetry={reload} /> : <EChart option={option} height={240} testId="console-usage-chart" />}
    </Card>
  );
}
