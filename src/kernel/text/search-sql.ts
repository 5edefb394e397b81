import { sql, type SelectQueryBuilder } from 'kysely';
import type { TextQuery } from './chinese-search.js';

/** How many rows have one value of a facet; `label` names the value where it is an id. */
export interface FacetCount {
  value: string;
  label: string | null;
  count: number;
}

/** Whether the tsvector column `vector` (e.g. `r.search_vector`) matches a tsquery literal. */
export function matchesText(vector: string, tsquery: string) {
  return sql<boolean>`${sql.ref(vector)} @@ ${tsquery}::tsquery`;
}

/** Whether the text[] column `column` holds `value`. */
export function arrayHolds(column: string, value: string) {
  return sql<boolean>`${sql.ref(column)} @> array[${value}]::text[]`;
}

/** ts_rank of `vector` against a tsquery literal; weights D, C, B, A: 0.05, 0.2, 0.4, 1. */
export function textRank(vector: string, tsquery: string) {
  return sql<number>`ts_rank('{0.05,0.2,0.4,1.0}'::float4[], ${sql.ref(vector)}, ${tsquery}::tsquery)`;
}

/**
 * What a name (column `name`) containing `phrase` (the search as typed, lower case) adds to
 * the rank: up to 0.5 for how much of the name it covers, 0.25 more when the name starts
 * with it, 0 when it does not contain it.
 */
export function phraseInNameBonus(name: string, phrase: string) {
  const at = sql<number>`strpos(lower(${sql.ref(name)}), ${phrase}::text)`;
  return sql<number>`case when ${at} > 0 then 0.5 * char_length(${phrase}::text) / char_length(${sql.ref(name)}) + case when ${at} = 1 then 0.25 else 0 end else 0 end`;
}

/**
 * Counts the rows of `query` (filtered already) per value of `column`, most frequent first,
 * then by value; `label` (an aggregate such as `max(r.owner_name)`) names each value.
 */
export async function countFacet<DB, TB extends keyof DB>(query: SelectQueryBuilder<DB, TB, object>, column: string, label?: string): Promise<FacetCount[]> {
  const rows = await query
    .select([
      sql<string>`${sql.ref(column)}::text`.as('value'),
      (label === undefined ? sql<string | null>`null` : sql<string | null>`max(${sql.ref(label)})`).as('label'),
      sql<number | string>`count(*)`.as('n'),
    ])
    .groupBy(sql.ref(column))
    .orderBy(sql.ref('n'), 'desc')
    .orderBy(sql.ref('value'))
    .$castTo<{ value: string; label: string | null; n: number | string }>()
    .execute();
  return rows.map((row) => ({ value: row.value, label: row.label, count: Number(row.n) }));
}

/** The counts of every facet in `keys`, counted together. */
export async function countFacets<K extends string>(keys: readonly K[], count: (key: K) => Promise<FacetCount[]>): Promise<Record<K, FacetCount[]>> {
  const entries = await Promise.all(keys.map(async (key) => [key, await count(key)] as const));
  return Object.fromEntries(entries) as Record<K, FacetCount[]>;
}

/** A page of a text search, and which of the query's words it matched. */
export interface TextSearchPage<T> {
  items: T[];
  total: number;
  /** `all`: every word matched; `any`: none matched all, these match some; null without a query. */
  match: 'all' | 'any' | null;
  /** The words the query was segmented into. */
  tokens: string[];
  /** The tsquery literal the page was found with (null without a query), for the facets. */
  tsquery: string | null;
}

/**
 * Runs `search` with every word of `text` required; when nothing has them all and there
 * are several words, runs it again with any of them. Without `text`, runs it once with no
 * text condition (null).
 */
export async function searchAllThenAny<T>(
  text: TextQuery | null,
  search: (tsquery: string | null) => Promise<{ items: T[]; total: number }>,
): Promise<TextSearchPage<T>> {
  if (text === null) {
    return { ...(await search(null)), match: null, tokens: [], tsquery: null };
  }
  const all = await search(text.all);
  if (all.total > 0 || text.tokens.length <= 1) {
    return { ...all, match: 'all', tokens: text.tokens, tsquery: text.all };
  }
  return { ...(await search(text.any)), match: 'any', tokens: text.tokens, tsquery: text.any };
}
