import { Button, Checkbox, Flex, Typography } from 'antd';

/** How many results have one value of a facet, as the search APIs count them. */
export interface FacetValueCount {
  value: string;
  label: string | null;
  count: number;
}

/**
 * The facets of a search as checkbox groups with counts. A value that is selected but no
 * longer counted still shows (with 0), so it can be unticked.
 */
export function FacetPanel<K extends string>({
  keys,
  facets,
  selected,
  onChange,
  onClear,
  texts,
  valueLabel,
  testId,
  compact = false,
}: {
  keys: readonly K[];
  facets: Record<K, FacetValueCount[]> | undefined;
  selected: Record<K, string[]>;
  onChange: (key: K, values: string[]) => void;
  onClear: () => void;
  /** `title` null: the panel sits under a heading of its own. */
  texts: { title: string | null; clear: string; empty: string; facet: (key: K) => string };
  valueLabel: (key: K, facet: FacetValueCount) => string;
  /** The panel's test id; each group's is `${groupTestId}-${key}`. */
  testId: { panel: string; group: string };
  /** Tighter spacing (the public portal). */
  compact?: boolean;
}) {
  const anySelected = keys.some((key) => selected[key].length > 0);
  return (
    <Flex vertical gap={compact ? 16 : 20} data-testid={testId.panel}>
      <Flex justify={texts.title === null ? 'flex-end' : 'space-between'} align="center">
        {texts.title !== null && <Typography.Text strong>{texts.title}</Typography.Text>}
        <Button type="link" size="small" disabled={!anySelected} onClick={onClear} style={{ padding: 0 }}>
          {texts.clear}
        </Button>
      </Flex>
      {keys.map((key) => {
        const counted = facets?.[key] ?? [];
        const missing = selected[key].filter((value) => !counted.some((f) => f.value === value));
        const entries = [...counted, ...missing.map((value) => ({ value, label: null, count: 0 }))];
        return (
          <Flex vertical gap={compact ? 6 : 8} key={key} data-testid={`${testId.group}-${key}`}>
            <Typography.Text type="secondary">{texts.facet(key)}</Typography.Text>
            {entries.length === 0 ? (
              <Typography.Text type="secondary">{texts.empty}</Typography.Text>
            ) : (
              <Checkbox.Group value={selected[key]} onChange={(values) => onChange(key, values)}>
                <Flex vertical gap={compact ? 4 : 6}>
                  {entries.map((facet) => (
                    <Checkbox key={facet.value} value={facet.value}>
                      <Flex justify="space-between" gap={8} className={compact ? undefined : 'yw-facet-option'}>
                        <span className={compact ? 'yw-services-facet-label' : 'yw-facet-label'} title={valueLabel(key, facet)}>
                          {valueLabel(key, facet)}
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
