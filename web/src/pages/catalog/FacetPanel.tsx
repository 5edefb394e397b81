import { FACET_KEYS, type FacetCount, type FacetKey, type SearchResult } from '../../api/catalog';
import { FacetPanel as SharedFacetPanel } from '../../components/FacetPanel';
import type { Translate } from '../../i18n';
import { cycleLabel, gradeLabel, openLabel, shareLabel, statusLabel } from './labels';

function valueLabel(t: Translate, key: FacetKey, facet: FacetCount): string {
  switch (key) {
    case 'owner':
      return facet.label ?? facet.value;
    case 'grade':
      return gradeLabel(t, facet.value as never);
    case 'share':
      return shareLabel(t, facet.value as never);
    case 'open':
      return openLabel(t, facet.value as never);
    case 'cycle':
      return cycleLabel(t, facet.value as never);
    case 'status':
      return statusLabel(t, facet.value as never);
  }
}

/** The catalog's facets (owner, grade, share, open, cycle, status) for the search page. */
export function FacetPanel({
  facets,
  selected,
  onChange,
  onClear,
  t,
}: {
  facets: SearchResult['facets'] | undefined;
  selected: Record<FacetKey, string[]>;
  onChange: (key: FacetKey, values: string[]) => void;
  onClear: () => void;
  t: Translate;
}) {
  return (
    <SharedFacetPanel
      keys={FACET_KEYS}
      facets={facets}
      selected={selected}
      onChange={onChange}
      onClear={onClear}
      texts={{ title: t('catalog.facets'), clear: t('catalog.facets.clear'), empty: t('catalog.facets.empty'), facet: (key) => t(`catalog.facet.${key}`) }}
      valueLabel={(key, facet) => valueLabel(t, key, facet)}
      testId={{ panel: 'catalog-facets', group: 'facet' }}
    />
  );
}
