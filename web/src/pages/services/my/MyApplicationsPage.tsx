import { RightOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, List, Pagination, Spin, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ErrorState } from '../../../components/ErrorState';
import { formatDateTime } from '../../../format';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { useListParams } from '../../../hooks/useListParams';
import { useI18n } from '../../../i18n';
import { myApi, type ApplicationSummary } from '../applications-api';
import { MyTabs } from './MyTabs';
import { RequireApplicant, usePortalBase } from './SignIn';
import { DeadlineText, StatusTag, stepLabel } from './status';
import './apply.css';

function Applications() {
  const { t, locale } = useI18n();
  const base = usePortalBase();
  const { page, pageSize, setPage } = useListParams();
  const { data, error, loading, reload } = useApiQuery((signal) => myApi.list({ page, pageSize }, signal), [page, pageSize]);
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
    return (
      <Empty description={t('services.my.noApplications')}>
        <Link to={base}>{t('services.my.findItems')}</Link>
      </Empty>
    );
  }
  return (
    <Flex vertical gap={12}>
      <List<ApplicationSummary>
        loading={loading}
        dataSource={data.items}
        renderItem={(a) => (
          <Link to={`${base}/my/applications/${a.id}`} className="yw-apply-row" data-testid="my-application" data-number={a.number}>
            <Card size="small" hoverable>
              <Flex justify="space-between" align="center" gap={8}>
                <Flex vertical gap={4} style={{ minWidth: 0 }}>
                  <Flex gap={8} wrap align="center">
                    <Typography.Text strong>{a.item.name}</Typography.Text>
                    <StatusTag status={a.status} t={t} />
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <span className="yw-services-mono">{a.number}</span> · {formatDateTime(a.submittedAt, locale)}
                  </Typography.Text>
                  <Typography.Text style={{ fontSize: 13 }}>
                    {a.step !== null ? `${t('services.my.currentStep')}：${stepLabel(t, a.step)} · ` : ''}
                    <DeadlineText deadline={a.deadline} t={t} />
                  </Typography.Text>
                </Flex>
                <RightOutlined style={{ color: '#999' }} />
              </Flex>
            </Card>
          </Link>
        )}
      />
      {data.total > pageSize && <Pagination current={page} pageSize={pageSize} total={data.total} onChange={setPage} size="small" align="center" />}
    </Flex>
  );
}

/** 我的办件: the applicant's applications, newest first. */
export default function MyApplicationsPage() {
  return (
    <RequireApplicant>
      <MyTabs active="applications" />
      <Applications />
    </RequireApplicant>
  );
}
