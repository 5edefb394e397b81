import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

export const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;

function positiveInt(raw: string | null, fallback: number): number {
  const value = raw === null ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/**
 * Paging and search state of a list page, kept in the URL (`?page=&pageSize=&q=`) so that
 * reload, links and the back button keep the user's place.
 */
export function useListParams() {
  const [params, setParams] = useSearchParams();
  const page = positiveInt(params.get('page'), 1);
  const pageSizeRaw = positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE);
  const pageSize = PAGE_SIZES.includes(pageSizeRaw) ? pageSizeRaw : DEFAULT_PAGE_SIZE;
  const q = params.get('q') ?? '';

  const update = useCallback(
    (changes: Record<string, string | number | null>) => {
      setParams((current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') {
            next.delete(key);
          } else {
            next.set(key, String(value));
          }
        }
        if (next.get('page') === '1') {
          next.delete('page');
        }
        if (next.get('pageSize') === String(DEFAULT_PAGE_SIZE)) {
          next.delete('pageSize');
        }
        return next;
      });
    },
    [setParams],
  );

  const setPage = useCallback(
    (nextPage: number, nextPageSize: number) =>
      update({ page: nextPageSize === pageSize ? nextPage : 1, pageSize: nextPageSize }),
    [update, pageSize],
  );
  const setQuery = useCallback((nextQ: string) => update({ q: nextQ.trim(), page: null }), [update]);

  return { params, page, pageSize, q, setPage, setQuery, update };
}
