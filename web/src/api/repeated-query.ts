/**
 * `path?key=value…` with array values repeated (`type=a&type=b`), which the client's `query`
 * (one value per key) cannot express; empty strings, null and undefined are left out.
 */
export function withRepeatedQuery(path: string, query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (item !== undefined && item !== null && item !== '') {
        params.append(key, String(item));
      }
    }
  }
  return `${path}?${params.toString()}`;
}
