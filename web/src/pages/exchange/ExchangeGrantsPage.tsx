import { Card, Space, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { exchangeApi, type Grant } from '../../api/exchange';
import { ErrorState } from '../../components/ErrorState';
import { PageTitle } from '../../components/PageTitle';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n } from '../../i18n';
import { StateTag } from './labels';

/** 我的授权: grants my organisation holds, with state and expiry. */
export default function ExchangeGrantsPage() {
  const { t } = useI18n();
  const grants = useApiQuery((signal) => exchangeApi.grants('consumer', signal), []);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>{t('nav.exchangeGrants')}</PageTitle>
      <Typography.Paragraph type="secondary">
        {t('exchange.grants.hint')} <Link to="/org/organisations">{t('exchange.grants.keys')}</Link>
      </Typography.Paragraph>
      <Card>
        {grants.error ? (
          <ErrorState error={grants.error} onRetry={grants.reload} />
        ) : (
          <Table<Grant>
            rowKey="id"
            loading={grants.loading}
            dataSource={grants.data?.items ?? []}
            pagination={false}
            columns={[
              { title: t('exchange.resource'), render: (_, g) => g.resource.name },
              { title: t('exchange.resourceCode'), render: (_, g) => <Typography.Text code>{g.resource.code}</Typography.Text> },
              { title: t('exchange.fields'), render: (_, g) => g.fields.join('、') },
              { title: t('exchange.period'), render: (_, g) => `${g.validFrom} ~ ${g.validTo}` },
              { title: t('exchange.rate'), dataIndex: 'ratePerMinute' },
              { title: t('exchange.clearText'), render: (_, g) => (g.clearText ? t('exchange.yes') : t('exchange.no')) },
              { title: t('exchange.state'), render: (_, g) => <StateTag status={g.status} /> },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
