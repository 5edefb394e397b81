import { Card, Col, Flex, Row, Skeleton, Statistic, Table, Typography, theme } from 'antd';
import { lazy, Suspense, useCallback, useMemo } from 'react';
import { Link } from 'react-router-dom';
import { homeApi, type AuditSummary } from '../../api/home';
import { hasPermission, useMe } from '../../auth/AuthContext';
import { Clipped } from '../../components/Clipped';
import { ErrorState } from '../../components/ErrorState';
import { formatDateTime } from '../../format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { isMessageKey, useI18n } from '../../i18n';

const FiguresChart = lazy(() => import('./FiguresChart'));

/** The city overview: real figures from `GET /home` and the latest audit records. */
export default function HomePage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const { token } = theme.useToken();
  // The server sends no recent audit records to those who may not read the audit log.
  const canReadAudit = hasPermission(me, 'audit.read');
  const { data, error, reload } = useApiQuery((signal) => homeApi.summary(signal), []);

  const figureLabel = useCallback(
    (key: string) => {
      const messageKey = `figure.${key}`;
      return isMessageKey(messageKey) ? t(messageKey) : key;
    },
    [t],
  );
  const bars = useMemo(
    () => (data?.figures ?? []).map((figure) => ({ label: figureLabel(figure.key), value: figure.value })),
    [data, figureLabel],
  );

  if (error !== null && data === undefined) {
    return <ErrorState error={error} onRetry={reload} />;
  }
  if (data === undefined) {
    return (
      <div data-testid="home-loading">
        <Skeleton active title paragraph={{ rows: 1 }} />
        <Row gutter={[16, 16]}>
          {Array.from({ length: 8 }, (_, index) => (
            <Col key={index} xs={24} sm={12} lg={6}>
              <Card loading />
            </Col>
          ))}
        </Row>
      </div>
    );
  }

  return (
    <Flex vertical gap={24} data-testid="home-page">
      <div>
        <Typography.Title level={3} className="yw-page-title" style={{ marginBottom: 4 }}>
          {t('home.title', { city: data.city.name })}
        </Typography.Title>
        <Typography.Text type="secondary">{t('home.subtitle', { code: data.city.code })}</Typography.Text>
      </div>

      <Row gutter={[16, 16]}>
        {data.figures.map((figure) => (
          <Col key={figure.key} xs={24} sm={12} lg={6}>
            <Card data-testid={`figure-${figure.key}`} data-figure-key={figure.key}>
              <Statistic title={figureLabel(figure.key)} value={figure.value} />
            </Card>
          </Col>
        ))}
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={canReadAudit ? 9 : 24}>
          <Card title={t('home.chart')} style={{ height: '100%' }}>
            <Suspense fallback={<Skeleton active />}>
              <FiguresChart bars={bars} color={token.colorPrimary} />
            </Suspense>
          </Card>
        </Col>
        {canReadAudit && (
          <Col xs={24} xl={15}>
            <Card
              title={t('home.recentAudit')}
              style={{ height: '100%' }}
              extra={<Link to="/audit">{t('home.allAudit')}</Link>}
            >
              <Table<AuditSummary>
                size="small"
                rowKey="seq"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={data.recentAudit}
                locale={{ emptyText: t('common.empty') }}
                columns={[
                  {
                    title: t('audit.at'),
                    dataIndex: 'at',
                    render: (at: string) => formatDateTime(at, locale),
                  },
                  {
                    title: t('audit.actor'),
                    dataIndex: 'actor',
                    render: (actor: string | null, record: { actorName: string | null }) =>
                actor === null ? t('common.system') : <Clipped text={record.actorName ?? actor} width={140} />,
                  },
                  {
                    title: t('audit.action'),
                    dataIndex: 'action',
                    render: (action: string) => <code className="yw-nowrap">{action}</code>,
                  },
                  {
                    title: t('audit.target'),
                    dataIndex: 'target',
                    render: (target: string | null) => (target === null ? '—' : <Clipped text={target} width={140} />),
                  },
                ]}
              />
            </Card>
          </Col>
        )}
      </Row>
    </Flex>
  );
}
