import { FACET_KEYS, type FacetCount, type FacetKey, type SearchResult } from '../../api/services';
import { FacetPanel as SharedFacetPanel } from '../../components/FacetPanel';
import type { Translate } from '../../i18n';
import { depthLabel, typeLabel } from './labels';

function valueLabel(t: Translate, key: FacetKey, facet: FacetCount): string {
  switch (key) {
    case 'department':
      return facet.label ?? facet.value;
    case 'type':
      return typeLabel(t, facet.value as never);
    case 'depth':
      return depthLabel(t, facet.value as never);
  }
}

/** The service items' facets (department, type, depth) for the search page. */
export function FacetPanel({
  facets,
  selected,
  onChange,
  onClear,
  t,
  title = true,
}: {
  facets: SearchResult['facets'] | undefined;
  selected: Record<FacetKey, string[]>;
  onChange: (key: FacetKey, values: string[]) => void;
  onClear: () => void;
  t: Translate;
  /** False where the panel sits under its own heading (the phone's collapsible filter). */
  title?: boolean;
}) {
  return (
    <SharedFacetPanel
      keys={FACET_KEYS}
      facets={facets}
      selected={selected}
      onChange={onChange}
      onClear={onClear}
      texts={{
        title: title ? t('services.facets') : null,
        clear: t('services.facets.clear'),
        empty: t('services.facets.empty'),
        facet: (key) => t(`services.facet.${key}`),
      }}
      valueLabel={(key, facet) => valueLabel(t, key, facet)}
      testId={{ panel: 'services-facets', group: 'services-facet' }}
      compact
    />
  );
}
