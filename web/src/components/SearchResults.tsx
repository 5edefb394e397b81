import { Alert, Card, Col, Collapse, Flex, List, Pagination, type PaginationProps } from 'antd';
import type { ReactNode } from 'react';
import { useListParams } from '../hooks/useListParams';
import { ErrorState } from './ErrorState';

/** What the full-text search APIs answer, as far as the result list needs it. */
export interface SearchAnswer<T> {
  items: T[];
  total: number;
  /** `any`: nothing matched every word, these match some. */
  match: 'all' | 'any' | null;
  tokens: string[];
}

/**
 * A search's results: a note when the match is partial, the list (or the failure), and the
 * pager bound to the URL's page and page size.
 */
export function SearchResults<T>(props: {
  data: SearchAnswer<T> | null | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  texts: { partial: string; empty: string };
  renderItem: (item: T, tokens: string[]) => ReactNode;
  pagination: Omit<PaginationProps, 'current' | 'pageSize' | 'total' | 'onChange'>;
}) {
  const { data, error, loading, reload, texts, renderItem, pagination } = props;
  const { page, pageSize, setPage } = useListParams();
  return (
    <>
      {data?.match === 'any' && <Alert type="info" showIcon title={texts.partial} />}
      {error !== null ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <List<T> loading={loading} dataSource={data?.items ?? []} locale={{ emptyText: texts.empty }} renderItem={(item) => renderItem(item, data?.tokens ?? [])} />
      )}
      <Flex justify="flex-end">
        <Pagination {...pagination} current={page} pageSize={pageSize} total={data?.total ?? 0} onChange={setPage} />
      </Flex>
    </>
  );
}

/** A public search's facets: a 240px column on a wide screen, a collapsed panel on a phone. */
export function FacetColumn({ wide, label, children }: { wide: boolean; label: string; children: ReactNode }) {
  return wide ? (
    <Col flex="240px">
      <Card size="small">{children}</Card>
    </Col>
  ) : (
    <Col span={24}>
      <Collapse size="small" items={[{ key: 'facets', label, children }]} />
    </Col>
  );
}
