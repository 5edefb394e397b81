import { Card, Space, Table, Typography } from 'antd';
import { exchangeApi, type Grant } from '../../api/exchange';
import { hasPermission, useMe } from '../../auth/AuthContext';
import { ErrorState } from '../../components/ErrorState';
import { PageTitle } from '../../components/PageTitle';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useI18n } from '../../i18n';
import { ApiKeysCard } from './ApiKeysCard';
import { FieldsCell, PeriodCell, StateTag, TwoLines } from './labels';
import { useFieldLabels } from './useFieldLabels';

/** 我的授权: grants my organisation holds, with state and expiry; the keys its systems call with. */
export default function ExchangeGrantsPage() {
  const { t } = useI18n();
  const me = useMe();
  const grants = useApiQuery((signal) => exchangeApi.grants('consumer', signal), []);
  const fieldLabels = useFieldLabels((grants.data?.items ?? []).map((g) => g.resource.id));
  const managesKeys = me.organisation !== null && hasPermission(me, 'apikey.manage');
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>{t('nav.exchangeGrants')}</PageTitle>
      <Card title={t('exchange.grants.title')}>
        {grants.error ? (
          <ErrorState error={grants.error} onRetry={grants.reload} />
        ) : (
          <Table<Grant>
            rowKey="id"
            loading={grants.loading}
            dataSource={grants.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: t('exchange.grants.empty') }}
            data-testid="exchange-grants"
            columns={[
              { title: t('exchange.resource'), width: 210, render: (_, g) => <TwoLines main={g.resource.name} sub={g.resource.code} code /> },
              { title: t('exchange.purpose'), dataIndex: 'purpose' },
              { title: t('exchange.grantedFields'), width: 230, render: (_, g) => <FieldsCell labels={fieldLabels(g.resource.id, g.fields)} clearText={g.clearText} /> },
              { title: t('exchange.periodAndRate'), width: 180, render: (_, g) => <PeriodCell {...g} /> },
              { title: t('exchange.state'), width: 90, render: (_, g) => <StateTag status={g.status} /> },
              { title: t('exchange.revokeReason'), width: 170, render: (_, g) => <Typography.Text type="secondary">{g.revokeReason}</Typography.Text> },
            ]}
          />
        )}
      </Card>
      {managesKeys ? <ApiKeysCard organisationId={me.organisation!.id} /> : <Typography.Paragraph type="secondary">{t('exchange.grants.hint')}</Typography.Paragraph>}
    </Space>
  );
}
