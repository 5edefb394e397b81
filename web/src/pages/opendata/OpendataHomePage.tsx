import { Button, Card, Checkbox, Col, Flex, Grid, List, Row, Segmented, Space, Statistic, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { FACET_KEYS, opendataApi, type DatasetSummary, type FacetCount, type FacetKey, type SearchQuery, type SearchResult, type Vocabulary } from '../../api/opendata';
import { SearchBox } from '../../components/SearchBox';
import { FacetColumn, SearchResults } from '../../components/SearchResults';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useFacetParams } from '../../hooks/useFacetParams';
import { useListParams } from '../../hooks/useListParams';
import { useI18n, type Translate } from '../../i18n';
import { Highlight } from '../catalog/labels';
import { AccessTag, day, frequencyLabel, FreshnessTag } from './labels';

const SORTS = ['relevance', 'modified', 'newest', 'popular'] as const;

function valueLabel(t: Translate, vocabulary: Vocabulary | undefined, key: FacetKey, facet: FacetCount): string {
  switch (key) {
    case 'owner':
    case 'division':
      return facet.label ?? facet.value;
    case 'theme':
      return vocabulary?.themes.find((v) => v.code === facet.value)?.name ?? facet.value;
    case 'licence':
      return vocabulary?.licences.find((v) => v.id === facet.value)?.title ?? facet.value;
    case 'frequency':
      return frequencyLabel(t, facet.value);
    case 'format':
      return facet.value;
  }
}

function Facets(props: {
  facets: SearchResult['facets'] | undefined;
  selected: Record<FacetKey, string[]>;
  vocabulary: Vocabulary | undefined;
  onChange: (key: FacetKey, values: string[]) => void;
  t: Translate;
}) {
  const { facets, selected, vocabulary, onChange, t } = props;
  return (
    <Flex vertical gap={16} data-testid="opendata-facets">
      {FACET_KEYS.map((key) => {
        const counted = facets?.[key] ?? [];
        const missing = selected[key].filter((value) => !counted.some((f) => f.value === value));
        const entries = [...counted, ...missing.map((value) => ({ value, label: null, count: 0 }))];
        return (
          <Flex vertical gap={6} key={key} data-testid={`opendata-facet-${key}`}>
            <Typography.Text type="secondary">{t(`opendata.facet.${key}`)}</Typography.Text>
            <Checkbox.Group value={selected[key]} onChange={(values) => onChange(key, values)}>
              <Flex vertical gap={4}>
                {entries.slice(0, 12).map((facet) => (
                  <Checkbox key={facet.value} value={facet.value}>
                    <Flex justify="space-between" gap={8}>
                      <span className="yw-services-facet-label">{valueLabel(t, vocabulary, key, facet)}</span>
                      <Typography.Text type="secondary">{facet.count}</Typography.Text>
                    </Flex>
                  </Checkbox>
                ))}
              </Flex>
            </Checkbox.Group>
          </Flex>
        );
      })}
    </Flex>
  );
}

export function DatasetItem({ dataset, tokens, vocabulary, t }: { dataset: DatasetSummary; tokens: string[]; vocabulary: Vocabulary | undefined; t: Translate }) {
  return (
    <List.Item className="yw-opendata-item" data-testid="opendata-result">
      <Flex vertical gap={6} style={{ width: '100%' }}>
        <Link to={`/opendata/datasets/${dataset.name}`} className="yw-opendata-item-title">
          <Highlight text={dataset.title} tokens={tokens} />
        </Link>
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
          {dataset.description}
        </Typography.Paragraph>
        <Space size={[4, 4]} wrap>
          <Link to={`/opendata/departments/${dataset.owner.code}`}>{dataset.owner.name}</Link>
          <Tag>{vocabulary?.themes.find((v) => v.code === dataset.theme)?.name ?? dataset.theme}</Tag>
          <AccessTag access={dataset.access} t={t} />
          <FreshnessTag dataset={dataset} t={t} />
          {dataset.formats.map((format) => (
            <Tag key={format} bordered={false}>
              {format}
            </Tag>
          ))}
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('opendata.item.meta', { updated: day(dataset.dataUpdatedAt), rows: dataset.rowCount, downloads: dataset.downloads, calls: dataset.apiCalls })}
        </Typography.Text>
      </Flex>
    </List.Item>
  );
}

