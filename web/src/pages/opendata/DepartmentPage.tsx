import { Card, Col, Flex, List, Row, Statistic, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { opendataApi, type DatasetSummary } from '../../api/opendata';
import { ErrorState } from '../../components/ErrorState';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n } from '../../i18n';
import { DatasetItem } from './OpendataHomePage';

/** A department's open data: its datasets, how many are overdue, how much they are used. */
export default function DepartmentPage() {
  const { t } = useI18n();
  const { code = '' } = useParams();
  const { data: vocabulary } = useApiQuery((signal) => opendataApi.vocabulary(signal), []);
  const { data, error, loading, reload } = useApiQuery((signal) => opendataApi.department(code, signal), [code]);
  if (error !== null) {
    return <ErrorState error={error} onRetry={reload} />;
  }
  return (
    <Flex vertical gap={12} data-testid="opendata-department">
      <Card size="small">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {data?.name ?? '\u00a0'}
        </Typography.Title>
        <Row gutter={[12, 12]} className="yw-opendata-figures">
          <Col xs={12} md={6}>
            <Statistic title={t('opendata.totals.datasets')} value={data?.total ?? 0} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('opendata.totals.overdue')} value={data?.overdue ?? 0} valueStyle={data && data.overdue > 0 ? { color: '#cf1322' } : undefined} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('opendata.totals.downloads')} value={data?.downloads ?? 0} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('opendata.totals.apiCalls')} value={data?.apiCalls ?? 0} />
          </Col>
        </Row>
      </Card>
      <Card size="small">
        <List<DatasetSummary> loading={loading} dataSource={data?.datasets ?? []} renderItem={(dataset) => <DatasetItem dataset={dataset} tokens={[]} vocabulary={vocabulary} t={t} />} />
      </Card>
    </Flex>
  );
}
