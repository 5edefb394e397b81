/**
 * The deterministic serialisation that licenses are signed over: the JSON Canonicalization
 * Scheme of RFC 8785 for the values a license holds, encoded as UTF-8.
 *
 * - objects: members sorted by key in UTF-16 code-unit order (JavaScript's default string
 *   sort), members whose value is `undefined` left out, no whitespace anywhere;
 * - arrays keep their order; strings are escaped as `JSON.stringify` escapes them;
 * - numbers as ECMAScript prints them (`JSON.stringify`); NaN and ±Infinity are refused;
 * - `true`, `false`, `null` as themselves. Anything else (dates, bigints, functions) is refused.
 *
 * Two documents with the same content therefore give the same bytes whatever the key order
 * or spacing they arrived with, and `JSON.parse` of the output gives the content back.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$');
}

/** {@link canonicalJson} as the UTF-8 bytes that are signed. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';
}

function serialise(value: unknown, path: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new CanonicalJsonError(`${path}: ${value} has no JSON form`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => serialise(item, `${path}[${i}]`)).join(',')}]`;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const members = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${serialise((value as Record<string, unknown>)[key], `${path}.${key}`)}`);
    return `{${members.join(',')}}`;
  }
  throw new CanonicalJsonError(`${path}: a ${typeof value} has no canonical JSON form`);
}