function Figures({ t }: { t: Translate }) {
  const { data } = useApiQuery((signal) => opendataApi.home(signal), []);
  if (!data) {
    return null;
  }
  const figures = [
    ['opendata.totals.datasets', data.totals.datasets],
    ['opendata.totals.owners', data.totals.owners],
    ['opendata.totals.rows', data.totals.rows],
    ['opendata.totals.downloads', data.totals.downloads],
    ['opendata.totals.apiCalls', data.totals.apiCalls],
    ['opendata.totals.overdue', data.totals.overdue],
  ] as const;
  return (
    <Flex vertical gap={12}>
      <Card size="small" className="yw-opendata-figures" data-testid="opendata-figures">
        <Row gutter={[12, 12]}>
          {figures.map(([key, value]) => (
            <Col key={key} xs={8} md={4}>
              <Statistic title={t(key)} value={value} valueStyle={key === 'opendata.totals.overdue' && value > 0 ? { color: '#cf1322' } : undefined} />
            </Col>
          ))}
        </Row>
      </Card>
      <Row gutter={[12, 12]}>
        {(
          [
            ['opendata.newest', data.newest],
            ['opendata.mostUsed', data.mostUsed],
          ] as const
        ).map(([key, list]) => (
          <Col key={key} xs={24} md={12}>
            <Card size="small" title={t(key)} data-testid={key === 'opendata.newest' ? 'opendata-newest' : 'opendata-most-used'}>
              <List
                size="small"
                dataSource={list}
                renderItem={(d) => (
                  <List.Item extra={<Typography.Text type="secondary">{key === 'opendata.newest' ? day(d.createdAt) : t('opendata.downloadsCount', { count: d.downloads })}</Typography.Text>}>
                    <Link to={`/opendata/datasets/${d.name}`}>{d.title}</Link>
                  </List.Item>
                )}
              />
            </Card>
          </Col>
        ))}
      </Row>
    </Flex>
  );
}

/** 公共数据开放 home: figures, newest and most used, and the search with facets. */
export default function OpendataHomePage() {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const { params, page, pageSize, q } = useListParams();
  const { selected, selectionKey, setFacet, change } = useFacetParams(FACET_KEYS);
  const sort = (params.get('sort') as SearchQuery['sort'] | null) ?? undefined;
  const overdue = params.get('overdue') === 'true';
  const { data: vocabulary } = useApiQuery((signal) => opendataApi.vocabulary(signal), []);
  const { data, error, loading, reload } = useApiQuery(
    (signal) => opendataApi.search({ page, pageSize, ...(q ? { q } : {}), ...(sort ? { sort } : {}), overdue, facets: selected }, signal),
    [page, pageSize, q, sort, overdue, selectionKey],
  );
  const browsing = q === '' && page === 1 && !overdue && FACET_KEYS.every((key) => selected[key].length === 0);
  const facets = <Facets facets={data?.facets} selected={selected} vocabulary={vocabulary} onChange={setFacet} t={t} />;

  return (
    <Flex vertical gap={12} data-testid="opendata-home">
      <SearchBox placeholder={t('opendata.search.placeholder')} />
      {browsing && <Figures t={t} />}
      <Row gutter={[12, 12]}>
        <FacetColumn wide={screens.md === true} label={t('opendata.facets')}>
          {facets}
        </FacetColumn>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Card size="small">
            <Flex vertical gap={8}>
              <Flex justify="space-between" align="center" wrap gap={8}>
                <Typography.Text type="secondary" data-testid="opendata-total">
                  {data ? t('opendata.result.count', { total: data.total }) : '\u00a0'}
                </Typography.Text>
                <Space wrap>
                  <Segmented
                    size="small"
                    value={sort ?? (q ? 'relevance' : 'modified')}
                    options={SORTS.map((value) => ({ value, label: t(`opendata.sort.${value}`) }))}
                    onChange={(value) => change((next) => next.set('sort', String(value)))}
                  />
                  <Button size="small" danger={overdue} type={overdue ? 'primary' : 'default'} onClick={() => change((next) => (overdue ? next.delete('overdue') : next.set('overdue', 'true')))}>
                    {t('opendata.onlyOverdue')}
                  </Button>
                </Space>
              </Flex>
              <SearchResults<DatasetSummary>
                data={data}
                error={error}
                loading={loading}
                reload={reload}
                texts={{ partial: t('opendata.result.partial'), empty: t('opendata.result.empty') }}
                renderItem={(dataset, tokens) => <DatasetItem dataset={dataset} tokens={tokens} vocabulary={vocabulary} t={t} />}
                pagination={{ size: screens.md ? undefined : 'small', showSizeChanger: false }}
              />
            </Flex>
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
