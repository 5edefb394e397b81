import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, List, Progress, Spin, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { ErrorState } from '../../../components/ErrorState';
import { formatDateTime } from '../../../format';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { useI18n, type Translate } from '../../../i18n';
import { bundlesApi, type BundleApplication } from '../applications-api';
import { MyTabs } from './MyTabs';
import { RatingCard } from './RatingCard';
import { RequireApplicant, usePortalBase } from './SignIn';
import { DeadlineText, StatusTag } from './status';
import './apply.css';

const BUNDLE_COLOURS: Record<BundleApplication['status'], string> = { processing: 'processing', completed: 'success', rejected: 'warning' };

function BundleCard({ application, t, detailed }: { application: BundleApplication; t: Translate; detailed: boolean }) {
  const { locale } = useI18n();
  const base = usePortalBase();
  return (
    <Card size="small" data-testid="my-bundle" data-number={application.number}>
      <Flex vertical gap={8}>
        <Flex justify="space-between" gap={8} align="center" wrap>
          {detailed ? (
            <Typography.Text strong>{application.bundle.name}</Typography.Text>
          ) : (
            <Link to={`${base}/my/bundles/${application.id}`}>
              <Typography.Text strong>{application.bundle.name}</Typography.Text>
            </Link>
          )}
          <Tag color={BUNDLE_COLOURS[application.status]}>{t(`services.bundle.status.${application.status}`)}</Tag>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <span className="yw-services-mono">{application.number}</span> · {formatDateTime(application.submittedAt, locale)}
        </Typography.Text>
        <Progress percent={Math.round((application.childrenFinished / Math.max(1, application.childrenTotal)) * 100)} format={() => `${application.childrenFinished}/${application.childrenTotal}`} size="small" />
        {detailed && (
          <List
            size="small"
            dataSource={application.children}
            renderItem={(child) => (
              <List.Item style={{ paddingInline: 0 }}>
                <Flex vertical gap={2} style={{ minWidth: 0 }}>
                  <Flex gap={6} wrap align="center">
                    <Link to={`${base}/my/applications/${child.id}`}>{child.item.name}</Link>
                    <StatusTag status={child.status} t={t} />
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {child.organisation.name} · <span className="yw-services-mono">{child.number}</span>
                  </Typography.Text>
                  <DeadlineText deadline={child.deadline} t={t} />
                </Flex>
              </List.Item>
            )}
          />
        )}
      </Flex>
    </Card>
  );
}

function Bundles() {
  const { t } = useI18n();
  const base = usePortalBase();
  const { data, error, reload } = useApiQuery((signal) => bundlesApi.mine({ page: 1, pageSize: 50 }, signal), []);
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
  if (data.items.length === 0) {
    return (
      <Empty description={t('services.bundle.none')}>
        <Link to={`${base}/bundles`}>{t('services.bundle.title')}</Link>
      </Empty>
    );
  }
  return (
    <Flex vertical gap={8}>
      {data.items.map((application) => (
        <BundleCard key={application.id} application={application} t={t} detailed={false} />
      ))}
    </Flex>
  );
}

/** 我的一件事: the applicant's bundle applications with their progress. */
export default function MyBundlesPage() {
  return (
    <RequireApplicant>
      <MyTabs active="bundles" />
      <Bundles />
    </RequireApplicant>
  );
}

function BundleDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const { data, error, reload } = useApiQuery((signal) => bundlesApi.get(id, signal), [id]);
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
  return (
    <Flex vertical gap={12}>
      <BundleCard application={data} t={t} detailed />
      {data.status !== 'processing' && <RatingCard target={{ kind: 'bundle', id: data.id }} t={t} />}
    </Flex>
  );
}

/** `…/my/bundles/:id`: one bundle application, each item's application, 好差评 once all are finished. */
export function MyBundlePage() {
  const { t } = useI18n();
  const base = usePortalBase();
  const { id = '' } = useParams();
  return (
    <Flex vertical gap={12}>
      <Link to={`${base}/my/bundles`}>
        <ArrowLeftOutlined /> {t('services.my.bundles')}
      </Link>
      <RequireApplicant>
        <BundleDetail id={id} />
      </RequireApplicant>
    </Flex>
  );
}
