import { Button, Checkbox, Flex, Typography } from 'antd';
import { FACET_KEYS, type FacetCount, type FacetKey, type SearchResult } from '../../api/catalog';
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

/**
 * The facets of the current search as checkbox groups with counts. A value that is
 * selected but no longer counted still shows (with 0), so it can be unticked.
 */
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
  const anySelected = FACET_KEYS.some((key) => selected[key].length > 0);
  return (
    <Flex vertical gap={20} data-testid="catalog-facets">
      <Flex justify="space-between" align="center">
        <Typography.Text strong>{t('catalog.facets')}</Typography.Text>
        <Button type="link" size="small" disabled={!anySelected} onClick={onClear} style={{ padding: 0 }}>
          {t('catalog.facets.clear')}
        </Button>
      </Flex>
      {FACET_KEYS.map((key) => {
        const counted = facets?.[key] ?? [];
        const missing = selected[key].filter((value) => !counted.some((f) => f.value === value));
        const entries = [...counted, ...missing.map((value) => ({ value, label: null, count: 0 }))];
        return (
          <Flex vertical gap={8} key={key} data-testid={`facet-${key}`}>
            <Typography.Text type="secondary">{t(`catalog.facet.${key}`)}</Typography.Text>
            {entries.length === 0 ? (
              <Typography.Text type="secondary">{t('catalog.facets.empty')}</Typography.Text>
            ) : (
              <Checkbox.Group value={selected[key]} onChange={(values) => onChange(key, values)}>
                <Flex vertical gap={6}>
                  {entries.map((facet) => (
                    <Checkbox key={facet.value} value={facet.value}>
                      <Flex justify="space-between" gap={8} className="yw-facet-option">
                        <span className="yw-facet-label" title={valueLabel(t, key, facet)}>
                          {valueLabel(t, key, facet)}
                        </span>
                        <Typography.Text type="secondary">{facet.count}</Typography.Text>
                      </Flex>
                    </Checkbox>
                  ))}
                </Flex>
              </Checkbox.Group>
            )}
          </Flex>
        );
      })}
    </Flex>
  );
}
