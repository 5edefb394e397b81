import { sql, type SelectQueryBuilder } from 'kysely';
import { selectPage, tablesOf, type Executor, type PageWindow } from '../../kernel/db/index.js';
import { arrayHolds, countFacet, countFacets, matchesText, phraseInNameBonus, textRank, type FacetCount } from '../../kernel/text/index.js';
import type { Item, ItemType, Level, OnlineDepth, Status, Subject } from './services.model.js';
import type { ServicesTables } from './services.tables.js';
import { itemColumns, toItem } from './item.repository.js';

/** The dimensions counted for every search. */
export const FACETS = ['department', 'type', 'depth'] as const;
export type FacetKey = (typeof FACETS)[number];

/** The filters of an item search, shared by the service and this repository. */
export interface ItemFilters {
  /** Implementing organisations (ids). */
  department?: string[] | undefined;
  type?: ItemType[] | undefined;
  depth?: OnlineDepth[] | undefined;
  level?: Level[] | undefined;
  subject?: Subject | undefined;
  /** A city whose residents may apply here (跨域通办). */
  region?: string | undefined;
  highFrequency?: boolean | undefined;
  /** Staff searches only; the public sees published items alone. */
  status?: Status[] | undefined;
}

export interface SearchFilter extends ItemFilters {
  /** `public`: published items only; otherwise items of organisations under this division prefix. */
  scope: 'public' | { regionPrefix: string };
  /** A tsquery literal built by `textQuery`, or null for no text condition. */
  tsquery: string | null;
  /** The search's words run together; a name or alias containing it ranks higher. */
  phrase?: string | undefined;
}

/** `label` is the organisation's name for `department`, null for the other facets. */
export type { FacetCount };

const columnOf = { department: 'i.org_id', type: 'i.type', depth: 'i.online_depth' } as const satisfies Record<FacetKey, string>;

type Query<O> = SelectQueryBuilder<ServicesTables & { i: ServicesTables['services_item'] }, 'i', O>;

/**
 * Name hits (A) weigh most, then aliases (B), organisation and materials (C), codes (D).
 * A name containing the search as typed gains in proportion to how much of the name it
 * covers, more when the name starts with it; an alias equal to it (迁户口) gains as much as
 * a name that starts with it.
 */
function rankOf(tsquery: string, phrase: string) {
  const words = textRank('i.search_vector', tsquery);
  if (phrase === '') {
    return words;
  }
  const name = phraseInNameBonus('i.name', phrase);
  const alias = sql<number>`case when exists (select 1 from unnest(i.aliases) as a(alias) where lower(a.alias) = ${phrase}::text) then 0.75
    when exists (select 1 from unnest(i.aliases) as a(alias) where strpos(lower(a.alias), ${phrase}::text) > 0) then 0.25 else 0 end`;
  return sql<number>`(${words} + ${name} + ${alias})::float8`;
}

/** Applies the scope and every filter but `except` (disjunctive faceting). */
function applyFilter<O>(query: Query<O>, filter: SearchFilter, except?: FacetKey): Query<O> {
  let q = filter.scope === 'public' ? query.where('i.status', '=', 'published') : query.where('i.org_division_code', 'like', `${filter.scope.regionPrefix}%`);
  if (filter.scope !== 'public' && filter.status !== undefined && filter.status.length > 0) {
    q = q.where('i.status', 'in', filter.status);
  }
  if (filter.tsquery !== null) {
    q = q.where(matchesText('i.search_vector', filter.tsquery));
  }
  for (const key of FACETS) {
    const values = filter[key];
    if (key !== except && values !== undefined && values.length > 0) {
      q = q.where(columnOf[key], 'in', values);
    }
  }
  if (filter.level !== undefined && filter.level.length > 0) {
    q = q.where('i.level', 'in', filter.level);
  }
  if (filter.subject !== undefined) {
    q = q.where(arrayHolds('i.subjects', filter.subject));
  }
  if (filter.region !== undefined) {
    q = q.where(arrayHolds('i.cross_region', filter.region));
  }
  if (filter.highFrequency !== undefined) {
    q = q.where('i.high_frequency', '=', filter.highFrequency);
  }
  return q;
}

/** Item search, facets and the high-frequency list; Kysely only. */
export function createSearchRepository(executor: Executor) {
  const db = tablesOf<ServicesTables>(executor);
  const from = () => db.selectFrom('services_item as i');

  return {
    /**
     * One page of matching items, best first; without a text query, high-frequency items
     * first (by their rank), then by name.
     */
    async search(filter: SearchFilter, page: PageWindow): Promise<{ items: Array<Item & { score: number }>; total: number }> {
      const text = filter.tsquery;
      const query = applyFilter(from().select(itemColumns.map((c) => `i.${c}` as const)), filter)
        .select(text !== null ? rankOf(text, filter.phrase ?? '').as('score') : sql<number>`0`.as('score'))
        .$if(text !== null, (q) => q.orderBy('score', 'desc'))
        .orderBy(sql`i.high_frequency_rank asc nulls last`)
        .orderBy('i.name')
        .orderBy('i.code');
      const { rows, total } = await selectPage(query, applyFilter(from(), filter), page);
      return { items: rows.map((row) => ({ ...toItem(row), score: Number(row.score) })), total };
    },

    /** Counts per value of every facet, most frequent first. */
    facets(filter: SearchFilter): Promise<Record<FacetKey, FacetCount[]>> {
      return countFacets(FACETS, (key) => countFacet(applyFilter(from(), filter, key), columnOf[key], key === 'department' ? 'i.org_name' : undefined));
    },

    /** Published high-frequency items in their list order. */
    async highFrequency(limit: number): Promise<Item[]> {
      const rows = await from()
        .select(itemColumns.map((c) => `i.${c}` as const))
        .where('i.status', '=', 'published')
        .where('i.high_frequency', '=', true)
        .orderBy(sql`i.high_frequency_rank asc nulls last`)
        .orderBy('i.name')
        .limit(limit)
        .execute();
      return rows.map(toItem);
    },
  };
}

export type SearchRepository = ReturnType<typeof createSearchRepository>;
