import { useEffect, useState } from 'react';
import { catalogApi } from '../../api/catalog';

/**
 * Requests and grants name their fields by column (`id_number`); people read the catalog's
 * labels (公民身份号码). Loads each resource once; a name stays as it is until its label is
 * known, or when the catalog cannot be read.
 */
export function useFieldLabels(resourceIds: readonly string[]): (resourceId: string, names: readonly string[]) => string {
  const [labels, setLabels] = useState<ReadonlyMap<string, ReadonlyMap<string, string>>>(new Map());
  const wanted = [...new Set(resourceIds)].sort().join(',');

  useEffect(() => {
    const missing = wanted === '' ? [] : wanted.split(',').filter((id) => !labels.has(id));
    if (missing.length === 0) {
      return undefined;
    }
    const controller = new AbortController();
    void Promise.all(
      missing.map((id) =>
        catalogApi
          .get(id, controller.signal)
          .then((resource) => [id, new Map(resource.fields.map((f) => [f.name, f.label]))] as const)
          .catch(() => [id, new Map<string, string>()] as const),
      ),
    ).then((loaded) => {
      if (!controller.signal.aborted) {
        setLabels((current) => new Map([...current, ...loaded]));
      }
    });
    return () => controller.abort();
    // Not on `labels`: what was just loaded must not load again.
  }, [wanted]);

  return (resourceId, names) => names.map((name) => labels.get(resourceId)?.get(name) ?? name).join('、');
}
