import { Button, Checkbox, Flex, Typography } from 'antd';
import { FACET_KEYS, type FacetCount, type FacetKey, type SearchResult } from '../../api/services';
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
  const anySelected = FACET_KEYS.some((key) => selected[key].length > 0);
  return (
    <Flex vertical gap={16} data-testid="services-facets">
      <Flex justify={title ? 'space-between' : 'flex-end'} align="center">
        {title && <Typography.Text strong>{t('services.facets')}</Typography.Text>}
        <Button type="link" size="small" disabled={!anySelected} onClick={onClear} style={{ padding: 0 }}>
          {t('services.facets.clear')}
        </Button>
      </Flex>
      {FACET_KEYS.map((key) => {
        const counted = facets?.[key] ?? [];
        const missing = selected[key].filter((value) => !counted.some((f) => f.value === value));
        const entries = [...counted, ...missing.map((value) => ({ value, label: null, count: 0 }))];
        return (
          <Flex vertical gap={6} key={key} data-testid={`services-facet-${key}`}>
            <Typography.Text type="secondary">{t(`services.facet.${key}`)}</Typography.Text>
            {entries.length === 0 ? (
              <Typography.Text type="secondary">{t('services.facets.empty')}</Typography.Text>
            ) : (
              <Checkbox.Group value={selected[key]} onChange={(values) => onChange(key, values)}>
                <Flex vertical gap={4}>
                  {entries.map((facet) => (
                    <Checkbox key={facet.value} value={facet.value}>
                      <Flex justify="space-between" gap={8}>
                        <span className="yw-services-facet-label" title={valueLabel(t, key, facet)}>
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
