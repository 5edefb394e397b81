/**
 * A small in-process map whose entries expire `ttlMs` after they were set: for rows that
 * every request reads and that rarely change (API keys, grants, catalog metadata). The
 * node that changes such a row deletes its entry at once; other nodes see the change when
 * their entry expires, so `ttlMs` bounds how stale another node may be.
 */
export interface TtlCache<K, V> {
  get(key: K, now?: number): V | undefined;
  set(key: K, value: V, now?: number): void;
  delete(key: K): void;
  /** Drops every entry whose value matches, e.g. all entries of a revoked grant. */
  deleteWhere(matches: (value: V) => boolean): void;
  clear(): void;
  readonly size: number;
}

export function createTtlCache<K, V>(options: { ttlMs: number; maxEntries?: number }): TtlCache<K, V> {
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<K, { value: V; expires: number }>();
  return {
    get(key, now = Date.now()) {
      const entry = entries.get(key);
      if (!entry) {
        return undefined;
      }
      if (entry.expires <= now) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value, now = Date.now()) {
      entries.delete(key);
      if (entries.size >= maxEntries) {
        // Maps iterate in insertion order: the first key is the oldest entry.
        entries.delete(entries.keys().next().value as K);
      }
      entries.set(key, { value, expires: now + options.ttlMs });
    },
    delete(key) {
      entries.delete(key);
    },
    deleteWhere(matches) {
      for (const [key, entry] of entries) {
        if (matches(entry.value)) {
          entries.delete(key);
        }
      }
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
