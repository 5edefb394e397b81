/**
 * Gathers the keys asked for in one turn of the event loop and loads them with one call
 * (one query for the callers that arrived together). A key asked for alone, or a batch
 * whose call fails (one invalid key fails it), is loaded on its own, so that each caller
 * gets exactly what a single load would have given it, error included.
 */
export function createBatchLoader<K, V>(loadMany: (keys: K[]) => Promise<V[]>, loadOne: (key: K) => Promise<V>): (key: K) => Promise<V> {
  let gathering: { keys: K[]; loaded: Promise<V[] | null> } | null = null;
  return (key) => {
    if (!gathering) {
      const keys: K[] = [];
      const loaded = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        gathering = null;
        return keys.length === 1 ? null : loadMany(keys).catch(() => null);
      });
      gathering = { keys, loaded };
    }
    const index = gathering.keys.push(key) - 1;
    return gathering.loaded.then((values) => (values ? values[index]! : loadOne(key)));
  };
}
