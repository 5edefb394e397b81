import { Card, Col, Row, Space } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { exchangeApi } from '../../api/exchange';
import { ErrorState } from '../../components/ErrorState';
import { PageTitle } from '../../components/PageTitle';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n } from '../../i18n';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

function Chart({ option }: { option: echarts.EChartsCoreOption }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) {
      return undefined;
    }
    const chart = echarts.init(host.current);
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={host} style={{ height: 320 }} />;
}

/** 使用统计: calls on my organisation's resources per day and per consumer. */
export default function ExchangeUsagePage() {
  const { t } = useI18n();
  const usage = useApiQuery((signal) => exchangeApi.usage({}, signal), []);
  const data = usage.data;
  const calls = t('exchange.usage.calls');
  const refused = t('exchange.usage.refused');
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>{t('nav.exchangeUsage')}</PageTitle>
      {usage.error ? <ErrorState error={usage.error} onRetry={usage.reload} /> : null}
      {data && (
        <Row gutter={16}>
          <Col span={14}>
            <Card title={t('exchange.usage.perDay')}>
              <Chart
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { data: [calls, refused] },
                  xAxis: { type: 'category', data: data.series.map((p) => p.day.slice(5)) },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: [
                    { name: calls, type: 'line', data: data.series.map((p) => p.calls) },
                    { name: refused, type: 'line', data: data.series.map((p) => p.refused) },
                  ],
                }}
              />
            </Card>
          </Col>
          <Col span={10}>
            <Card title={t('exchange.usage.perConsumer')}>
              <Chart
                option={{
                  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                  grid: { left: 8, right: 24, containLabel: true },
                  xAxis: { type: 'value', minInterval: 1 },
                  yAxis: { type: 'category', data: data.consumers.map((c) => c.consumerOrgName) },
                  series: [{ name: calls, type: 'bar', data: data.consumers.map((c) => c.calls) }],
                }}
              />
            </Card>
          </Col>
        </Row>
      )}
    </Space>
  );
}
