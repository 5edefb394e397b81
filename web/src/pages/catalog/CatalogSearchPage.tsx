import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, List, Row, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { catalogApi, FACET_KEYS, type ResourceSummary } from '../../api/catalog';
import { hasPermission, useMe } from '../../auth/AuthContext';
import { PageTitle } from '../../components/PageTitle';
import { SearchBox } from '../../components/SearchBox';
import { SearchResults } from '../../components/SearchResults';
import { formatDateTime } from '../../format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useFacetParams } from '../../hooks/useFacetParams';
import { PAGE_SIZES, useListParams } from '../../hooks/useListParams';
import { useI18n, type Translate } from '../../i18n';
import { FacetPanel } from './FacetPanel';
import { cycleLabel, GradeTag, Highlight, OpenTag, ShareTag, StatusTag } from './labels';
import './catalog.css';

function ResultItem({ item, tokens, t, locale }: { item: ResourceSummary; tokens: string[]; t: Translate; locale: 'zh-CN' | 'en-US' }) {
  return (
    <List.Item className="yw-catalog-item" data-testid="catalog-result">
      <List.Item.Meta
        title={
          <Flex justify="space-between" align="baseline" gap={16} wrap>
            <Link to={`/catalog/${item.id}`} style={{ fontSize: 16 }}>
              <Highlight text={item.name} tokens={tokens} />
            </Link>
            <Typography.Text type="secondary" className="yw-mono" style={{ fontSize: 12, fontWeight: 'normal' }}>
              {item.code}
            </Typography.Text>
          </Flex>
        }
        description={
          <Flex vertical gap={8}>
            <Space size={[0, 4]} wrap>
              <GradeTag grade={item.grade} t={t} />
              <ShareTag value={item.shareAttribute} t={t} />
              <OpenTag value={item.openAttribute} t={t} />
              <Tag>{cycleLabel(t, item.updateCycle)}</Tag>
              {item.status !== 'published' && <StatusTag status={item.status} t={t} />}
            </Space>
            {item.description !== '' && (
              <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0, color: 'rgba(0,0,0,0.75)' }}>
                <Highlight text={item.description} tokens={tokens} />
              </Typography.Paragraph>
            )}
            <Space separator="·" wrap size={8}>
              <span>{item.owner.name}</span>
              <span>{t('catalog.fieldCount', { count: item.fieldCount })}</span>
              <span>{t('catalog.updatedOn', { at: formatDateTime(item.updatedAt, locale).slice(0, 10) })}</span>
              {item.tags.length > 0 && (
                <span>
                  {item.tags.map((tag) => (
                    <Link key={tag} to={`/catalog?tag=${encodeURIComponent(tag)}`} style={{ marginRight: 8 }}>
                      #{tag}
                    </Link>
                  ))}
                </span>
              )}
            </Space>
          </Flex>
        }
      />
    </List.Item>
  );
}

/** 数据资源目录: Chinese full-text search with facets (checkbox groups with counts) and a paged list. */
export default function CatalogSearchPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const { params, page, pageSize, q, update } = useListParams();
  const tag = params.get('tag') ?? '';
  const { selected, selectionKey, setFacet, clearFacets } = useFacetParams(FACET_KEYS);
  const { data, error, loading, reload } = useApiQuery(
    (signal) => catalogApi.search({ page, pageSize, ...(q ? { q } : {}), ...(tag ? { tag } : {}), ...selected }, signal),
    [page, pageSize, q, tag, selectionKey],
  );

  return (
    <Flex vertical gap={16} data-testid="catalog-search-page">
      <Flex justify="space-between" align="center" wrap gap={16}>
        <PageTitle>{t('nav.catalog')}</PageTitle>
        {hasPermission(me, 'catalog.manage') && (
          <Link to="/catalog/new">
            <Button type="primary" icon={<PlusOutlined />}>
              {t('catalog.create')}
            </Button>
          </Link>
        )}
      </Flex>
      <Row gutter={[16, 16]} wrap={false}>
        <Col flex="240px">
          <Card size="small" style={{ padding: 8 }}>
            <FacetPanel facets={data?.facets} selected={selected} onChange={setFacet} onClear={() => clearFacets(['tag'])} t={t} />
          </Card>
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Card>
            <Flex vertical gap={12}>
              <SearchBox placeholder={t('catalog.searchPlaceholder')} />
              <Flex justify="space-between" align="center" wrap gap={8}>
                <Typography.Text type="secondary" data-testid="catalog-total">
                  {data ? t('catalog.result.count', { total: data.total }) : '\u00a0'}
                </Typography.Text>
                {tag !== '' && (
                  <Tag closable onClose={() => update({ tag: null, page: null })} color="processing">
                    #{tag}
                  </Tag>
                )}
              </Flex>
              <SearchResults<ResourceSummary>
                data={data}
                error={error}
                loading={loading}
                reload={reload}
                texts={{ partial: t('catalog.result.partial'), empty: t('catalog.result.empty') }}
                renderItem={(item, tokens) => <ResultItem item={item} tokens={tokens} t={t} locale={locale} />}
                pagination={{ showSizeChanger: true, pageSizeOptions: PAGE_SIZES, showTotal: (total) => t('common.total', { total }), hideOnSinglePage: false }}
              />
            </Flex>
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
