import { AppstoreOutlined, FireOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Card, Col, Flex, Grid, List, Row, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { FACET_KEYS, servicesApi, type ItemSummary } from '../../api/services';
import { SearchBox } from '../../components/SearchBox';
import { FacetColumn, SearchResults } from '../../components/SearchResults';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useFacetParams } from '../../hooks/useFacetParams';
import { PAGE_SIZES, useListParams } from '../../hooks/useListParams';
import { useI18n, type Translate } from '../../i18n';
import { Highlight } from '../catalog/labels';
import { FacetPanel } from './FacetPanel';
import { daysLabel, DepthTag, levelLabel, typeLabel } from './labels';
import './services.css';

function HighFrequency({ t }: { t: Translate }) {
  const { data } = useApiQuery((signal) => servicesApi.highFrequency(signal), []);
  if (!data || data.items.length === 0) {
    return null;
  }
  return (
    <Card
      size="small"
      title={
        <Space>
          <FireOutlined style={{ color: '#fa541c' }} />
          {t('services.highFrequency')}
        </Space>
      }
      data-testid="services-high-frequency"
    >
      <Row gutter={[8, 8]}>
        {data.items.map((item) => (
          <Col key={item.id} xs={12} sm={8} lg={6}>
            <Link to={item.code}>
              <Card size="small" hoverable className="yw-services-hf-card">
                <div className="yw-services-hf-name">{item.name}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                  {item.organisation.name}
                </Typography.Text>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function ResultItem({ item, tokens, t }: { item: ItemSummary; tokens: string[]; t: Translate }) {
  return (
    <List.Item className="yw-services-item" data-testid="services-result">
      <List.Item.Meta
        title={
          <Link to={item.code} style={{ fontSize: 16 }}>
            <Highlight text={item.name} tokens={tokens} />
          </Link>
        }
        description={
          <Flex vertical gap={6}>
            <Typography.Text type="secondary">
              {item.organisation.name} · {levelLabel(t, item.level)}
            </Typography.Text>
            <Space size={[0, 4]} wrap>
              <Tag>{typeLabel(t, item.type)}</Tag>
              <DepthTag depth={item.onlineDepth} t={t} />
              <Tag>{t('services.promised', { value: daysLabel(t, item.promisedLimitDays) })}</Tag>
              {item.licenseReplaceable > 0 && (
                <Tag color="processing" icon={<SafetyCertificateOutlined />}>
                  {t('services.licenseReplaceable', { count: item.licenseReplaceable })}
                </Tag>
              )}
              {item.crossRegion.length > 0 && <Tag color="purple">{t('services.crossRegion')}</Tag>}
              {item.free && <Tag color="cyan">{t('services.free')}</Tag>}
            </Space>
          </Flex>
        }
      />
    </List.Item>
  );
}

/** 办事服务: search items with facets, and the high-frequency list; works without a session. */
export default function ServiceSearchPage() {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const { page, pageSize, q } = useListParams();
  const { selected, selectionKey, setFacet, clearFacets } = useFacetParams(FACET_KEYS);
  const { data, error, loading, reload } = useApiQuery(
    (signal) => servicesApi.search({ page, pageSize, ...(q ? { q } : {}), ...selected }, signal),
    [page, pageSize, q, selectionKey],
  );
  const browsing = q === '' && page === 1 && FACET_KEYS.every((key) => selected[key].length === 0);
  const facets = <FacetPanel facets={data?.facets} selected={selected} onChange={setFacet} onClear={() => clearFacets()} t={t} title={screens.md === true} />;

  return (
    <Flex vertical gap={12} data-testid="services-search-page">
      <SearchBox placeholder={t('services.search.placeholder')} />
      {browsing && (
        <Link to="bundles" data-testid="services-bundles-link">
          <Card size="small" hoverable>
            <Flex gap={8} align="center" wrap>
              <AppstoreOutlined style={{ color: '#1554ad', fontSize: 18 }} />
              <Typography.Text strong>{t('services.bundle.title')}</Typography.Text>
              <Typography.Text type="secondary">{t('services.bundle.intro')}</Typography.Text>
            </Flex>
          </Card>
        </Link>
      )}
      {browsing && <HighFrequency t={t} />}
      <Row gutter={[12, 12]}>
        <FacetColumn wide={screens.md === true} label={t('services.facets')}>
          {facets}
        </FacetColumn>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Card size="small">
            <Flex vertical gap={8}>
              <Typography.Text type="secondary" data-testid="services-total">
                {data ? t('services.result.count', { total: data.total }) : '\u00a0'}
              </Typography.Text>
              <SearchResults<ItemSummary>
                data={data}
                error={error}
                loading={loading}
                reload={reload}
                texts={{ partial: t('services.result.partial'), empty: t('services.result.empty') }}
                renderItem={(item, tokens) => <ResultItem item={item} tokens={tokens} t={t} />}
                pagination={{
                  size: screens.md ? undefined : 'small',
                  showSizeChanger: screens.md,
                  pageSizeOptions: PAGE_SIZES,
                  showTotal: screens.md ? (total) => t('common.total', { total }) : undefined,
                }}
              />
            </Flex>
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
