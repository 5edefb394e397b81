import { AppstoreOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, List, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ErrorState } from '../../../components/ErrorState';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { useI18n } from '../../../i18n';
import { bundlesApi, type Bundle } from '../applications-api';
import { usePortalBase } from './SignIn';
import './apply.css';

/** 一件事一次办: the published themes, each with the items and departments it combines; no session needed. */
export default function BundlesPage() {
  const { t } = useI18n();
  const base = usePortalBase();
  const { data, error, reload } = useApiQuery((signal) => bundlesApi.list(signal), []);
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
      <Typography.Title level={4} style={{ margin: 0 }}>
        <AppstoreOutlined /> {t('services.bundle.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('services.bundle.intro')}</Typography.Text>
      {data.items.length === 0 ? (
        <Empty />
      ) : (
        <div className="yw-apply-license-grid">
          {data.items.map((bundle: Bundle) => (
            <Card key={bundle.code} size="small" title={bundle.name} data-testid="bundle" extra={<Tag>{t(bundle.applicantKind === 'person' ? 'services.subject.natural_person' : 'services.subject.legal_person')}</Tag>}>
              <Flex vertical gap={8}>
                <Typography.Text type="secondary">{bundle.summary}</Typography.Text>
                <List
                  size="small"
                  dataSource={bundle.items}
                  renderItem={(item, index) => (
                    <List.Item style={{ paddingInline: 0 }}>
                      <Flex vertical style={{ minWidth: 0 }}>
                        <Link to={`${base}/${item.code}`}>
                          {index + 1}. {item.name}
                        </Link>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {item.organisationName}
                        </Typography.Text>
                      </Flex>
                    </List.Item>
                  )}
                />
                <Link to={`${base}/bundles/${bundle.code}`}>
                  <Button type="primary" block data-testid="bundle-apply">
                    {t('services.bundle.apply')}
                  </Button>
                </Link>
              </Flex>
            </Card>
          ))}
        </div>
      )}
    </Flex>
  );
}
