import { sql } from 'kysely';

/** A value for a jsonb column, sent as JSON text (the same on PostgreSQL and PGlite). */
export const jsonb = (value: unknown) => sql<string>`${JSON.stringify(value)}::text::jsonb`;

/** A value for a json column: kept as written, key order too. */
export const json = (value: unknown) => sql<string>`${JSON.stringify(value)}::text::json`;

/** A value for a tsvector column, from a literal built by `searchVectorLiteral`. */
export const tsvector = (literal: string) => sql<string>`${literal}::tsvector`;

/**
 * The columns an optimistic-concurrency update of a publishable row sets besides its
 * content (the caller also matches `version`): the next version, the time, and the first
 * publication time, set when the row is published and kept once it was.
 */
export function nextPublishedVersion(published: boolean) {
  return {
    version: sql<number>`version + 1`,
    updated_at: new Date(),
    published_at: published ? sql<Date>`coalesce(published_at, now())` : sql<Date | null>`published_at`,
  };
}
