import { Table, type TableProps } from 'antd';
import type { Page, PageQuery } from '../api/client';
import { useApiQuery } from '../hooks/useApiQuery';
import { PAGE_SIZES, useListParams } from '../hooks/useListParams';
import { useT } from '../i18n';
import { ErrorState } from './ErrorState';

export interface PagedTableProps<T> extends Omit<TableProps<T>, 'dataSource' | 'pagination' | 'loading'> {
  /** Loads one page; `filterKey` must change whenever the filters `load` closes over change. */
  load: (query: PageQuery, signal: AbortSignal) => Promise<Page<T>>;
  filterKey: string;
}

/**
 * An antd Table over a server-paginated endpoint (`{ items, total, page, pageSize }`), with
 * page and page size kept in the URL. A failed load (403 included) replaces the table.
 */
export function PagedTable<T extends object>({ load, filterKey, ...tableProps }: PagedTableProps<T>) {
  const t = useT();
  const { page, pageSize, setPage } = useListParams();
  const { data, error, loading, reload } = useApiQuery(
    (signal) => load({ page, pageSize }, signal),
    [page, pageSize, filterKey],
  );

  if (error !== null) {
    return <ErrorState error={error} onRetry={reload} />;
  }
  return (
    <Table<T>
      {...tableProps}
      loading={loading}
      dataSource={data?.items ?? []}
      locale={{ emptyText: t('common.empty') }}
      scroll={{ x: 'max-content' }}
      pagination={{
        current: page,
        pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: PAGE_SIZES,
        showTotal: (total) => t('common.total', { total }),
        onChange: setPage,
      }}
    />
  );
}
