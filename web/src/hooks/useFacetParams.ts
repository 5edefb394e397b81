import { useCallback, useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { useListParams } from './useListParams';

/**
 * A faceted search's selection, kept in the URL with one repeated parameter per facet
 * (`type=a&type=b`). Every change goes back to page 1.
 */
export function useFacetParams<K extends string>(keys: readonly K[]) {
  const navigate = useNavigate();
  const { params } = useListParams();
  const selected = useMemo(() => Object.fromEntries(keys.map((key) => [key, params.getAll(key)])) as Record<K, string[]>, [keys, params]);

  const change = useCallback(
    (edit: (next: URLSearchParams) => void) => {
      const next = new URLSearchParams(params);
      edit(next);
      next.delete('page');
      void navigate({ search: next.toString() });
    },
    [params, navigate],
  );
  const setFacet = useCallback(
    (key: K, values: string[]) =>
      change((next) => {
        next.delete(key);
        values.forEach((value) => next.append(key, value));
      }),
    [change],
  );
  /** Unticks every facet, and drops the `also` parameters too. */
  const clearFacets = useCallback((also: string[] = []) => change((next) => [...keys, ...also].forEach((key) => next.delete(key))), [change, keys]);
  /** The selection as one string, for a query's dependency key. */
  const selectionKey = keys.map((key) => selected[key].join(',')).join('|');

  return { selected, selectionKey, setFacet, clearFacets, change };
}
