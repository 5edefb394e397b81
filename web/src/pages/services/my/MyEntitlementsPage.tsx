import { GiftOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, Pagination, Spin, Tag, Typography } from 'antd';
import { ErrorState } from '../../../components/ErrorState';
import { formatDateTime } from '../../../format';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { useListParams } from '../../../hooks/useListParams';
import { useI18n } from '../../../i18n';
import { entitlementsApi } from '../applications-api';
import { MyTabs } from './MyTabs';
import { RequireApplicant } from './SignIn';
import './apply.css';

function Entitlements() {
  const { t, locale } = useI18n();
  const { page, pageSize, setPage } = useListParams();
  const { data, error, reload } = useApiQuery((signal) => entitlementsApi.mine({ page, pageSize }, signal), [page, pageSize]);
  if (error !== null) {
    return <ErrorState error={error} onRetry={reload} />;
  }
  if (data === undefined) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  }
  if (data.total === 0) {
    return <Empty description={t('services.entitlement.none')} />;
  }
  return (
    <Flex vertical gap={8}>
      {data.items.map((e) => (
        <Card key={e.id} size="small" data-testid="my-entitlement">
          <Flex vertical gap={4}>
            <Flex justify="space-between" gap={8} align="center" wrap>
              <Typography.Text strong>
                <GiftOutlined style={{ color: '#d4380d' }} /> {e.policy.name}
              </Typography.Text>
              <Tag color="volcano">{e.period === 'once' ? t('services.entitlement.once') : e.period}</Tag>
            </Flex>
            <Typography.Text>{e.policy.benefit}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.policy.organisationName} · {t('services.entitlement.grantedAt', { time: formatDateTime(e.createdAt, locale) })}
            </Typography.Text>
          </Flex>
        </Card>
      ))}
      {data.total > pageSize && <Pagination current={page} pageSize={pageSize} total={data.total} onChange={setPage} size="small" align="center" />}
    </Flex>
  );
}

/** 免申即享: benefits the applicant receives without applying. */
export default function MyEntitlementsPage() {
  return (
    <RequireApplicant>
      <MyTabs active="entitlements" />
      <Entitlements />
    </RequireApplicant>
  );
}
