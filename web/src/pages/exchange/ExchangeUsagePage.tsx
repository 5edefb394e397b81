import { Card, Col, Empty, Flex, Row, Segmented, Select, Space, Statistic } from 'antd';
import { useMemo, useState } from 'react';
import { exchangeApi, type Usage } from '../../api/exchange';
import { ErrorState } from '../../components/ErrorState';
import { PageTitle } from '../../components/PageTitle';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n, type Translate } from '../../i18n';
import { EChart, type ChartOption } from './EChart';

type Side = 'owner' | 'consumer';

const CALLS_COLOR = '#1677ff';
const REFUSED_COLOR = '#ff4d4f';

function dailyOption(usage: Usage, t: Translate): ChartOption {
  const calls = t('exchange.usage.calls');
  const refused = t('exchange.usage.refused');
  return {
    color: [CALLS_COLOR, REFUSED_COLOR],
    tooltip: { trigger: 'axis' },
    legend: { data: [calls, refused], top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'category', boundaryGap: false, data: usage.series.map((p) => p.day.slice(5)) },
    yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed', color: '#f0f0f0' } } },
    series: [
      { name: calls, type: 'line', showSymbol: false, areaStyle: { opacity: 0.08 }, data: usage.series.map((p) => p.calls) },
      { name: refused, type: 'line', showSymbol: false, data: usage.series.map((p) => p.refused) },
    ],
  };
}

function barsOption(bars: Array<{ label: string; calls: number; refused: number }>, t: Translate): ChartOption {
  const ordered = [...bars].reverse();
  return {
    color: [CALLS_COLOR, REFUSED_COLOR],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: [t('exchange.usage.calls'), t('exchange.usage.refused')], top: 0 },
    grid: { left: 8, right: 56, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed', color: '#f0f0f0' } } },
    yAxis: { type: 'category', data: ordered.map((b) => b.label), axisTick: { show: false } },
    series: [
      { name: t('exchange.usage.calls'), type: 'bar', barMaxWidth: 18, label: { show: true, position: 'right' }, data: ordered.map((b) => b.calls) },
      { name: t('exchange.usage.refused'), type: 'bar', barMaxWidth: 18, data: ordered.map((b) => b.refused) },
    ],
  };
}

/**
 * 使用统计 (共享服务运行监测): gateway calls over the last 30 days, per day, per consumer and per
 * resource — of my organisation's resources (owner) or of my organisation's systems (consumer).
 */
export default function ExchangeUsagePage() {
  const { t } = useI18n();
  const [side, setSide] = useState<Side>('owner');
  const [resourceId, setResourceId] = useState<string | undefined>(undefined);
  const grants = useApiQuery((signal) => exchangeApi.grants(side, signal), [side]);
  const usage = useApiQuery((signal) => exchangeApi.usage({ side, ...(resourceId ? { resourceId } : {}) }, signal), [side, resourceId]);
  const data = usage.data;

  const resources = useMemo(() => {
    const seen = new Map<string, string>();
    for (const grant of grants.data?.items ?? []) {
      seen.set(grant.resource.id, grant.resource.name);
    }
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [grants.data]);
  const daily = useMemo(() => (data ? dailyOption(data, t) : null), [data, t]);
  const perConsumer = useMemo(() => (data ? barsOption(data.consumers.map((c) => ({ label: c.consumerOrgName, ...c })), t) : null), [data, t]);
  const perResource = useMemo(() => (data ? barsOption(data.resources.map((r) => ({ label: r.resourceName, ...r })), t) : null), [data, t]);

  const total = data?.series.reduce((sum, p) => sum + p.calls, 0) ?? 0;
  const refused = data?.series.reduce((sum, p) => sum + p.refused, 0) ?? 0;
  const barsHeight = (count: number) => Math.max(200, 60 + count * 44);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>{t('nav.exchangeUsage')}</PageTitle>
      <Flex gap={16} wrap align="center">
        <Segmented<Side>
          value={side}
          onChange={(value) => {
            setSide(value);
            setResourceId(undefined);
          }}
          options={[
            { value: 'owner', label: t('exchange.usage.side.owner') },
            { value: 'consumer', label: t('exchange.usage.side.consumer') },
          ]}
          data-testid="usage-side"
        />
        <Select
          allowClear
          style={{ minWidth: 260 }}
          placeholder={t('exchange.usage.allResources')}
          value={resourceId}
          onChange={(value?: string) => setResourceId(value)}
          options={resources}
          data-testid="usage-resource"
        />
      </Flex>
      {usage.error ? <ErrorState error={usage.error} onRetry={usage.reload} /> : null}
      {data && (
        <>
          <Row gutter={16}>
            <Col span={6}>
              <Card>
                <Statistic title={t('exchange.usage.total')} value={total} />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title={t('exchange.usage.refusedTotal')} value={refused} styles={refused > 0 ? { content: { color: REFUSED_COLOR } } : {}} />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title={side === 'owner' ? t('exchange.usage.consumerCount') : t('exchange.usage.resourceCount')} value={side === 'owner' ? data.consumers.length : data.resources.length} />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title={t('exchange.usage.period')} value={`${data.from} ~ ${data.to}`} styles={{ content: { fontSize: 18 } }} />
              </Card>
            </Col>
          </Row>
          {total === 0 && refused === 0 ? (
            <Card>
              <Empty description={t('exchange.usage.empty')} data-testid="usage-empty" />
            </Card>
          ) : (
            <Row gutter={[16, 16]}>
              <Col span={24}>
                <Card title={t('exchange.usage.perDay')}>{daily && <EChart option={daily} height={300} testId="usage-daily" />}</Card>
              </Col>
              <Col span={12}>
                <Card title={t('exchange.usage.perConsumer')}>{perConsumer && <EChart option={perConsumer} height={barsHeight(data.consumers.length)} testId="usage-consumers" />}</Card>
              </Col>
              <Col span={12}>
                <Card title={t('exchange.usage.perResource')}>{perResource && <EChart option={perResource} height={barsHeight(data.resources.length)} testId="usage-resources" />}</Card>
              </Col>
            </Row>
          )}
        </>
      )}
    </Space>
  );
}
