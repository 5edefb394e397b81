import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * `T | null` as `{ type: [T, 'null'] }` rather than `anyOf`: the response serializer
 * (fast-json-stringify) writes a type list directly, while `anyOf` makes it validate each
 * value to pick a branch — measurably slower on every nullable field of every response.
 * For scalar schemas (string, integer, number, boolean).
 */
export function Nullable<T extends TSchema & { type: 'string' | 'integer' | 'number' | 'boolean' }>(schema: T) {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] });
}
